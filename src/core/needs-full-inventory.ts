// Apps whose inputs did not change may be left unrendered (their desired state is the same on
// both sides). More of the inventory is needed only when something reaches into other apps'
// resources: a cascade (a Namespace or CRD deleted takes what other apps deployed), a resource a
// changed app starts declaring (is another app declaring it too?), FailOnSharedResource, or an
// Application/ApplicationSet that goes (what its finalizers take).
//
// Which unchanged apps a report can depend on, read from computeDeletions and the rules
// (the report must equal the one a full render gives):
//   - a Namespace deleted: the live objects inside it on its cluster (cascade, namespace-deleted);
//   - a CRD deleted: its custom resources on the cluster, and the side's scope table: everything;
//   - an Application deleted: its own base render (cascadeApplication, the app-delete rule);
//   - any deletion: who declares the same object on head (markRecreations: recreatedBy; the
//     "moves to" notes) and on base (the live object a StatefulSet cascade reads);
//   - a resource a changed app starts declaring: its other declarers on both sides
//     (shared-resource, a new app meeting a live object: immutableOutcome);
//   - FailOnSharedResource: the app itself (sync-fails reports it whether or not it changed) and
//     the declarers of its resources;
//   - an ApplicationSet whose file is removed: the base renders of the Applications it owns
//     (how many resources would cascade); a removed Application file needs only its own render.
// An unchanged app may be left unrendered when what is known of its render (a summary of its
// manifests' identities, kept by the render cache) shows it declares none of that; an app with no
// summary is rendered. An app holding a CRD is always rendered (CRDs decide the scope of custom
// kinds on the whole side), and so is one using an API the cluster no longer serves (every
// rendered app's sync failure is reported, changed or not).
import type { Config } from "../config/config.js";
import type { Manifest } from "./model.js";
import type { SideApp, SideState } from "./side-state.js";
import type { DeletionFacts } from "./deletions/compute-deletions.js";
import { APPLICATION_GROUP, CRD_KIND, SyncOption } from "./argocd/constants.js";
import { appKey, isApplicationRef, isCrdRef, isNamespaceRef, refKey } from "./refs.js";
import { hasAppOption } from "./argocd/sync-options.js";
import { apiVersionOf, groupOf, kindOf, nameOf, namespaceOf } from "./argocd/manifest.js";
import { clusterIdOf } from "./argocd/cluster-id.js";
import { removedApi } from "./kube/removed-apis.js";

type SideName = "base" | "head";

/** What the report needs of the apps left unrendered. */
export type InventoryNeeds =
  | { readonly kind: "none" }
  | { readonly kind: "all" }
  | {
      readonly kind: "some";
      /** ref keys (refKey) whose declarers, on either side and any cluster, are needed */
      readonly keys: ReadonlySet<string>;
      /** `cluster|namespace`: the base objects inside these Namespaces are needed */
      readonly namespaces: ReadonlySet<string>;
      /** `side|appKey`: these apps themselves are needed */
      readonly apps: ReadonlySet<string>;
    };

/** `facts`: computeDeletions of these same sides (computed once by the caller, reused for the
 *  report when the inventory is not completed). */
export function inventoryNeeds(params: {
  base: SideState;
  head: SideState;
  config: Config;
  facts: DeletionFacts;
}): InventoryNeeds {
  const { base, head, facts } = params;
  const anyDeferred = [...base.apps.values(), ...head.apps.values()].some((a) => a.deferred !== undefined);
  if (!anyDeferred) return { kind: "none" };
  const { deletions, unmanagedRemovals } = facts;
  const newKeys: string[] = [];
  const sharedOnFail: SideApp[] = [];
  for (const [key, h] of head.apps) {
    if (hasAppOption(h.spec.syncPolicy.syncOptions, SyncOption.FailOnSharedResource)) sharedOnFail.push(h);
    if (!h.desired) continue;
    const before = base.apps.get(key)?.desired?.resources;
    for (const k of h.desired.resources.keys()) if (!before?.has(k)) newKeys.push(k);
  }
  // A removed Application file needs only its own render (wouldCascade), which the sides have:
  // it exists on base only. A removed ApplicationSet file needs the Applications it owns.
  const triggered =
    unmanagedRemovals.some((u) => u.apps !== undefined) ||
    deletions.some((d) => isNamespaceRef(d.ref) || d.ref.kind === CRD_KIND || d.ref.group === APPLICATION_GROUP) ||
    sharedOnFail.some((h) => h.desired) ||
    newKeys.length > 0;
  if (!triggered) return { kind: "none" };

  // A CRD that goes or arrives changes the scope of custom kinds on its side: every app.
  if (deletions.some((d) => isCrdRef(d.ref))) return { kind: "all" };
  for (const [key, h] of head.apps) {
    const before = base.apps.get(key)?.desired?.resources;
    for (const r of h.desired?.resources.values() ?? [])
      if (isCrdRef(r.ref) && !before?.has(refKey(r.ref))) return { kind: "all" };
  }

  const keys = new Set<string>(newKeys);
  const namespaces = new Set<string>();
  const apps = new Set<string>();
  for (const d of deletions) {
    keys.add(refKey(d.ref));
    if (isNamespaceRef(d.ref)) namespaces.add(`${d.cluster ?? ""}|${d.ref.name}`);
    if (isApplicationRef(d.ref)) apps.add(`base|${appKey(d.ref.namespace, d.ref.name)}`);
  }
  for (const h of sharedOnFail) {
    apps.add(`head|${h.spec.key}`);
    for (const k of h.desired?.resources.keys() ?? []) keys.add(k);
  }
  for (const [key, set] of base.appSets) {
    if (head.appSets.has(key) || set.spec.origin.kind !== "file") continue;
    for (const k of set.generated) apps.add(`base|${k}`);
  }
  return { kind: "some", keys, namespaces, apps };
}

/** Whether an unrendered app must be rendered for `needs`, from what is known of its render:
 *  `summary`, its manifests' apiVersion, kind, name and namespace (undefined: unknown). */
export function mayBeNeeded(params: {
  needs: InventoryNeeds;
  side: SideName;
  app: SideApp;
  summary: readonly Manifest[] | undefined;
  config: Config;
}): boolean {
  const { needs, side, app, summary } = params;
  if (needs.kind === "none") return false;
  if (needs.kind === "all" || summary === undefined) return true;
  if (needs.apps.has(`${side}|${app.spec.key}`)) return true;
  const cluster = clusterIdOf(app.spec, params.config);
  for (const m of summary) {
    const group = groupOf(m);
    const kind = kindOf(m);
    if (group === "apiextensions.k8s.io" && kind === CRD_KIND) return true;
    // removedApiFailure reports an API the cluster no longer serves on every rendered app, changed
    // or not (preexisting): a full render would show it.
    if (removedApi({ apiVersion: apiVersionOf(m), kind, kubeVersion: params.config.kubeVersion })) return true;
    // buildDesiredState: a cluster-scoped kind loses its namespace, a namespaced one without
    // a namespace gets the destination's. Both readings are tried: the scope may be unknown here.
    const namespace = namespaceOf(m) || app.spec.destination.namespace;
    const name = nameOf(m);
    if (needs.keys.has(refKey({ group, kind, namespace, name }))) return true;
    if (needs.keys.has(refKey({ group, kind, namespace: "", name }))) return true;
    if (namespace !== "" && needs.namespaces.has(`${cluster}|${namespace}`)) return true;
  }
  return false;
}
