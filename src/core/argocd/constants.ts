// Argo CD names, each defined once, with where Argo CD defines it.

/** argo-cd:common/common.go AnnotationKeyAppInstance */
export const ANNOTATION_TRACKING_ID = "argocd.argoproj.io/tracking-id";
/** argo-cd:gitops-engine/pkg/sync/common/types.go AnnotationSyncOptions */
export const ANNOTATION_SYNC_OPTIONS = "argocd.argoproj.io/sync-options";
/** argo-cd:gitops-engine/pkg/sync/common/types.go AnnotationKeyHook */
export const ANNOTATION_HOOK = "argocd.argoproj.io/hook";
/** argo-cd:gitops-engine/pkg/sync/hook/helm/hook.go */
export const ANNOTATION_HELM_HOOK = "helm.sh/hook";
/** argo-cd:controller/appcontroller.go (shouldBeDeleted) */
export const ANNOTATION_HELM_RESOURCE_POLICY = "helm.sh/resource-policy";
/** argo-cd:common/common.go AnnotationKeyManifestGeneratePaths */
export const ANNOTATION_MANIFEST_GENERATE_PATHS = "argocd.argoproj.io/manifest-generate-paths";
/** argo-cd:pkg/apis/application/v1alpha1/application_defaults.go */
export const FINALIZER_RESOURCES = "resources-finalizer.argocd.argoproj.io";
export const FINALIZER_RESOURCES_FOREGROUND = "resources-finalizer.argocd.argoproj.io/foreground";
export const FINALIZER_RESOURCES_BACKGROUND = "resources-finalizer.argocd.argoproj.io/background";
export const CASCADE_FINALIZERS: readonly string[] = [
  FINALIZER_RESOURCES,
  FINALIZER_RESOURCES_FOREGROUND,
  FINALIZER_RESOURCES_BACKGROUND,
];

// Sync options, in the shape gitops-engine gives them: a key read as `key=value` (SyncOptionKey
// with SyncValue), or a whole option matched exactly (SyncOption).

/** Keys of `key=value` sync options, on a resource's annotation or (3.4+) the Application. */
export const SyncOptionKey = {
  /** argo-cd:gitops-engine/pkg/sync/common/types.go SyncOptionPrune */
  Prune: "Prune",
  /** argo-cd:gitops-engine/pkg/sync/common/types.go SyncOptionDelete */
  Delete: "Delete",
  /** argo-cd:controller/sync.go (SyncAppState, the prunePropagationPolicy switch); app-level only */
  PrunePropagationPolicy: "PrunePropagationPolicy",
} as const;

/** Values of `Prune=` and `Delete=`. */
export const SyncValue = {
  /** argo-cd:gitops-engine/pkg/sync/common/types.go SyncValueFalse */
  False: "false",
  /** argo-cd:gitops-engine/pkg/sync/common/types.go SyncValueConfirm */
  Confirm: "confirm",
} as const;

/** Values of `PrunePropagationPolicy=` (argo-cd:controller/sync.go (SyncAppState)). */
export const PropagationPolicy = {
  Orphan: "orphan",
} as const;

/** Whole sync options, matched exactly. */
export const SyncOption = {
  /** argo-cd:gitops-engine/pkg/sync/common/types.go SyncOptionReplace */
  Replace: "Replace=true",
  /** argo-cd:gitops-engine/pkg/sync/common/types.go SyncOptionForce */
  Force: "Force=true",
  /** argo-cd:controller/sync.go (SyncAppState, before hasSharedResourceCondition) */
  FailOnSharedResource: "FailOnSharedResource=true",
  /** argo-cd:gitops-engine/pkg/sync/common/types.go SyncOptionServerSideApply */
  ServerSideApply: "ServerSideApply=true",
  /** argo-cd:gitops-engine/pkg/sync/common/types.go SyncOptionDisableServerSideApply */
  DisableServerSideApply: "ServerSideApply=false",
  /** argo-cd:gitops-engine/pkg/sync/common/types.go SyncOptionSkipDryRunOnMissingResource */
  SkipDryRunOnMissingResource: "SkipDryRunOnMissingResource=true",
  /** argo-cd:gitops-engine/pkg/sync/common/types.go SyncOptionApplyOutOfSyncOnly */
  ApplyOutOfSyncOnly: "ApplyOutOfSyncOnly=true",
} as const;

/** The value of helm.sh/resource-policy that keeps an object when its Application is deleted
 *  (argo-cd:controller/appcontroller.go (shouldBeDeleted), helm.ResourcePolicyKeep). */
export const HELM_RESOURCE_POLICY_KEEP = "keep";

/** argo-cd:pkg/apis/application/register.go (Group, ApplicationKind, ApplicationSetKind); v1alpha1/register.go (SchemeGroupVersion) */
export const APPLICATION_GROUP = "argoproj.io";
export const APPLICATION_API_VERSION = `${APPLICATION_GROUP}/v1alpha1`;
export const APPLICATION_KIND = "Application";
export const APPLICATIONSET_KIND = "ApplicationSet";
/** argo-cd:gitops-engine/pkg/utils/kube/kube.go (IsCRD: CustomResourceDefinitionKind, group apiextensions.k8s.io) */
export const CRD_GROUP = "apiextensions.k8s.io";
export const CRD_KIND = "CustomResourceDefinition";

/** The API server's NamespaceLifecycle admission plugin refuses to delete these
 *  (k8s.io/apiserver/pkg/admission/plugin/namespace/lifecycle). */
export const IMMORTAL_NAMESPACES: readonly string[] = ["default", "kube-system", "kube-public"];

/** The in-cluster destination (argo-cd:common/common.go KubernetesInternalAPIServerAddr). */
export const IN_CLUSTER_SERVER = "https://kubernetes.default.svc";
export const IN_CLUSTER_NAME = "in-cluster";
