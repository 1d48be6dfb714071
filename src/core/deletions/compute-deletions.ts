// What Argo CD and Kubernetes will really delete when head is merged where base is deployed.
//
// The live cluster is approximated by the base render (stamped with tracking), as Argo CD would
// have left it after syncing base. Direct deletions come from three mechanisms:
//   - an app's sync prunes tracked resources that left its desired set (A.2-A.4);
//   - an ApplicationSet reconcile deletes the Applications it no longer generates (C.3);
//   - (through the two above) an Application or ApplicationSet CR disappears.
// Then Kubernetes and Argo CD cascade: a Namespace takes everything inside it, a CRD its custom
// resources, an Application with the resources finalizer its resources, an ApplicationSet the
// Applications it owns (A.8, C.1, C.3).
import type { Config } from "../../config/config.js";
import type { AppSpec, Deletion, DeletionTrigger, Ref, Resource } from "../model.js";
import type { SideApp, SideState } from "../side-state.js";
import {
  ANNOTATION_HELM_RESOURCE_POLICY,
  APPLICATION_API_VERSION,
  CASCADE_FINALIZERS,
  HELM_RESOURCE_POLICY_KEEP,
  IMMORTAL_NAMESPACES,
  IN_CLUSTER_SERVER,
  PropagationPolicy,
  SyncOptionKey,
  SyncValue,
} from "../argocd/constants.js";
import { crdGroupKindScope } from "../argocd/scope.js";
import { appOptionValue, effectiveOption } from "../argocd/sync-options.js";
import { annotationsOf, cmp } from "../argocd/manifest.js";
import { trackingOf } from "../argocd/tracking.js";
import { versionAtLeast } from "../argocd/excluded-kinds.js";
import { clusterIdOf } from "../argocd/cluster-id.js";
import { markRecreations } from "../kube/mark-recreations.js";
import { claimsDeletedOnScaleDown, claimsDeletedWithOwner, statefulSetClaims } from "../kube/statefulset-claims.js";
import { applyOutcomes, immutableOutcome, removedApiFailure } from "../argocd/apply-outcomes.js";
import { stableStringify } from "../diff/pair-apps.js";
import { isProtectedNamespace } from "../policy/is-protected-namespace.js";
import {
  appKey,
  applicationRef,
  applicationRefOfKey,
  applicationSetRef,
  appNameOfKey,
  clusterRefKey,
  isApplicationRef,
  isApplicationSetRef,
  isCrdRef,
  isNamespaceRef,
  refKey,
} from "../refs.js";

export interface KeptResource {
  app: string;
  ref: Ref;
  why: string;
}

export interface SyncFailure {
  app: string;
  message: string;
  refs: Ref[];
  /** the sync already fails the same way on base: not caused by this change */
  preexisting?: boolean;
  /** the way out, specific to this failure */
  remedy?: string;
}

export interface UnmanagedRemoval {
  /** the Application's or ApplicationSet's name */
  app: string;
  file: string;
  ref: Ref;
  /** resources that would go with it if it were deleted (through resources finalizers) */
  wouldCascade: number;
  /** for an ApplicationSet: the Applications it owns, deleted with it when its policy allows */
  apps?: string[];
}

export interface DeletionFacts {
  deletions: Deletion[];
  kept: KeptResource[];
  syncFailures: SyncFailure[];
  unmanagedRemovals: UnmanagedRemoval[];
}

/** A live object: one resource of a base app's desired state, on one cluster. */
interface LiveObject {
  resource: Resource;
  owner: string; // app key, or "" for objects applied by hand
  cluster: string;
}

/** Applications and ApplicationSets live in the cluster Argo CD runs in. */
const CONTROL_PLANE = IN_CLUSTER_SERVER;

