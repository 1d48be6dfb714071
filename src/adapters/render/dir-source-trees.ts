// SourceTrees over plain directories: every repoURL resolves to one checkout directory (or to the
// directory registered for that URL). For tests and for simple uses of the orchestrator.
import { readdir, readFile, realpath } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import type { RepoTree, SourceTrees, TreeResult } from "../../core/ports.js";
import { normalizeRepoURL } from "../../core/argocd/repo-url.js";

async function walk(root: string, rel: string, out: string[]): Promise<void> {
  const entries = await readdir(join(root, rel), { withFileTypes: true });
  for (const e of entries) {
    if (rel === "" && e.name === ".git") continue;
    const p = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) await walk(root, p, out);
    else out.push(p);
  }
}

function isInside(root: string, p: string): boolean {
  const r = relative(root, p);
  return r === "" || (!r.startsWith(`..${sep}`) && r !== ".." && !r.startsWith(sep));
}

export interface CreateDirRepoTreeParams {
  dir: string;
  /** the commit this directory stands for (default "0000000…") */
  revision?: string;
}

export function createDirRepoTree(params: CreateDirRepoTreeParams): RepoTree {
  const dir = params.dir;
  let listing: Promise<string[]> | undefined;
  return {
    directory: async (_paths?: readonly string[]) => dir,
    revision: params.revision ?? "0".repeat(40),
    listFiles() {
      listing ??= (async () => {
        const out: string[] = [];
        await walk(dir, "", out);
        return out.sort();
      })();
      return listing;
    },
    async readFile(path: string) {
      try {
        const root = await realpath(dir);
        const full = await realpath(join(dir, path));
        if (!isInside(root, full)) return undefined;
        return await readFile(full, "utf8");
      } catch {
        return undefined;
      }
    },
  };
}

export interface CreateDirSourceTreesParams {
  /** directory that any repoURL not listed in `repos` resolves to; none: those are unavailable */
  dir?: string;
  revision?: string;
  /** extra repositories by URL (compared normalised, as Argo CD does) */
  repos?: Readonly<Record<string, string>>;
}

export function createDirSourceTrees(params: CreateDirSourceTreesParams): SourceTrees {
  const trees = new Map<string, RepoTree>();
  const treeFor = (dir: string) => {
    let t = trees.get(dir);
    if (!t) {
      t = createDirRepoTree({ dir, revision: params.revision });
      trees.set(dir, t);
    }
    return t;
  };
  const byURL = new Map(Object.entries(params.repos ?? {}).map(([u, d]) => [normalizeRepoURL(u), d] as const));
  return {
    async resolve({ repoURL }): Promise<TreeResult> {
      const dir = byURL.get(normalizeRepoURL(repoURL)) ?? params.dir;
      if (!dir) return { ok: false, reason: `repository ${repoURL} is not available offline` };
      return { ok: true, tree: treeFor(dir) };
    },
  };
}
