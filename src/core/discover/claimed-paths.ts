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