export function computeDeletions(params: { base: SideState; head: SideState; config: Config }): DeletionFacts {
  const { base, head, config } = params;
  const facts: DeletionFacts = { deletions: [], kept: [], syncFailures: [], unmanagedRemovals: [] };
  const live = buildLiveInventory(base, config);
  const seen = new Set<string>();
  const queue: Deletion[] = [];
  const appLevelOptions = versionAtLeast(config.argocd.version, 3, 4);

  const add = (d: Omit<Deletion, "protected">, cluster: string): void => {
    const id = clusterRefKey(cluster, d.ref);
    if (seen.has(id)) return;
    seen.add(id);
    const del: Deletion = { ...d, protected: isProtectedRef(d.ref, config), cluster };
    facts.deletions.push(del);
    queue.push(del);
    clusterOfDeletion.set(del, cluster);
  };
  const clusterOfDeletion = new Map<Deletion, string>();

  // 1. Prunes by apps present on both sides.
  for (const [key, h] of head.apps) {
    const b = base.apps.get(key);
    if (!b) continue;
    prunePhase({ b, h, base, head, config, facts, add, appLevelOptions });
  }

  // 1b. A new app (a renamed one) takes over a live object another app deployed: its apply meets
  // the live object, and an immutable-field change is refused the same way (H.1).
  const liveByKey = new Map(live.map((o) => [clusterRefKey(o.cluster, o.resource.ref), o.resource]));
  for (const [key, h] of head.apps) {
    if (base.apps.has(key) || !h.desired) continue;
    const cluster = clusterIdOf(h.spec, config);
    for (const r of h.desired.resources.values()) {
      const old = liveByKey.get(clusterRefKey(cluster, r.ref));
      if (!old) continue;
      const o = immutableOutcome({ app: h.spec.name, live: old, next: r, appOptions: h.spec.syncPolicy.syncOptions });
      if (o?.kind === "failure") facts.syncFailures.push({ app: h.spec.name, ...o.failure });
      if (o?.kind === "replaced") {
        const trigger: DeletionTrigger = h.spec.syncPolicy.automated ? "auto-sync" : "manual-sync";
        add(
          {
            ref: r.ref,
            app: h.spec.name,
            cause: "replaced",
            trigger,
            reason: o.replacement.reason,
            recreatedBy: h.spec.name,
          },
          cluster,
        );
      }
    }
  }

  // 2. Applications that disappear through their ApplicationSet.
  for (const [key, b] of base.apps) {
    if (head.apps.has(key) || b.spec.origin.kind !== "appset") continue;
    const setKey = b.spec.origin.appSet;
    const hs = head.appSets.get(setKey);
    if (!hs) continue; // the ApplicationSet itself went away: handled as its CR's deletion
    if (!hs.result.ok) continue; // a generator/template error stops the reconcile: nothing is deleted
    const policy = hs.result.policy;
    if (policy === "create-only" || policy === "create-update") {
      facts.kept.push({
        app: b.spec.name,
        ref: applicationRef(b.spec),
        why: `ApplicationSet ${hs.spec.name} policy ${policy} never deletes Applications`,
      });
      continue;
    }
    add(
      {
        ref: applicationRef(b.spec),
        app: b.spec.name,
        cause: "app-deleted",
        trigger: "appset-reconcile",
        reason: `ApplicationSet ${hs.spec.name} no longer generates it and deletes it on its next reconcile`,
      },
      CONTROL_PLANE,
    );
  }

  // 3. Root Applications whose file was removed: no Argo CD mechanism deletes them.
  for (const [key, b] of base.apps) {
    if (head.apps.has(key) || b.spec.origin.kind !== "file") continue;
    facts.unmanagedRemovals.push({
      app: b.spec.name,
      file: b.spec.origin.file,
      ref: applicationRef(b.spec),
      wouldCascade: hasCascadeFinalizer(b.spec) ? (b.desired?.resources.size ?? 0) : 0,
    });
  }

  // 3b. Root ApplicationSets whose file was removed: likewise, but say what hangs on them.
  for (const [key, bs] of base.appSets) {
    if (head.appSets.has(key) || bs.spec.origin.kind !== "file") continue;
    const policy = bs.result.policy;
    const deletesApps = policy === "sync" || policy === "create-delete";
    const apps = deletesApps ? bs.generated : [];
    const wouldCascade = apps.reduce((n, k) => {
      const a = base.apps.get(k);
      return n + (a && hasCascadeFinalizer(a.spec) ? (a.desired?.resources.size ?? 0) : 0);
    }, 0);
    facts.unmanagedRemovals.push({
      app: bs.spec.name,
      file: bs.spec.origin.file,
      ref: applicationSetRef(bs.spec),
      wouldCascade,
      apps: apps.map(appNameOfKey).sort(),
    });
  }

  // 4. Cascades, breadth first so that direct causes are reported before cascaded ones.
  for (let i = 0; i < queue.length; i++) {
    const del = queue[i]!;
    const cluster = clusterOfDeletion.get(del) ?? CONTROL_PLANE;
    cascade({ del, cluster, base, head, live, config, facts, add, appLevelOptions });
  }
  facts.deletions = markRecreations({ deletions: facts.deletions, head, config });
  return facts;
}

