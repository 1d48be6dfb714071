// Rules (INTERFACE.md section 3) -> findings. Each rule is one small function of the facts.
import type { Config } from "../../config/config.js";
import type { Deletion, Finding, Ref, Severity } from "../model.js";
import { DEFAULT_SEVERITY } from "./rule-catalog.js";
import type { SideState } from "../side-state.js";
import type { DeletionFacts } from "../deletions/compute-deletions.js";
import { hasCascadeFinalizer } from "../deletions/compute-deletions.js";
import { CRD_KIND, SyncOption } from "../argocd/constants.js";
import { cmp } from "../argocd/manifest.js";
import {
  appKey,
  applicationRef,
  clusterRefKey,
  formatRef,
  isApplicationRef,
  isApplicationSetRef,
  isCrdRef,
  isNamespaceRef,
  refKey,
  sortRefs,
} from "../refs.js";
import { annotationOptions, hasAppOption } from "../argocd/sync-options.js";
import { appFilesHaveChanged, refreshPathsOf } from "../argocd/manifest-generate-paths.js";
import { clusterIdOf } from "../argocd/cluster-id.js";
import { isProtectedNamespace } from "./is-protected-namespace.js";
import { specChanged, stableStringify } from "../diff/pair-apps.js";

type Draft = Omit<Finding, "severity"> & { severity?: Severity };

export interface FindingInputs {
  base: SideState;
  head: SideState;
  facts: DeletionFacts;
  config: Config;
  /** repository files that differ between base and head (for manifest-generate-paths) */
  changedFiles?: string[];
}

export function computeFindings(inputs: FindingInputs): Finding[] {
  const drafts: Draft[] = [
    ...protectedNamespaceDeletes(inputs),
    ...protectedResourceDeletes(inputs),
    ...protectedNamespaceAdopts(inputs),
    ...namespaceDeletes(inputs),
    ...crdDeletes(inputs),
    ...appDeletes(inputs),
    ...massDelete(inputs),
    ...sharedResources(inputs),
    ...renderErrors(inputs),
    ...dataLoss(inputs),
    ...duplicateApplications(inputs),
    ...syncFails(inputs),
    ...notAnalysed(inputs),
    ...forceReplace(inputs),
    ...staleManifests(inputs),
  ];
  const out: Finding[] = [];
  for (const d of drafts) {
    const configured = inputs.config.policy.rules[d.rule];
    if (configured === "off") continue;
    const severity = configured ?? d.severity ?? DEFAULT_SEVERITY[d.rule];
    out.push({
      rule: d.rule,
      severity,
      message: d.message,
      ...(d.app !== undefined ? { app: d.app } : {}),
      refs: sortRefs(d.refs),
    });
  }
  return out;
}

function describe(d: Deletion): string {
  const how =
    d.cause === "pruned"
      ? `pruned by ${d.app} (${d.trigger})`
      : d.cause === "app-deleted"
        ? `deleted with Application ${d.via?.name ?? d.app}`
        : d.cause === "namespace-deleted"
          ? `deleted with Namespace ${d.via?.name}`
          : `deleted with CRD ${d.via?.name}`;
  return how;
}

function protectedNamespaceDeletes({ facts }: FindingInputs): Draft[] {
  return facts.deletions
    .filter((d) => isNamespaceRef(d.ref) && d.protected)
    .map((d) => {
      const inside = deletedInside(facts.deletions, d.ref.name);
      return {
        rule: "protected-namespace-delete" as const,
        message: `Protected Namespace ${d.ref.name} would be ${describe(d)}${inside > 0 ? `, and with it ${inside} resource${inside === 1 ? "" : "s"} inside it` : ""}.`,
        app: d.app,
        refs: [d.ref],
      };
    });
}

