// Whether a kind is namespaced. Argo CD learns this from live API discovery; offline we use a
// table of built-in cluster-scoped kinds plus the `spec.scope` of CRDs found in the renders.
// A kind known to neither is treated as Argo CD treats a GroupKind missing from discovery:
// namespaced (argo-cd:gitops-engine/pkg/utils/kube/kube.go (IsNamespacedOrUnknown)).
import type { Manifest } from "../model.js";
import { CRD_GROUP, CRD_KIND } from "./constants.js";
import { isRecord } from "./manifest.js";

/** group/kind of the cluster-scoped kinds of Kubernetes 1.32 and common add-ons. */
const CLUSTER_SCOPED: ReadonlySet<string> = new Set([
  "/Namespace",
  "/Node",
  "/PersistentVolume",
  "/ComponentStatus",
  "rbac.authorization.k8s.io/ClusterRole",
  "rbac.authorization.k8s.io/ClusterRoleBinding",
  "apiextensions.k8s.io/CustomResourceDefinition",
  "apiregistration.k8s.io/APIService",
  "admissionregistration.k8s.io/MutatingWebhookConfiguration",
  "admissionregistration.k8s.io/ValidatingWebhookConfiguration",
  "admissionregistration.k8s.io/ValidatingAdmissionPolicy",
  "admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding",
  "admissionregistration.k8s.io/MutatingAdmissionPolicy",
  "admissionregistration.k8s.io/MutatingAdmissionPolicyBinding",
  "storage.k8s.io/StorageClass",
  "storage.k8s.io/CSIDriver",
  "storage.k8s.io/CSINode",
  "storage.k8s.io/VolumeAttachment",
  "storage.k8s.io/VolumeAttributesClass",
  "scheduling.k8s.io/PriorityClass",
  "node.k8s.io/RuntimeClass",
  "policy/PodSecurityPolicy",
  "certificates.k8s.io/CertificateSigningRequest",
  "certificates.k8s.io/ClusterTrustBundle",
  "flowcontrol.apiserver.k8s.io/FlowSchema",
  "flowcontrol.apiserver.k8s.io/PriorityLevelConfiguration",
  "networking.k8s.io/IngressClass",
  "networking.k8s.io/IPAddress",
  "networking.k8s.io/ServiceCIDR",
  "resource.k8s.io/DeviceClass",
  "authentication.k8s.io/TokenReview",
  "authentication.k8s.io/SelfSubjectReview",
  "authorization.k8s.io/SubjectAccessReview",
  "authorization.k8s.io/SelfSubjectAccessReview",
  "authorization.k8s.io/SelfSubjectRulesReview",
  "metrics.k8s.io/NodeMetrics",
  // common add-ons whose CRDs are usually installed outside the app
  "cert-manager.io/ClusterIssuer",
  "gateway.networking.k8s.io/GatewayClass",
  "snapshot.storage.k8s.io/VolumeSnapshotClass",
  "snapshot.storage.k8s.io/VolumeSnapshotContent",
  "kyverno.io/ClusterPolicy",
  "constraints.gatekeeper.sh/K8sRequiredLabels",
  "templates.gatekeeper.sh/ConstraintTemplate",
  "karpenter.sh/NodePool",
  "karpenter.k8s.aws/EC2NodeClass",
  "external-secrets.io/ClusterSecretStore",
  "external-secrets.io/ClusterExternalSecret",
  "cilium.io/CiliumClusterwideNetworkPolicy",
  "crd.projectcalico.org/GlobalNetworkPolicy",
  "argoproj.io/ClusterWorkflowTemplate",
]);

export type Scope = "Namespaced" | "Cluster";

/** A lookup of scopes: the built-in table, overridden by CRDs seen in renders. */
export interface ScopeTable {
  scopeOf(group: string, kind: string): Scope;
  /** true when the kind is in the built-in table or a rendered CRD (scope is known, not assumed). */
  isKnown(group: string, kind: string): boolean;
}

export function createScopeTable(renderedObjects: Iterable<Manifest>): ScopeTable {
  const fromCrds = new Map<string, Scope>();
  for (const obj of renderedObjects) {
    const crd = crdGroupKindScope(obj);
    if (crd) fromCrds.set(`${crd.group}/${crd.kind}`, crd.scope);
  }
  return {
    scopeOf(group, kind) {
      const key = `${group}/${kind}`;
      const crd = fromCrds.get(key);
      if (crd) return crd;
      return CLUSTER_SCOPED.has(key) ? "Cluster" : "Namespaced";
    },
    isKnown(group, kind) {
      const key = `${group}/${kind}`;
      return fromCrds.has(key) || CLUSTER_SCOPED.has(key) || BUILTIN_NAMESPACED_GROUPS.has(group);
    },
  };
}

/** Groups whose every kind we know to be namespaced unless listed above. */
const BUILTIN_NAMESPACED_GROUPS: ReadonlySet<string> = new Set([
  "",
  "apps",
  "batch",
  "autoscaling",
  "networking.k8s.io",
  "policy",
  "rbac.authorization.k8s.io",
  "coordination.k8s.io",
  "discovery.k8s.io",
  "events.k8s.io",
  "storage.k8s.io",
  "argoproj.io",
]);

/** The group, kind and scope a CustomResourceDefinition defines. */
export function crdGroupKindScope(obj: Manifest): { group: string; kind: string; scope: Scope } | undefined {
  if (obj.kind !== CRD_KIND) return undefined;
  const av = typeof obj.apiVersion === "string" ? obj.apiVersion : "";
  if (!av.startsWith(`${CRD_GROUP}/`)) return undefined;
  const spec = isRecord(obj.spec) ? obj.spec : {};
  const names = isRecord(spec.names) ? spec.names : {};
  if (typeof spec.group !== "string" || typeof names.kind !== "string") return undefined;
  return { group: spec.group, kind: names.kind, scope: spec.scope === "Cluster" ? "Cluster" : "Namespaced" };
}