type Add = (d: Omit<Deletion, "protected">, cluster: string) => void;

/** What every step of the computation shares. */
interface DeletionContext {
  base: SideState;
  head: SideState;
  config: Config;
  facts: DeletionFacts;
  add: Add;
  /** app-level Prune=/Delete= options count (Argo CD 3.4+) */
  appLevelOptions: boolean;
}

function prunePhase(p: DeletionContext & { b: SideApp; h: SideApp }): void {
  const { b, h, head, config, facts, add } = p;
  if (!b.desired || !h.desired) return; // base unknown, or head fails: a ComparisonError blocks the sync
  // A sync that already fails the same way and that this change does not touch is not news.
  const untouched = h.desired.missingNamespace.length > 0 && b.desired.missingNamespace.length > 0 && sameDesired(b, h);
  if (h.desired.missingNamespace.length > 0 && !untouched) {
    facts.syncFailures.push({
      app: h.spec.name,
      preexisting: b.desired.missingNamespace.length > 0,
      message: `${h.spec.name} has namespaced resources without a namespace and no destination namespace: Argo CD reports InvalidSpecError and does not sync`,
      refs: h.desired.missingNamespace,
      remedy: "set the Application's `destination.namespace`, or give every namespaced resource a `metadata.namespace`",
    });
    return;
  }
  // A removed API fails the whole sync in discovery: nothing is applied or pruned (H.2).
  const gone = removedApiFailure({ b, h, config });
  if (gone) {
    facts.syncFailures.push({ app: h.spec.name, ...gone });
    return;
  }
  const baseCluster = clusterIdOf(b.spec, config);
  const headCluster = clusterIdOf(h.spec, config);
  const removed = [...b.desired.resources.values()].filter((r) => !h.desired!.resources.has(refKey(r.ref)));
  const outcomes = baseCluster === headCluster ? applyOutcomes({ b, h }) : { failures: [], replaced: [] };
  for (const f of outcomes.failures) facts.syncFailures.push({ app: h.spec.name, ...f });
  const scaledDown = baseCluster === headCluster ? scaleDownClaims(b, h, outcomes.failures, config) : [];
  if (removed.length === 0 && outcomes.replaced.length === 0 && scaledDown.length === 0) return;
  if (baseCluster !== headCluster) {
    for (const r of removed) {
      facts.kept.push({
        app: h.spec.name,
        ref: r.ref,
        why: "the app moves to another cluster; Argo CD leaves the old cluster's resources in place",
      });
    }
    return;
  }
  const sync = h.spec.syncPolicy;
  // allowEmpty guard: auto-sync refuses when every resource would be pruned (A.4).
  const wipesAll = h.desired.resources.size === 0;
  let trigger: DeletionTrigger = sync.automated && sync.prune ? "auto-sync" : "manual-sync";
  let triggerNote =
    trigger === "auto-sync"
      ? "automated sync with prune"
      : sync.automated
        ? "the next sync with prune (automated sync does not prune)"
        : "the next manual sync with prune";
  if (trigger === "auto-sync" && wipesAll && !sync.allowEmpty) {
    trigger = "manual-sync";
    triggerNote = "a manual sync with prune (auto-sync refuses to wipe out all resources without allowEmpty)";
  }
  for (const r of outcomes.replaced) {
    add(
      {
        ref: r.ref,
        app: h.spec.name,
        cause: "replaced",
        trigger,
        reason: `${r.reason} (${triggerNote})`,
        recreatedBy: h.spec.name,
      },
      baseCluster,
    );
  }
  for (const { sts, claim } of scaledDown) {
    add(
      {
        ref: claim,
        app: h.spec.name,
        cause: "owner-deleted",
        via: sts,
        trigger,
        reason: `a PersistentVolumeClaim of StatefulSet ${sts.name} (volumeClaimTemplates) whose Pod the scale-down removes; persistentVolumeClaimRetentionPolicy.whenScaled: Delete makes Kubernetes garbage-collect it with the Pod (${triggerNote})`,
        inferred: true,
      },
      baseCluster,
    );
  }
  const immortal: Ref[] = [];
  for (const r of removed) {
    const tracking = trackingOf({ obj: r.obj, instanceName: b.spec.instanceName, config });
    if (!tracking.tracked) {
      facts.kept.push({ app: h.spec.name, ref: r.ref, why: tracking.why });
      continue;
    }
    // Prune options are read from the live object (the base render), else the app-level default (3.4+).
    const prune = effectiveOption({
      obj: r.obj,
      key: SyncOptionKey.Prune,
      appOptions: sync.syncOptions,
      appLevelSupported: p.appLevelOptions,
    });
    if (prune === SyncValue.False) {
      facts.kept.push({
        app: h.spec.name,
        ref: r.ref,
        why: "Prune=false: Argo CD skips the prune and the app stays OutOfSync",
      });
      continue;
    }
    if (isNamespaceRef(r.ref) && IMMORTAL_NAMESPACES.includes(r.ref.name)) {
      immortal.push(r.ref);
      continue;
    }
    const movesTo = otherOwners({ head, ref: r.ref, except: h.spec.key, cluster: baseCluster, config });
    let reason = `removed from ${h.spec.name}'s rendered manifests; pruned by ${triggerNote}`;
    if (prune === SyncValue.Confirm) {
      reason += ", once someone sets argocd.argoproj.io/deletion-approved (Prune=confirm)";
    }
    if (movesTo.length > 0)
      reason += `; it moves to ${movesTo.join(", ")}, but if ${h.spec.name} syncs first it is deleted and then re-created`;
    // controller/sync.go: the app-level propagation policy applies to prunes; orphan keeps GC dependents.
    if (appOptionValue(sync.syncOptions, SyncOptionKey.PrunePropagationPolicy) === PropagationPolicy.Orphan) {
      reason += "; PrunePropagationPolicy=orphan leaves its dependents (ReplicaSets, Pods, Jobs' Pods) running";
    }
    add({ ref: r.ref, app: h.spec.name, cause: "pruned", trigger, reason, ...moved(movesTo) }, baseCluster);
  }
  if (immortal.length > 0) {
    facts.syncFailures.push({
      app: h.spec.name,
      message: `${h.spec.name} would prune ${immortal.map((r) => `Namespace ${r.name}`).join(", ")}, which the API server refuses to delete: the sync fails and every later sync wave is skipped`,
      refs: immortal,
      remedy:
        "keep the Namespace in the app's manifests, or annotate it `argocd.argoproj.io/sync-options: Prune=false` before removing it",
    });
  }
}