function protectedResourceDeletes({ facts }: FindingInputs): Draft[] {
  // One finding per protected namespace and cause, not one per resource.
  const groups = new Map<string, Deletion[]>();
  for (const d of facts.deletions) {
    // Application and ApplicationSet objects live in the Argo CD namespace by design; their
    // deletion is the app-delete rule's business, their resources are judged on their own.
    if (!d.protected || isNamespaceRef(d.ref) || isApplicationRef(d.ref) || isApplicationSetRef(d.ref)) continue;
    const k = `${d.ref.namespace}|${d.cause}|${d.via ? refKey(d.via) : ""}|${d.app}`;
    groups.set(k, [...(groups.get(k) ?? []), d]);
  }
  return [...groups.values()].map((ds) => {
    const first = ds[0]!;
    const names = ds
      .slice(0, 10)
      .map((d) => formatRef(d.ref))
      .join(", ");
    return {
      rule: "protected-resource-delete" as const,
      message: `${ds.length} resource${ds.length === 1 ? "" : "s"} in protected namespace ${first.ref.namespace} would be ${describe(first)}: ${names}${ds.length > 10 ? ` and ${ds.length - 10} more` : ""}.`,
      app: first.app,
      refs: ds.map((d) => d.ref),
    };
  });
}

function protectedNamespaceAdopts({ base, head, config }: FindingInputs): Draft[] {
  const out: Draft[] = [];
  for (const [key, h] of head.apps) {
    if (!h.desired) continue;
    const b = base.apps.get(key);
    for (const r of h.desired.resources.values()) {
      if (!isNamespaceRef(r.ref) || !isProtectedNamespace(r.ref.name, config)) continue;
      if (b?.desired?.resources.has(refKey(r.ref))) continue;
      out.push({
        rule: "protected-namespace-adopt",
        message: `${h.spec.name} starts declaring protected Namespace ${r.ref.name}: Argo CD takes ownership of it, so a later change that drops it from the render prunes the namespace and everything in it.`,
        app: h.spec.name,
        refs: [r.ref],
      });
    }
  }
  return out;
}

function namespaceDeletes({ facts }: FindingInputs): Draft[] {
  return facts.deletions
    .filter((d) => isNamespaceRef(d.ref) && !d.protected)
    .map((d) => {
      const inside = deletedInside(facts.deletions, d.ref.name);
      return {
        rule: "namespace-delete" as const,
        message: `Namespace ${d.ref.name} would be ${describe(d)}, with everything in it (${inside} known resource${inside === 1 ? "" : "s"}).`,
        app: d.app,
        refs: [d.ref],
      };
    });
}

function crdDeletes({ facts }: FindingInputs): Draft[] {
  return facts.deletions
    .filter((d) => isCrdRef(d.ref))
    .map((d) => ({
      rule: "crd-delete" as const,
      message: `CustomResourceDefinition ${d.ref.name} would be ${describe(d)}: every custom resource of that type in the cluster is deleted with it.`,
      app: d.app,
      refs: [d.ref],
    }));
}

function appDeletes({ base, facts }: FindingInputs): Draft[] {
  const out: Draft[] = [];
  const deletedKeys = new Set(facts.deletions.map((d) => refKey(d.ref)));
  for (const d of facts.deletions) {
    if (!isApplicationRef(d.ref)) continue;
    const app = base.apps.get(appKey(d.ref.namespace, d.ref.name));
    const own = app?.desired ? [...app.desired.resources.keys()] : [];
    const gone = own.filter((k) => deletedKeys.has(k)).length;
    let tail: string;
    if (app && !app.desired)
      tail = `; it did not render on base, so which resources ${hasCascadeFinalizer(app.spec) ? "its resources finalizer deletes" : "it leaves behind"} is unknown`;
    else if (app && hasCascadeFinalizer(app.spec))
      tail = `; its resources finalizer deletes what it manages (${gone} of its ${own.length} resources are deleted)`;
    else if (gone > 0)
      tail = `; it has no resources finalizer, but ${gone} of its ${own.length} resources are deleted anyway (see above)`;
    else tail = "; it has no resources finalizer, so its resources stay (orphaned)";
    const why = d.trigger === "appset-reconcile" && !d.via ? "its ApplicationSet no longer generates it" : describe(d);
    out.push({
      rule: "app-delete",
      message: `Application ${d.ref.name} would be deleted (${why})${tail}.`,
      app: d.ref.name,
      refs: [d.ref],
    });
  }
  for (const u of facts.unmanagedRemovals) {
    const what = u.apps ? `ApplicationSet ${u.app}` : `Application ${u.app}`;
    const consequence = u.apps
      ? u.apps.length > 0
        ? `if it is deleted, Kubernetes deletes its ${u.apps.length} Application${u.apps.length === 1 ? "" : "s"} (${u.apps.join(", ")})${u.wouldCascade > 0 ? ` and their resources finalizers delete ${u.wouldCascade} resources` : ""}`
        : "if it is deleted, its Applications stay (its policy does not delete them)"
      : u.wouldCascade > 0
        ? `if it is deleted, its resources finalizer deletes ${u.wouldCascade} resources`
        : "if it is deleted, its resources stay (no resources finalizer)";
    out.push({
      rule: "app-delete",
      message: `${what} is removed from ${u.file}, which no Argo CD application manages: Argo CD does not delete it by itself, and the objects it manages stay as they are until someone deletes it; ${consequence}.`,
      app: u.app,
      refs: [u.ref],
    });
  }
  return out;
}

