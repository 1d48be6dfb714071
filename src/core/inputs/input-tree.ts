// A repository tree as the input-set computation sees it: a sorted listing with fast look-ups,
// an injected file reader and which paths are symlinks. Pure: the adapter supplies the reader.

export interface InputTree {
  /** The commit the tree is at; only used when a render can observe it (ARGOCD_APP_REVISION). */
  readonly revision: string;
  /** Every file path, repo-relative, posix, sorted by code unit. */
  readonly files: readonly string[];
  has(path: string): boolean;
  /** Files under `dir` ("" = all), recursively, sorted. */
  filesUnder(dir: string): readonly string[];
  readFile(path: string): Promise<string | undefined> | string | undefined;
  /** Symlinks are followed by the tools, so their target (not their blob) is what a render reads. */
  isSymlink(path: string): boolean;
}

export interface IndexInputTreeParams {
  revision?: string;
  files: readonly string[];
  readFile: (path: string) => Promise<string | undefined> | string | undefined;
  symlinks?: ReadonlySet<string>;
}

/** Builds the look-ups once per tree: a thousand applications query the same listing. */
export function indexInputTree(params: IndexInputTreeParams): InputTree {
  const files = isSorted(params.files) ? params.files : [...params.files].sort();
  const set = new Set(files);
  const symlinks = params.symlinks ?? new Set<string>();
  const memo = new Map<string, readonly string[]>();
  return {
    revision: params.revision ?? "",
    files,
    has: (path) => set.has(path),
    filesUnder(dir) {
      if (dir === "") return files;
      let hit = memo.get(dir);
      if (!hit) {
        // Paths sharing a prefix are contiguous in a sorted listing: binary search the first one.
        const prefix = `${dir}/`;
        let lo = 0;
        let hi = files.length;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if (files[mid]! < prefix) lo = mid + 1;
          else hi = mid;
        }
        const out: string[] = [];
        for (let i = lo; i < files.length && files[i]!.startsWith(prefix); i++) out.push(files[i]!);
        hit = out;
        memo.set(dir, hit);
      }
      return hit;
    },
    readFile: params.readFile,
    isSymlink: (path) => symlinks.has(path),
  };
}

function isSorted(files: readonly string[]): boolean {
  for (let i = 1; i < files.length; i++) if (files[i - 1]! > files[i]!) return false;
  return true;
}