function cascade(p: DeletionContext & { del: Deletion; cluster: string; live: LiveObject[] }): void {
  const { del, cluster, base, live, add } = p;
  const ref = del.ref;
  if (ref.group === "apps" && ref.kind === "StatefulSet" && del.cause !== "namespace-deleted") {
    const sts = live.find((o) => o.cluster === cluster && refKey(o.resource.ref) === refKey(ref));
    if (sts && claimsDeletedWithOwner(sts.resource, p.config.kubeVersion)) {
      for (const claim of statefulSetClaims(sts.resource))
        add(
          {
            ref: claim,
            app: del.app,
            cause: "owner-deleted",
            via: ref,
            trigger: del.trigger,
            reason: `a PersistentVolumeClaim of StatefulSet ${ref.name} (volumeClaimTemplates), which sets persistentVolumeClaimRetentionPolicy.whenDeleted: Delete; Kubernetes garbage-collects it with the StatefulSet`,
            inferred: true,
          },
          cluster,
        );
    }
    return;
  }
  if (isNamespaceRef(ref)) {
    // Kubernetes' namespace controller deletes everything inside, whichever app owns it,
    // including the PVCs StatefulSets' controllers created (in no render).
    for (const o of live) {
      if (o.cluster !== cluster || o.resource.ref.namespace !== ref.name) continue;
      add(
        {
          ref: o.resource.ref,
          app: del.app,
          cause: "namespace-deleted",
          via: ref,
          trigger: del.trigger,
          reason: `inside Namespace ${ref.name}${o.owner ? `, deployed by ${appNameOfKey(o.owner)}` : ""}`,
        },
        cluster,
      );
    }
    // Then the PVCs StatefulSets' controllers created (in no render) that no render declares.
    for (const o of live) {
      if (o.cluster !== cluster || o.resource.ref.namespace !== ref.name) continue;
      for (const claim of statefulSetClaims(o.resource))
        add(
          {
            ref: claim,
            app: del.app,
            cause: "namespace-deleted",
            via: ref,
            trigger: del.trigger,
            reason: `inside Namespace ${ref.name}: a PersistentVolumeClaim StatefulSet ${o.resource.ref.name} created from its volumeClaimTemplates`,
            inferred: true,
          },
          cluster,
        );
    }
    return;
  }
  if (isCrdRef(ref)) {
    const crdObj = live.find((o) => o.cluster === cluster && refKey(o.resource.ref) === refKey(ref));
    const gk = crdObj ? crdGroupKindScope(crdObj.resource.obj) : undefined;
    if (!gk) return;
    for (const o of live) {
      if (o.cluster !== cluster || o.resource.ref.group !== gk.group || o.resource.ref.kind !== gk.kind) continue;
      add(
        {
          ref: o.resource.ref,
          app: del.app,
          cause: "crd-deleted",
          via: ref,
          trigger: del.trigger,
          reason: `a custom resource of CRD ${ref.name}${o.owner ? `, deployed by ${appNameOfKey(o.owner)}` : ""}; every other ${gk.kind} in the cluster goes too`,
        },
        cluster,
      );
    }
    return;
  }
  if (isApplicationRef(ref)) {
    const app = base.apps.get(appKey(ref.namespace, ref.name));
    if (!app) return;
    cascadeApplication({ ...p, app });
    return;
  }
  if (isApplicationSetRef(ref)) {
    const set = base.appSets.get(appKey(ref.namespace, ref.name));
    if (!set) return;
    const policy = set.result.policy;
    if (policy === "create-only" || policy === "create-update") {
      // The controller removes its owner references first, so the Applications survive (C.3).
      for (const k of set.generated)
        p.facts.kept.push({
          app: appNameOfKey(k),
          ref: applicationRefOfKey(k),
          why: `ApplicationSet ${ref.name} is deleted with policy ${policy}: its Applications are orphaned, not deleted`,
        });
      return;
    }
    for (const k of set.generated) {
      add(
        {
          ref: applicationRefOfKey(k),
          app: appNameOfKey(k),
          cause: "app-deleted",
          via: ref,
          trigger: "appset-reconcile",
          reason: `generated by ApplicationSet ${ref.name}, which is deleted; Kubernetes garbage-collects the Applications it owns`,
        },
        CONTROL_PLANE,
      );
    }
  }
}