function massDelete({ facts, config }: FindingInputs): Draft[] {
  const n = facts.deletions.length;
  if (n <= config.policy.maxDeletions) return [];
  return [
    {
      rule: "mass-delete",
      message: `${n} resources would be deleted, more than the limit of ${config.policy.maxDeletions} (policy.maxDeletions).`,
      refs: [],
    },
  ];
}

function sharedResources({ base, head, config }: FindingInputs): Draft[] {
  const owners = (side: SideState): Map<string, { ref: Ref; apps: string[] }> => {
    const m = new Map<string, { ref: Ref; apps: string[] }>();
    for (const [, app] of side.apps) {
      if (!app.desired) continue;
      const cluster = clusterIdOf(app.spec, config);
      for (const r of app.desired.resources.values()) {
        const k = clusterRefKey(cluster, r.ref);
        const e = m.get(k) ?? { ref: r.ref, apps: [] };
        e.apps.push(app.spec.name);
        m.set(k, e);
      }
    }
    return m;
  };
  const before = owners(base);
  const out: Draft[] = [];
  for (const [k, e] of owners(head)) {
    if (e.apps.length < 2) continue;
    const apps = [...new Set(e.apps)].sort(cmp);
    const old = before.get(k);
    // News only when an app joins the sharing; apps leaving it make nothing worse.
    const preexisting = old !== undefined && new Set(old.apps).size > 1 && apps.every((a) => old.apps.includes(a));
    if (preexisting) continue;
    out.push({
      rule: "shared-resource",
      message: `${formatRef(e.ref)} is declared by ${apps.length} applications (${apps.join(", ")}): they overwrite each other's tracking, and whichever prunes it last deletes it.`,
      app: apps[0]!,
      refs: [e.ref],
    });
  }
  return out;
}

function renderErrors({ base, head }: FindingInputs): Draft[] {
  const out: Draft[] = [];
  for (const [key, h] of head.apps) {
    if (!h.render.error || h.render.limitation) continue;
    const b = base.apps.get(key);
    // Only a base that really rendered everything shows that this change breaks the app.
    if (b && !b.render.error && !b.render.incomplete) {
      out.push({
        rule: "render-error",
        message: `${h.spec.name} renders on base but fails on head, so Argo CD stops syncing it: ${h.render.error}`,
        app: h.spec.name,
        refs: [],
      });
    }
  }
  return out;
}

function dataLoss({ facts }: FindingInputs): Draft[] {
  return facts.deletions
    .filter((d) => d.ref.group === "" && (d.ref.kind === "PersistentVolumeClaim" || d.ref.kind === "PersistentVolume"))
    .map((d) => ({
      rule: "data-loss" as const,
      message: `${formatRef(d.ref)} would be ${describe(d)}; the data on its volume may be lost.`,
      app: d.app,
      refs: [d.ref],
    }));
}

function duplicateApplications({ base, head }: FindingInputs): Draft[] {
  const out: Draft[] = [];
  for (const [key, h] of head.apps) {
    // The same parent may render one name twice (two files, one copy-pasted name): count each.
    const places = [...h.declarations].sort(cmp);
    if (places.length < 2) continue;
    const before = [...(base.apps.get(key)?.declarations ?? [])].sort(cmp);
    const preexisting = before.join("\n") === places.join("\n");
    out.push({
      rule: "duplicate-application",
      ...(preexisting ? { severity: "info" as const } : {}),
      message: `Application ${h.spec.name} is declared ${places.length} times (${describePlaces(places)}): Argo CD keeps only one spec (the last one rendered, or the ApplicationSet's), so the other's resources can be pruned${preexisting ? " (already the case on base)" : ""}.`,
      app: h.spec.name,
      refs: [applicationRef(h.spec)],
    });
  }
  return out;
}

