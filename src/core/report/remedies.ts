// What would make a blocking finding safe, per rule: the Argo CD or Kubernetes lever that keeps
// the object alive or the sync working, then the override. Each lever is documented by Argo CD:
// `Prune=false` and `Delete=false` (argo-cd:docs/user-guide/sync-options.md; gitops-engine
// pkg/sync/common/types.go (SyncOptionDisablePrune, SyncOptionDisableDeletion)),
// `preserveResourcesOnDeletion` (argo-cd:pkg/apis/application/v1alpha1/applicationset_types.go
// (ApplicationSetSyncPolicy)), the resources finalizer (argo-cd:common/common.go
// (ResourcesFinalizerName); controller/appcontroller.go (finalizeApplicationDeletion)).
import type { RuleId } from "../policy/rules/registry.js";

const APPROVE = "or, if this is intended, comment `/blast-radius approve` (binds to this commit)";

const REMEDIES: Partial<Record<RuleId, string>> = {
  "protected-namespace-delete":
    "keep the Namespace in Git, or annotate it `argocd.argoproj.io/sync-options: Prune=false,Delete=false`",
  "protected-resource-delete":
    "keep the objects in Git (and their Namespace), or annotate them `argocd.argoproj.io/sync-options: Prune=false`",
  "protected-namespace-adopt":
    "do not declare the protected Namespace as an object of the app; `CreateNamespace=true` creates it untracked, so it is never pruned",
  "namespace-delete":
    "keep the Namespace in Git, or annotate it `argocd.argoproj.io/sync-options: Prune=false,Delete=false`",
  "crd-delete":
    "keep the CustomResourceDefinition in Git, or annotate it `argocd.argoproj.io/sync-options: Prune=false,Delete=false`: deleting it deletes every custom resource of its kind",
  "app-delete":
    "set `preserveResourcesOnDeletion: true` on the ApplicationSet, or remove the Application's `resources-finalizer.argocd.argoproj.io` before it goes, so its resources stay",
  "mass-delete": "split the change, or raise `policy.maxDeletions` in the base branch's configuration",
  "render-error": "fix the render error shown under the app: Argo CD stops syncing an app it cannot render",
  "duplicate-application": "give each Application a distinct name (or namespace), or declare it in one place only",
  "sync-fails": "change what the message names so that the sync Argo CD runs succeeds",
  "shared-resource": "declare the resource in one Application only",
  "data-loss": "annotate the claim or volume `argocd.argoproj.io/sync-options: Prune=false`, or keep it in Git",
  "not-analysed": "make the app analysable (configure its plugin, or render its source here)",
};

/** "To make it safe: …", for a blocking finding; `specific` (the finding's own way out) wins. */
export function remedyOf(rule: RuleId, specific?: string): string {
  const lever = specific ?? REMEDIES[rule];
  return lever ? `${lever}; ${APPROVE}` : APPROVE.replace(/^or, /, "");
}