function cascadeApplication(p: DeletionContext & { del: Deletion; app: SideApp }): void {
  const { del, app, config, facts, add } = p;
  const spec = app.spec;
  if (!hasCascadeFinalizer(spec)) {
    facts.kept.push({
      app: spec.name,
      ref: del.ref,
      why: `Application ${spec.name} has no resources finalizer: deleting it leaves its resources in place`,
    });
    return;
  }
  if (!app.desired) return;
  const cluster = clusterIdOf(spec, config);
  for (const r of app.desired.resources.values()) {
    const tracking = trackingOf({ obj: r.obj, instanceName: spec.instanceName, config });
    if (!tracking.tracked) continue;
    // appcontroller.go (shouldBeDeleted): CRDs, Delete=false and helm.sh/resource-policy: keep survive.
    if (isCrdRef(r.ref)) continue;
    const delOpt = effectiveOption({
      obj: r.obj,
      key: SyncOptionKey.Delete,
      appOptions: spec.syncPolicy.syncOptions,
      appLevelSupported: p.appLevelOptions,
    });
    if (delOpt === SyncValue.False) {
      facts.kept.push({ app: spec.name, ref: r.ref, why: "Delete=false keeps it when its Application is deleted" });
      continue;
    }
    if (annotationsOf(r.obj)[ANNOTATION_HELM_RESOURCE_POLICY] === HELM_RESOURCE_POLICY_KEEP) {
      facts.kept.push({
        app: spec.name,
        ref: r.ref,
        why: "helm.sh/resource-policy: keep keeps it when its Application is deleted",
      });
      continue;
    }
    if (isNamespaceRef(r.ref) && IMMORTAL_NAMESPACES.includes(r.ref.name)) continue;
    const pruneOpt = effectiveOption({
      obj: r.obj,
      key: SyncOptionKey.Prune,
      appOptions: spec.syncPolicy.syncOptions,
      appLevelSupported: p.appLevelOptions,
    });
    const movesTo = otherOwners({ head: p.head, ref: r.ref, except: spec.key, cluster, config });
    add(
      {
        ref: r.ref,
        app: spec.name,
        cause: "app-deleted",
        via: del.ref,
        trigger: "app-deletion",
        reason: `Application ${spec.name} is deleted and its resources finalizer deletes what it manages${delOpt === SyncValue.Confirm || pruneOpt === SyncValue.Confirm ? ", once deletion is approved (confirm)" : ""}${movesNote(movesTo)}`,
        ...moved(movesTo),
      },
      cluster,
    );
  }
}

