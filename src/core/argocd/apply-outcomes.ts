// What applying head's desired state over the live (base) objects does, object by object:
// a removed API fails the whole sync before anything is applied (H.2); an immutable-field change
// fails the apply (H.1) unless Force=true with client-side apply deletes and re-creates the
// object; Replace=true with Force=true re-creates every live object on every sync.
import type { Config } from "../../config/config.js";
import type { Ref, Resource } from "../model.js";
import type { SideApp } from "../side-state.js";
import { immutableChanges, RECREATE_FORCE } from "../kube/immutable-fields.js";
import { removedApi } from "../kube/removed-apis.js";
import { stableStringify } from "../diff/pair-apps.js";
import { formatRef, isCrdRef, isNamespaceRef, refKey } from "../refs.js";
import { codeSpan } from "../report/markdown.js";
import { applyModeOf } from "./apply-mode.js";
import { SyncOption } from "./constants.js";
import { annotationOptions, hasAppOption } from "./sync-options.js";

export interface ApplyFailure {
  message: string;
  refs: Ref[];
  preexisting?: boolean;
  /** the way out: the replacement apiVersion, or how to get an immutable change through */
  remedy: string;
}

export interface Replacement {
  ref: Ref;
  reason: string;
}

/** Objects on an API version the cluster no longer serves: Argo CD's sync fails in discovery
 *  (argo-cd:gitops-engine/pkg/sync/sync_context.go (getSyncTasks): "the server could not find the
 *  requested resource"; the operation fails with "one or more synchronization tasks are not
 *  valid"), so nothing of the app is applied or pruned. SkipDryRunOnMissingResource=true, or a
 *  CRD of that group in the same sync, lets the task through. */
