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
  const dirs = [...b.spec.sources, ...h.spec.sources].flatMap((s) => {
    const d = sourceDir(s);
    return d === undefined ? [] : [d];
  });
  return changedFiles.some((f) => dirs.some((d) => isUnder(f, d)));
}