function buildLiveInventory(base: SideState, config: Config): LiveObject[] {
  const out: LiveObject[] = [];
  for (const [key, app] of base.apps) {
    if (!app.desired) continue;
    const cluster = clusterIdOf(app.spec, config);
    for (const r of app.desired.resources.values()) out.push({ resource: r, owner: key, cluster });
  }
  // Applications and ApplicationSets applied by hand live in the control plane.
  for (const [, app] of base.apps) {
    if (app.spec.origin.kind !== "file") continue;
    out.push({
      resource: { ref: applicationRef(app.spec), apiVersion: APPLICATION_API_VERSION, obj: app.spec.manifest },
      owner: "",
      cluster: CONTROL_PLANE,
    });
  }
  for (const [, set] of base.appSets) {
    if (set.spec.origin.kind !== "file") continue;
    out.push({
      resource: {
        ref: applicationSetRef(set.spec),
        apiVersion: APPLICATION_API_VERSION,
        obj: set.spec.manifest,
      },
      owner: "",
      cluster: CONTROL_PLANE,
    });
  }
  // Generated Applications are not in any app's desired state but live in the control plane.
  for (const [, app] of base.apps) {
    if (app.spec.origin.kind !== "appset") continue;
    out.push({
      resource: { ref: applicationRef(app.spec), apiVersion: APPLICATION_API_VERSION, obj: app.spec.manifest },
      owner: "",
      cluster: CONTROL_PLANE,
    });
  }
  return out;
}

/** Claims a StatefulSet's scale-down deletes (whenScaled: Delete), unless its apply is refused. */
function scaleDownClaims(
  b: SideApp,
  h: SideApp,
  failures: readonly { refs: Ref[] }[],
  config: Config,
): { sts: Ref; claim: Ref }[] {
  const refused = new Set(failures.flatMap((f) => f.refs.map(refKey)));
  const out: { sts: Ref; claim: Ref }[] = [];
  for (const [k, next] of h.desired!.resources) {
    if (next.ref.group !== "apps" || next.ref.kind !== "StatefulSet" || refused.has(k)) continue;
    const old = b.desired!.resources.get(k);
    if (!old) continue;
    for (const claim of claimsDeletedOnScaleDown(old, next, config.kubeVersion)) out.push({ sts: next.ref, claim });
  }
  return out;
}

/** The same desired state on both sides (whatever else of the spec changed). */
function sameDesired(b: SideApp, h: SideApp): boolean {
  const x = b.desired!.resources;
  const y = h.desired!.resources;
  if (x.size !== y.size) return false;
  for (const [k, r] of x) if (stableStringify(r.obj) !== stableStringify(y.get(k)?.obj)) return false;
  return true;
}

/** A resource another app declares on head is deleted now and re-created when that app syncs,
 *  unless that app syncs first and adopts it (trap 19). */
function movesNote(to: string[]): string {
  if (to.length === 0) return "";
  const who = to.length > 1 ? "one of them" : to[0]!;
  return `; it moves to ${to.join(", ")}, but unless ${who} syncs first and takes it over, it is deleted and then re-created`;
}

/** Marks a deletion whose reason tells a move (the report then does not name the apps again). */
function moved(movesTo: string[]): { moved?: true } {
  return movesTo.length > 0 ? { moved: true } : {};
}

interface OwnersQuery {
  head: SideState;
  ref: Ref;
  except: string;
  /** the same object on another cluster is another object: not a move */
  cluster: string;
  config: Config;
}

function otherOwners(p: OwnersQuery): string[] {
  const { head, ref, except } = p;
  const key = refKey(ref);
  const names: string[] = [];
  for (const [k, app] of head.apps) {
    if (k === except || clusterIdOf(app.spec, p.config) !== p.cluster) continue;
    if (app.desired?.resources.has(key)) names.push(app.spec.name);
  }
  // by name: the message is the same whatever order the apps were found in
  return names.sort(cmp);
}

export function hasCascadeFinalizer(spec: AppSpec): boolean {
  return spec.finalizers.some((f) => CASCADE_FINALIZERS.includes(f));
}

export function isProtectedRef(ref: Ref, config: Config): boolean {
  if (isNamespaceRef(ref)) return isProtectedNamespace(ref.name, config);
  return ref.namespace !== "" && isProtectedNamespace(ref.namespace, config);
}
