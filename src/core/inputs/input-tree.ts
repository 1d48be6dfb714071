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
  /** the tree this one is a view of (recordReads): memoized parses are shared with it */
  readonly memoTree?: InputTree;
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

/** What a computation over an InputTree looked at: the same answers on another tree whose files
 *  differ only outside these mean the same result there. */
export interface TreeReads {
  /** paths asked about: existence, content, symlink */
  readonly paths: ReadonlySet<string>;
  /** directories listed (filesUnder); "" is the whole tree */
  readonly dirs: ReadonlySet<string>;
  /** the whole listing was read (a glob over every file) */
  readonly all: boolean;
}

/** The tree, recording every question asked of it (the revision is not recorded: a result that
 *  depends on it says so itself, AppInputSet.revisionSensitive). */
export function recordReads(tree: InputTree): { tree: InputTree; reads: () => TreeReads } {
  const paths = new Set<string>();
  const dirs = new Set<string>();
  let all = false;
  const recorded: InputTree = {
    revision: tree.revision,
    memoTree: tree.memoTree ?? tree,
    get files() {
      all = true;
      return tree.files;
    },
    has(path) {
      paths.add(path);
      return tree.has(path);
    },
    filesUnder(dir) {
      dirs.add(dir);
      return tree.filesUnder(dir);
    },
    readFile(path) {
      paths.add(path);
      return tree.readFile(path);
    },
    isSymlink(path) {
      paths.add(path);
      return tree.isSymlink(path);
    },
  };
  return { tree: recorded, reads: () => ({ paths, dirs, all: all || dirs.has("") }) };
}

/** The paths that differ between two trees (content, presence, or being a symlink), with every
 *  directory above them: what `readsUnchanged` checks reads against. */
export interface TreeChanges {
  readonly paths: ReadonlySet<string>;
  readonly dirs: ReadonlySet<string>;
  /** the changed paths that are on one side only or a symlink on one side only (a listing of
   *  paths changes only with these); the rest of `paths` changed content alone */
  readonly presence: ReadonlySet<string>;
}

/** `presence`: which of `changed` appear, disappear or change link-ness (default: all of them,
 *  the cautious answer when a caller cannot tell). */
export function treeChanges(changed: Iterable<string>, presence?: Iterable<string>): TreeChanges {
  const paths = new Set<string>();
  const dirs = new Set<string>();
  for (const p of changed) {
    paths.add(p);
    for (let i = p.indexOf("/"); i >= 0; i = p.indexOf("/", i + 1)) dirs.add(p.slice(0, i));
  }
  return { paths, dirs, presence: presence === undefined ? paths : new Set(presence) };
}

/** Nothing the reads looked at differs. A listed directory differs when any path below it does. */
export function readsUnchanged(reads: TreeReads, changes: TreeChanges): boolean {
  if (changes.paths.size === 0) return true;
  if (reads.all) return false;
  // A path's answers (present, content, link) change only when the path itself does.
  for (const p of reads.paths) if (changes.paths.has(p)) return false;
  for (const d of reads.dirs) if (changes.dirs.has(d) || changes.paths.has(d)) return false;
  return true;
}
