// The applicationsSync policy an ApplicationSet runs under (argo-cd:applicationset/utils/policy.go
// (DefaultPolicy)): the controller's policy, unless policy override is enabled and the
// ApplicationSet sets `spec.syncPolicy.applicationsSync`.
import type { Config } from "../../config/config.js";
import { isRecord } from "../argocd/manifest.js";
import type { AppSetPolicy } from "../model.js";

const POLICIES: readonly AppSetPolicy[] = ["sync", "create-only", "create-update", "create-delete"];

export function resolveAppSetPolicy(params: { spec: Record<string, unknown>; config: Config }): AppSetPolicy {
  const { spec, config } = params;
  const controller = config.argocd.applicationSetPolicy;
  if (!config.argocd.applicationSetPolicyOverride) return controller;
  const syncPolicy = isRecord(spec.syncPolicy) ? spec.syncPolicy : undefined;
  const own = syncPolicy?.applicationsSync;
  if (own === undefined || own === null) return controller;
  // AllowUpdate/AllowDelete only recognise sync, create-update, create-delete: any other value
  // (the CRD's enum normally rejects it) allows neither, which is create-only.
  return POLICIES.includes(own as AppSetPolicy) ? (own as AppSetPolicy) : "create-only";
}
