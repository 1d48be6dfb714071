// The desired state Argo CD compares for one app: rendered manifests after the controller's
// normalisation (argo-cd:controller/state.go (CompareAppState, NormalizeTargetObjects);
// gitops-engine/pkg/sync/reconcile.go (splitHooks, Reconcile)).
import type { Config } from "../../config/config.js";
import type { AppSpec, Manifest, Ref, Resource } from "../model.js";
import { isExcludedKind } from "../argocd/excluded-kinds.js";
import { hookKindOf } from "../argocd/hooks.js";
import { apiVersionOf, groupOf, kindOf, nameOf, namespaceOf } from "../argocd/manifest.js";
import { refKey } from "../refs.js";
import type { ScopeTable } from "../argocd/scope.js";

export interface DesiredState {
  /** normal resources by refKey; a key rendered twice keeps the last (RepeatedResourceWarning) */
  resources: Map<string, Resource>;
  /** hooks: never pruned, never compared */
  hooks: Resource[];
  /** namespaced objects left without namespace: InvalidSpecError, which blocks every sync */
  missingNamespace: Ref[];
  repeated: Ref[];
}

export function buildDesiredState(params: {
  app: AppSpec;
  manifests: Manifest[];
  scopes: ScopeTable;
  config: Config;
}): DesiredState {
  const { app, manifests, scopes, config } = params;
  const state: DesiredState = { resources: new Map(), hooks: [], missingNamespace: [], repeated: [] };
  for (const obj of manifests) {
    const kind = kindOf(obj);
    if (kind === "") continue;
    const group = groupOf(obj);
    if (isExcludedKind({ group, kind, version: config.argocd.version })) continue;
    const hook = hookKindOf(obj);
    if (hook === "ignored") continue;
    let namespace = namespaceOf(obj);
    if (scopes.scopeOf(group, kind) === "Cluster") namespace = "";
    else if (namespace === "") namespace = app.destination.namespace;
    const ref: Ref = { group, kind, namespace, name: nameOf(obj) };
    const resource: Resource = { ref, apiVersion: apiVersionOf(obj), obj };
    if (hook === "hook") {
      state.hooks.push(resource);
      continue;
    }
    if (namespace === "" && scopes.scopeOf(group, kind) === "Namespaced") state.missingNamespace.push(ref);
    const key = refKey(ref);
    if (state.resources.has(key)) {
      state.repeated.push(ref);
      state.resources.delete(key); // re-insert so iteration order follows the last occurrence
    }
    state.resources.set(key, resource);
  }
  return state;
}