function syncFails({ head, config, facts }: FindingInputs): Draft[] {
  const out: Draft[] = facts.syncFailures.map((f) => ({
    rule: "sync-fails" as const,
    ...(f.preexisting ? { severity: "info" as const } : {}),
    message: f.preexisting ? `${f.message} (already the case on base)` : f.message,
    app: f.app,
    refs: f.refs,
  }));
  // FailOnSharedResource=true fails the whole sync when the app shares a resource (controller/sync.go).
  const owners = new Map<string, string[]>();
  for (const [, app] of head.apps) {
    if (!app.desired) continue;
    const cluster = clusterIdOf(app.spec, config);
    for (const r of app.desired.resources.values()) {
      const k = clusterRefKey(cluster, r.ref);
      owners.set(k, [...(owners.get(k) ?? []), app.spec.key]);
    }
  }
  for (const [, app] of head.apps) {
    if (!app.desired || !hasAppOption(app.spec.syncPolicy.syncOptions, SyncOption.FailOnSharedResource)) continue;
    const cluster = clusterIdOf(app.spec, config);
    const shared = [...app.desired.resources.values()].filter(
      (r) => (owners.get(clusterRefKey(cluster, r.ref)) ?? []).length > 1,
    );
    if (shared.length === 0) continue;
    out.push({
      rule: "sync-fails",
      message: `${app.spec.name} sets FailOnSharedResource=true and shares ${shared.length} resource${shared.length === 1 ? "" : "s"} with another application: every sync fails.`,
      app: app.spec.name,
      refs: shared.map((r) => r.ref),
    });
  }
  return out;
}

function notAnalysed({ base, head }: FindingInputs): Draft[] {
  const out: Draft[] = [];
  for (const [key, h] of head.apps) {
    const b = base.apps.get(key);
    for (const s of h.render.sources) {
      if (s.status === "skipped" && (s.notConfigured || s.unavailable)) {
        out.push({
          rule: "not-analysed",
          message: `${h.spec.name} was not rendered: ${s.reason}.`,
          app: h.spec.name,
          refs: [],
        });
      }
    }
    if (
      h.render.incomplete &&
      !h.render.sources.some((s) => s.status === "skipped" && (s.notConfigured || s.unavailable)) &&
      (!b || specChanged(b.spec, h.spec))
    ) {
      out.push({
        rule: "not-analysed",
        message: `${h.spec.name} changed but could not be fully rendered: ${h.render.incomplete}.`,
        app: h.spec.name,
        refs: [],
      });
    }
    const unchangedFailure = b !== undefined && !specChanged(b.spec, h.spec) && b.render.error === h.render.error;
    if (h.render.error && unchangedFailure) {
      // Spec and inputs unchanged, failing the same way on base: nothing this change does.
    } else if (h.render.error && h.render.limitation) {
      out.push({
        rule: "not-analysed",
        message: `${h.spec.name} could not be rendered here (${h.render.limitation}), so what it would change is unknown: ${h.render.error}`,
        app: h.spec.name,
        refs: [],
      });
    } else if (h.render.error && (!b || b.render.error || b.render.incomplete)) {
      out.push({
        rule: "not-analysed",
        message: `${h.spec.name} does not render on head${b?.render.error ? " (nor on base)" : ""}, so what it would change is unknown: ${h.render.error}`,
        app: h.spec.name,
        refs: [],
      });
    }
    if (b && b.render.error && !h.render.error) {
      out.push({
        rule: "not-analysed",
        message: `${h.spec.name} did not render on base, so what head removes from it is unknown: ${b.render.error}`,
        app: h.spec.name,
        refs: [],
      });
    }
  }
  for (const [key, hs] of head.appSets) {
    if (hs.result.ok) continue;
    const bs = base.appSets.get(key);
    const message =
      hs.result.reason === "cannot-evaluate"
        ? `ApplicationSet ${hs.spec.name} cannot be evaluated offline (${hs.result.message}); the Applications it generates were not analysed.`
        : `ApplicationSet ${hs.spec.name} fails to generate on head (${hs.result.message}); Argo CD stops reconciling it, so it neither creates nor deletes Applications.`;
    const unchanged =
      bs &&
      !bs.result.ok &&
      bs.result.message === hs.result.message &&
      JSON.stringify(bs.spec.manifest) === JSON.stringify(hs.spec.manifest);
    // Live-data generators: an unchanged ApplicationSet whose apps cannot read this repository
    // is out of this change's reach.
    if (unchanged && hs.result.reason === "cannot-evaluate" && hs.readsThisRepo === false) continue;
    out.push({
      rule: "not-analysed",
      ...(unchanged && hs.result.reason === "error" ? { severity: "info" as const } : {}),
      message,
      refs: [],
    });
  }
  for (const e of head.parseErrors) {
    if (base.parseErrors.some((x) => x.file === e.file && x.message === e.message)) continue;
    out.push({ rule: "not-analysed", message: `${e.file} could not be parsed: ${e.message}`, refs: [] });
  }
  return out;
}

