// Apps whose inputs did not change may be left unrendered (their desired state is the same on
// both sides). The full inventory is needed only when something reaches into other apps'
// resources: a cascade (a Namespace or CRD deleted takes what other apps deployed), a resource a
// changed app starts declaring (is another app declaring it too?), FailOnSharedResource, or an
// Application/ApplicationSet that goes (what its finalizers take).
import type { Config } from "../config/config.js";
import type { SideState } from "./side-state.js";
import type { DeletionFacts } from "./deletions/compute-deletions.js";
import { APPLICATION_GROUP, CRD_KIND, SyncOption } from "./argocd/constants.js";
import { isNamespaceRef } from "./refs.js";
import { hasAppOption } from "./argocd/sync-options.js";

/** `facts`: computeDeletions of these same sides (computed once by the caller, reused for the
 *  report when the inventory is not completed). */
export function needsFullInventory(params: {
  base: SideState;
  head: SideState;
  config: Config;
  facts: DeletionFacts;
}): boolean {
  const { base, head } = params;
  const anyDeferred = [...base.apps.values(), ...head.apps.values()].some((a) => a.deferred !== undefined);
  if (!anyDeferred) return false;
  const { deletions, unmanagedRemovals } = params.facts;
  // Cascades count or take other apps' resources: a Namespace, a CRD, an Application or
  // ApplicationSet (their resources, through finalizers), and what a removal would take.
  if (unmanagedRemovals.length > 0) return true;
  if (deletions.some((d) => isNamespaceRef(d.ref) || d.ref.kind === CRD_KIND || d.ref.group === APPLICATION_GROUP))
    return true;
  for (const [key, h] of head.apps) {
    if (!h.desired) continue;
    if (hasAppOption(h.spec.syncPolicy.syncOptions, SyncOption.FailOnSharedResource)) return true;
    const before = base.apps.get(key)?.desired?.resources;
    for (const k of h.desired.resources.keys()) if (!before?.has(k)) return true;
  }
  return false;
}
