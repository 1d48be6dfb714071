// What building one side read of the side's own tree, merged from every computation that built
// it (input-set keys, ApplicationSet generators, discovery): another tree whose differences
// touch none of it builds the same side. Pure: the adapters record, this decides.
import type { TreeChanges, TreeReads } from "./input-tree.js";

export interface SideReads {
  /** paths whose presence, content or link-ness was read */
  readonly paths: ReadonlySet<string>;
  /** directories whose every file, content included, was read ("" = the whole tree) */
  readonly dirs: ReadonlySet<string>;
  /** directories of which only the paths below were read, not their content ("" = the whole
   *  listing: a git directory generator) */
  readonly listed: ReadonlySet<string>;
}

/** A SideReads being filled in. */
export interface SideReadsBuilder {
  addTreeReads(reads: TreeReads): void;
  addPath(path: string): void;
  addDir(dir: string): void;
  addListing(dir: string): void;
  done(): SideReads;
}

export function sideReadsBuilder(): SideReadsBuilder {
  const paths = new Set<string>();
  const dirs = new Set<string>();
  const listed = new Set<string>();
  return {
    addTreeReads(reads) {
      // An input-set key also depends on the content of what it listed (blob ids of the files
      // under a directory), and `all` is a glob over the whole tree.
      if (reads.all) dirs.add("");
      for (const p of reads.paths) paths.add(p);
      for (const d of reads.dirs) dirs.add(d);
    },
    addPath: (p) => void paths.add(p),
    addDir: (d) => void dirs.add(d),
    addListing: (d) => void listed.add(d),
    done: () => ({ paths, dirs, listed }),
  };
}

/** Nothing the side read differs. Cost: the changed paths times their depth, whatever the size
 *  of the reads (a side of 10,000 apps against a README change). */
export function sideReadsUnchanged(reads: SideReads, changes: TreeChanges): boolean {
  if (changes.paths.size === 0) return true;
  if (reads.dirs.has("")) return false;
  if (changes.presence.size > 0 && reads.listed.has("")) return false;
  for (const p of changes.paths) {
    // the path itself, or a directory read that is now a file (or was one)
    if (reads.paths.has(p) || reads.dirs.has(p) || reads.listed.has(p)) return false;
    const presence = changes.presence.has(p);
    for (let i = p.indexOf("/"); i >= 0; i = p.indexOf("/", i + 1)) {
      const dir = p.slice(0, i);
      if (reads.dirs.has(dir)) return false;
      if (presence && reads.listed.has(dir)) return false;
    }
  }
  return true;
}