function describePlaces(places: string[]): string {
  const counts = new Map<string, number>();
  for (const p of places) counts.set(p, (counts.get(p) ?? 0) + 1);
  return [...counts].map(([p, n]) => (n > 1 ? `${n}× in ${p}'s render` : p)).join("; ");
}

/** Replace=true with Force=true deletes and re-creates the object on apply
 *  (gitops-engine sync_context.go (applyObject); Namespaces and CRDs are updated instead). */
function forceReplace({ base, head }: FindingInputs): Draft[] {
  const out: Draft[] = [];
  for (const [key, h] of head.apps) {
    if (!h.desired) continue;
    const appOpts = h.spec.syncPolicy.syncOptions;
    const b = base.apps.get(key)?.desired;
    for (const r of h.desired.resources.values()) {
      if (r.ref.kind === "Namespace" || r.ref.kind === CRD_KIND) continue;
      const opts = annotationOptions(r.obj);
      const replace = opts.includes(SyncOption.Replace) || appOpts.includes(SyncOption.Replace);
      const force = opts.includes(SyncOption.Force) || appOpts.includes(SyncOption.Force);
      if (!replace || !force) continue;
      const old = b?.resources.get(refKey(r.ref));
      if (old && stableStringify(old.obj) === stableStringify(r.obj)) continue; // not applied by this change
      out.push({
        rule: "force-replace",
        message: `${formatRef(r.ref)} is synced with Replace=true and Force=true: Argo CD deletes and re-creates it when this change is applied${r.ref.kind === "PersistentVolumeClaim" ? ", and its volume with it" : ""}.`,
        app: h.spec.name,
        refs: [r.ref],
      });
    }
  }
  return out;
}

function staleManifests({ base, head, changedFiles }: FindingInputs): Draft[] {
  if (!changedFiles) return [];
  const out: Draft[] = [];
  for (const [key, h] of head.apps) {
    const b = base.apps.get(key);
    if (!b || !h.desired || !b.desired || specChanged(b.spec, h.spec)) continue;
    const paths = refreshPathsOf(h.spec);
    if (!paths || appFilesHaveChanged({ refreshPaths: paths, changedFiles })) continue;
    const changed =
      [...h.desired.resources.keys()].some(
        (k) => stableStringify(b.desired!.resources.get(k)?.obj) !== stableStringify(h.desired!.resources.get(k)?.obj),
      ) || b.desired.resources.size !== h.desired.resources.size;
    if (!changed) continue;
    out.push({
      rule: "stale-manifests",
      message: `${h.spec.name}'s rendered output changes, but no changed file matches its manifest-generate-paths (${paths.map((p) => `/${p}`).join(", ")}): Argo CD keeps its old manifests for this commit, so the change (and any deletion above) lands later, on a hard refresh or the next commit touching those paths.`,
      app: h.spec.name,
      refs: [],
    });
  }
  return out;
}

/** Everything deleted inside a namespace, whether pruned directly or taken by the namespace. */
function deletedInside(deletions: Deletion[], namespace: string): number {
  return deletions.filter((x) => x.ref.namespace === namespace).length;
}
