// Which paths differ between two trees of one repository, from git's blob ids and symlink lists:
// what the caching renderer checks an app's recorded reads against before reusing the key it
// computed on the other side (core/inputs/input-tree: recordReads, readsUnchanged).
import type { RepoTree } from "../../core/ports.js";
import { treeChanges, type TreeChanges } from "../../core/inputs/input-tree.js";

export interface TreeChangesMemo {
  /** undefined when a tree cannot tell (no blob ids, a test fake): then nothing is reused */
  between(a: RepoTree, b: RepoTree): Promise<TreeChanges | undefined>;
}

export function createTreeChangesMemo(): TreeChangesMemo {
  const memo = new WeakMap<RepoTree, WeakMap<RepoTree, Promise<TreeChanges | undefined>>>();
  const compute = async (a: RepoTree, b: RepoTree): Promise<TreeChanges | undefined> => {
    const diff = await b.changesSince?.(a);
    if (diff) return treeChanges(diff.changed, diff.presence);
    if (!a.fileIds || !b.fileIds || !a.symlinks || !b.symlinks) return undefined;
    const [x, y, lx, ly] = await Promise.all([a.fileIds(), b.fileIds(), a.symlinks(), b.symlinks()]);
    return treeChanges(...changedPaths(x, y, lx, ly));
  };
  return {
    between(a, b) {
      let byB = memo.get(a);
      if (!byB) memo.set(a, (byB = new WeakMap()));
      let p = byB.get(b);
      if (!p) byB.set(b, (p = compute(a, b)));
      return p;
    },
  };
}

/** The paths whose blob, presence or link-ness differs, and (second) those whose presence or
 *  link-ness does. */
function changedPaths(
  x: ReadonlyMap<string, string>,
  y: ReadonlyMap<string, string>,
  lx: ReadonlySet<string>,
  ly: ReadonlySet<string>,
): [string[], string[]] {
  const changed: string[] = [];
  const presence: string[] = [];
  for (const [path, id] of x) {
    const other = y.get(path);
    const link = lx.has(path) !== ly.has(path);
    if (other === undefined || link) presence.push(path);
    if (other !== id || link) changed.push(path);
  }
  for (const path of y.keys())
    if (!x.has(path)) {
      changed.push(path);
      presence.push(path);
    }
  return [changed, presence];
}
