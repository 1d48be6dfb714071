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

/** Sync option strings (argo-cd:gitops-engine/pkg/sync/common/types.go). */
export const SyncOption = {
  PruneFalse: "Prune=false",
  PruneConfirm: "Prune=confirm",
  DeleteFalse: "Delete=false",
  DeleteConfirm: "Delete=confirm",
  PruneLast: "PruneLast=true",
  ReplaceTrue: "Replace=true",
  ForceTrue: "Force=true",
  CreateNamespace: "CreateNamespace=true",
  FailOnSharedResource: "FailOnSharedResource=true",
  PrunePropagationPolicy: "PrunePropagationPolicy",
} as const;

export const APPLICATION_GROUP = "argoproj.io";
export const APPLICATION_KIND = "Application";
export const APPLICATIONSET_KIND = "ApplicationSet";
export const CRD_GROUP = "apiextensions.k8s.io";
export const CRD_KIND = "CustomResourceDefinition";

/** The API server's NamespaceLifecycle admission plugin refuses to delete these
 *  (k8s.io/apiserver/pkg/admission/plugin/namespace/lifecycle). */
export const IMMORTAL_NAMESPACES: readonly string[] = ["default", "kube-system", "kube-public"];

/** The in-cluster destination (argo-cd:common/common.go KubernetesInternalAPIServerAddr). */
export const IN_CLUSTER_SERVER = "https://kubernetes.default.svc";
export const IN_CLUSTER_NAME = "in-cluster";
