// Whether what an app renders from may differ between base and head, spec aside: an app that
// fails on both sides may only stay silently "unchanged" when the answer is no.
import type { SideApp } from "../side-state.js";
import { isUnder, sourceDir } from "../discover/claimed-paths.js";

/**
 * The content keys of the inputs (the render cache's key over every file the render reads) when
 * both sides have one. Else, when both sides have a key of what they are known to read (a full
 * key or, when the set is unknowable, a partial one: a chart fetched from a repository with
 * `$values` files, a remote kustomize base), different keys mean changed inputs. Else any changed
 * repository file under a source path of either side (an input outside the paths is then missed,
 * so this direction errs toward "changed" only as far as the paths go); without the list of
 * changed files, unknown reads as unchanged.
 */
export function inputsChanged(b: SideApp, h: SideApp, changedFiles?: readonly string[]): boolean {
  if (b.render.inputsKey !== undefined && h.render.inputsKey !== undefined)
    return b.render.inputsKey !== h.render.inputsKey;
  if (b.deferred !== undefined && h.deferred !== undefined) return b.deferred !== h.deferred;
  const known = (a: SideApp): string | undefined => a.render.inputsKey ?? a.render.partialInputsKey ?? a.deferred;
  const kb = known(b);
  const kh = known(h);
  if (kb !== undefined && kh !== undefined && kb !== kh) return true;
  if (!changedFiles) return false;
  return touchesDirs(changedFiles, [...sourceDirs(b), ...sourceDirs(h)]);
}

/**
 * Where a changed file can change what inputsChanged says of an app against itself (head is the
 * base side): the source directories of its apps with no content key, the only ones for which
 * it reads the changed files. The rules read changedFiles through inputsChanged only (and
 * stale-manifests, which finds nothing in an app whose output is its own): a report of a side
 * against itself holds for any changed files that touch none of these.
 */
export function selfComparedDirs(side: { apps: ReadonlyMap<string, SideApp> }): string[] {
  const dirs = new Set<string>();
  for (const a of side.apps.values()) {
    if (a.render.inputsKey !== undefined || a.deferred !== undefined) continue;
    for (const d of sourceDirs(a)) dirs.add(d);
  }
  return [...dirs];
}

/** Some file is under one of the directories. */
export function touchesDirs(files: readonly string[], dirs: readonly string[]): boolean {
  return files.some((f) => dirs.some((d) => isUnder(f, d)));
}

function sourceDirs(a: SideApp): string[] {
  return a.spec.sources.flatMap((s) => {
    const d = sourceDir(s);
    return d === undefined ? [] : [d];
  });
}