export function removedApiFailure(params: {
  b: SideApp | undefined;
  h: SideApp;
  config: Config;
}): ApplyFailure | undefined {
  const { b, h, config } = params;
  if (!h.desired) return undefined;
  if (hasAppOption(h.spec.syncPolicy.syncOptions, SyncOption.SkipDryRunOnMissingResource)) return undefined;
  const crdGroups = new Set([...h.desired.resources.values()].filter((r) => isCrdRef(r.ref)).map((r) => crdGroupOf(r)));
  // The stricter of base's kubeVersion and head's (a PR that announces a cluster upgrade).
  const raised = config.kubeVersionRaisedTo;
  const kubeVersion = raised ?? config.kubeVersion;
  const hits: { r: Resource; removedIn: string; replacement: string; onBase: boolean }[] = [];
  for (const r of h.desired.resources.values()) {
    if (annotationOptions(r.obj).includes(SyncOption.SkipDryRunOnMissingResource)) continue;
    if (crdGroups.has(r.apiVersion.split("/")[0]!)) continue;
    const gone = removedApi({ apiVersion: r.apiVersion, kind: r.ref.kind, kubeVersion });
    if (!gone) continue;
    const onBase = removedApi({ apiVersion: r.apiVersion, kind: r.ref.kind, kubeVersion: config.kubeVersion });
    hits.push({ r, removedIn: gone.removedIn, replacement: gone.replacement, onBase: onBase !== undefined });
  }
  if (hits.length === 0) return undefined;
  // Already failing on base: the same object on the same version, removed at base's kubeVersion.
  const preexisting = hits.every(
    (x) => x.onBase && b?.desired?.resources.get(refKey(x.r.ref))?.apiVersion === x.r.apiVersion,
  );
  const shown = hits
    .slice(0, 3)
    .map(
      (x) =>
        `${formatRef(x.r.ref)} uses ${x.r.apiVersion}, removed in Kubernetes ${x.removedIn} (${x.replacement ? `use ${x.replacement}` : "no replacement"})`,
    );
  const more = hits.length > 3 ? `, and ${hits.length - 3} more` : "";
  const cluster = hits.some((x) => !x.onBase)
    ? `This change raises kubeVersion from ${config.kubeVersion} to ${kubeVersion} in the configuration: once the cluster runs it, it does not serve that API and the whole sync fails before anything is applied or pruned`
    : `The cluster (kubeVersion ${config.kubeVersion}) does not serve it: the whole sync fails before anything is applied or pruned`;
  const moves = hits
    .slice(0, 3)
    .map((x) =>
      x.replacement
        ? `move ${codeSpan(formatRef(x.r.ref))} from ${codeSpan(x.r.apiVersion)} to ${codeSpan(x.replacement)}`
        : `remove ${codeSpan(formatRef(x.r.ref))} (${codeSpan(x.r.apiVersion)} has no replacement)`,
    );
  const raisedOnly = hits.some((x) => !x.onBase);
  return {
    message: `${h.spec.name}: ${shown.join("; ")}${more}. ${cluster}`,
    refs: hits.map((x) => x.r.ref),
    ...(preexisting ? { preexisting: true } : {}),
    remedy: `${moves.join("; ")}${more ? `, and the same for the ${hits.length - 3} more` : ""}${raisedOnly ? `; or keep \`kubeVersion\` at ${config.kubeVersion} until ${hits.length === 1 ? "it is" : "they are"} migrated` : ""}`,
  };
}

/** Per object present on both sides: refused changes, and the deletions Force/Replace make. */
export function applyOutcomes(params: { b: SideApp; h: SideApp }): {
  failures: ApplyFailure[];
  replaced: Replacement[];
} {
  const { b, h } = params;
  const failures: ApplyFailure[] = [];
  const replaced: Replacement[] = [];
  if (!b.desired || !h.desired) return { failures, replaced };
  const appOptions = h.spec.syncPolicy.syncOptions;
  const outOfSyncOnly = hasAppOption(appOptions, SyncOption.ApplyOutOfSyncOnly);
  const both = [...h.desired.resources.entries()].filter(([k]) => b.desired!.resources.has(k));
  const modified = new Set(
    both
      .filter(([k, r]) => stableStringify(r.obj) !== stableStringify(b.desired!.resources.get(k)!.obj))
      .map(([k]) => k),
  );
  // Nothing differs: Argo CD has no sync to run for this change.
  if (modified.size === 0 && b.desired.resources.size === h.desired.resources.size) return { failures, replaced };
  for (const [k, r] of both) {
    const mode = applyModeOf({ obj: r.obj, appOptions });
    const exempt = isCrdRef(r.ref) || isNamespaceRef(r.ref);
    // kubectl replace --force deletes and creates the live object on every sync
    // (kubectl:pkg/cmd/replace/replace.go (forceReplace)); CRDs and Namespaces are updated instead
    // (sync_context.go (applyObject)).
    if (mode.replace && mode.force && !exempt && (!outOfSyncOnly || modified.has(k))) {
      replaced.push({
        ref: r.ref,
        reason: `Replace=true with Force=true: Argo CD deletes ${formatRef(r.ref)} and creates it again on every sync`,
      });
      continue;
    }
    if (!modified.has(k)) continue;
    const o = immutableOutcome({ app: h.spec.name, live: b.desired.resources.get(k)!, next: r, appOptions });
    if (o?.kind === "failure") failures.push(o.failure);
    if (o?.kind === "replaced") replaced.push(o.replacement);
  }
  return { failures, replaced };
}

/** One object applied over a live one: refused (failure), re-created (Force=true), or fine. */
export function immutableOutcome(params: {
  app: string;
  live: Resource;
  next: Resource;
  appOptions: readonly string[];
}): { kind: "failure"; failure: ApplyFailure } | { kind: "replaced"; replacement: Replacement } | undefined {
  const { app, live, next: r } = params;
  const mode = applyModeOf({ obj: r.obj, appOptions: params.appOptions });
  const changes = immutableChanges({ group: r.ref.group, kind: r.ref.kind, old: live.obj, next: r.obj });
  if (changes.length === 0) return undefined;
  const fields = changes.map((c) => c.field).join(", ");
  // kubectl:pkg/cmd/apply/patcher.go (Patch, deleteAndCreate): a refused patch with --force
  // deletes and creates the object; server-side apply has no such path (apply.go (applyOneObject)).
  if (mode.force && !mode.serverSide && !mode.replace) {
    return {
      kind: "replaced",
      replacement: {
        ref: r.ref,
        reason: `the API server refuses the change to ${fields} (immutable); Force=true makes Argo CD delete it and create it again`,
      },
    };
  }
  const how = mode.serverSide
    ? " (server-side apply: Force=true does not help)"
    : mode.replace
      ? " (Replace=true sends the same change and is refused too)"
      : "";
  return {
    kind: "failure",
    failure: {
      message: `${app}: ${formatRef(r.ref)} changes ${fields}, which the API server refuses to change${how}: the sync fails in that wave and later waves do not apply`,
      refs: [r.ref],
      remedy: mode.serverSide ? changes[0]!.wayOut.replace(RECREATE_FORCE, SSA_FORCE) : changes[0]!.wayOut,
    },
  };
}

/** kubectl's delete and re-create on a refused patch exists for client-side apply only. */
const SSA_FORCE =
  "annotate the object `argocd.argoproj.io/sync-options: ServerSideApply=false,Force=true` for this change (under server-side apply Force=true does not re-create it; client-side apply deletes and creates it again: a short outage)";

function crdGroupOf(r: Resource): string {
  const spec = r.obj["spec"] as { group?: unknown } | undefined;
  return typeof spec?.group === "string" ? spec.group : "";
}
