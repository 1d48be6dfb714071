// Which repository files an Application reads, for deciding which declared Applications are
// roots (applied by hand) and which are rendered by a parent (app-of-apps). A file under the
// source path of another app that reads this repository belongs to that app, whether or not its
// current render includes it: an app-of-apps that stops rendering it (recurse switched off,
// exclude added) prunes it, it does not become a root.
import type { AppSource } from "../model.js";

export function sourceDir(source: AppSource): string | undefined {
  if (source.chart || source.path === undefined) return undefined;
  const parts: string[] = [];
  for (const seg of source.path.split("/")) {
    if (seg === "" || seg === ".") continue;
    if (seg === "..") {
      if (parts.length === 0) return undefined;
      parts.pop();
    } else parts.push(seg);
  }
  return parts.join("/");
}

export function isUnder(file: string, dir: string): boolean {
  return dir === "" || file === dir || file.startsWith(`${dir}/`);
}

/**
 * `claimed(file)`: some claimer other than the file's own declaration reads a directory the file
 * is in (or the file itself), as `isUnder` says. Indexed by directory, so the cost is the depth of
 * the path, not the number of claimers: every Application file asks, and a monorepo has 10,000.
 */
export function indexClaims(claimers: readonly { owner: string; dir: string }[]): (file: string) => boolean {
  const owners = new Map<string, Set<string>>();
  for (const c of claimers) {
    let set = owners.get(c.dir);
    if (!set) owners.set(c.dir, (set = new Set()));
    set.add(c.owner);
  }
  const claimedAt = (dir: string, file: string): boolean => {
    const set = owners.get(dir);
    return set !== undefined && (set.size > 1 || !set.has(file));
  };
  return (file) => {
    if (claimedAt("", file)) return true;
    for (let i = file.indexOf("/"); i >= 0; i = file.indexOf("/", i + 1)) {
      if (i > 0 && claimedAt(file.slice(0, i), file)) return true;
    }
    return file !== "" && claimedAt(file, file);
  };
}
