// API versions Kubernetes stopped serving, from its deprecated API migration guide
// (kubernetes/website: content/en/docs/reference/using-api/deprecation-guide.md; argocd-semantics.md
// H.2). An object on such a version cannot be applied: Argo CD finds no resource for the GVK in
// discovery, the task fails and the whole sync with it, before anything is applied or pruned
// (argo-cd:gitops-engine/pkg/sync/sync_context.go (getSyncTasks)).

interface RemovedApi {
  /** "major.minor" of the first release that no longer serves it */
  removedIn: string;
  apiVersion: string;
  kinds: string[];
  /** the apiVersion to move to; "" when there is none */
  replacement: string;
}

const v1beta1ToV1 = (removedIn: string, group: string, kinds: string[]): RemovedApi => ({
  removedIn,
  apiVersion: `${group}/v1beta1`,
  kinds,
  replacement: `${group}/v1`,
});

export const REMOVED_APIS: readonly RemovedApi[] = [
  // 1.16
  {
    removedIn: "1.16",
    apiVersion: "extensions/v1beta1",
    kinds: ["NetworkPolicy"],
    replacement: "networking.k8s.io/v1",
  },
  {
    removedIn: "1.16",
    apiVersion: "extensions/v1beta1",
    kinds: ["DaemonSet", "Deployment", "ReplicaSet"],
    replacement: "apps/v1",
  },
  { removedIn: "1.16", apiVersion: "extensions/v1beta1", kinds: ["PodSecurityPolicy"], replacement: "policy/v1beta1" },
  { removedIn: "1.16", apiVersion: "apps/v1beta1", kinds: ["Deployment", "StatefulSet"], replacement: "apps/v1" },
  {
    removedIn: "1.16",
    apiVersion: "apps/v1beta2",
    kinds: ["DaemonSet", "Deployment", "ReplicaSet", "StatefulSet"],
    replacement: "apps/v1",
  },
  // 1.22
  v1beta1ToV1("1.22", "admissionregistration.k8s.io", [
    "MutatingWebhookConfiguration",
    "ValidatingWebhookConfiguration",
  ]),
  v1beta1ToV1("1.22", "apiextensions.k8s.io", ["CustomResourceDefinition"]),
  v1beta1ToV1("1.22", "apiregistration.k8s.io", ["APIService"]),
  v1beta1ToV1("1.22", "authentication.k8s.io", ["TokenReview"]),
  v1beta1ToV1("1.22", "authorization.k8s.io", [
    "LocalSubjectAccessReview",
    "SelfSubjectAccessReview",
    "SubjectAccessReview",
  ]),
  v1beta1ToV1("1.22", "certificates.k8s.io", ["CertificateSigningRequest"]),
  v1beta1ToV1("1.22", "coordination.k8s.io", ["Lease"]),
  v1beta1ToV1("1.22", "networking.k8s.io", ["Ingress", "IngressClass"]),
  { removedIn: "1.22", apiVersion: "extensions/v1beta1", kinds: ["Ingress"], replacement: "networking.k8s.io/v1" },
  v1beta1ToV1("1.22", "rbac.authorization.k8s.io", ["ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding"]),
  v1beta1ToV1("1.22", "scheduling.k8s.io", ["PriorityClass"]),
  v1beta1ToV1("1.22", "storage.k8s.io", ["CSIDriver", "CSINode", "StorageClass", "VolumeAttachment"]),
  // 1.25
  { removedIn: "1.25", apiVersion: "batch/v1beta1", kinds: ["CronJob"], replacement: "batch/v1" },
  v1beta1ToV1("1.25", "discovery.k8s.io", ["EndpointSlice"]),
  v1beta1ToV1("1.25", "events.k8s.io", ["Event"]),
  {
    removedIn: "1.25",
    apiVersion: "autoscaling/v2beta1",
    kinds: ["HorizontalPodAutoscaler"],
    replacement: "autoscaling/v2",
  },
  v1beta1ToV1("1.25", "policy", ["PodDisruptionBudget"]),
  { removedIn: "1.25", apiVersion: "policy/v1beta1", kinds: ["PodSecurityPolicy"], replacement: "" },
  v1beta1ToV1("1.25", "node.k8s.io", ["RuntimeClass"]),
  // 1.26
  {
    removedIn: "1.26",
    apiVersion: "flowcontrol.apiserver.k8s.io/v1beta1",
    kinds: ["FlowSchema", "PriorityLevelConfiguration"],
    replacement: "flowcontrol.apiserver.k8s.io/v1beta3",
  },
  {
    removedIn: "1.26",
    apiVersion: "autoscaling/v2beta2",
    kinds: ["HorizontalPodAutoscaler"],
    replacement: "autoscaling/v2",
  },
  // 1.27
  v1beta1ToV1("1.27", "storage.k8s.io", ["CSIStorageCapacity"]),
  // 1.29
  {
    removedIn: "1.29",
    apiVersion: "flowcontrol.apiserver.k8s.io/v1beta2",
    kinds: ["FlowSchema", "PriorityLevelConfiguration"],
    replacement: "flowcontrol.apiserver.k8s.io/v1",
  },
  // 1.32
  {
    removedIn: "1.32",
    apiVersion: "flowcontrol.apiserver.k8s.io/v1beta3",
    kinds: ["FlowSchema", "PriorityLevelConfiguration"],
    replacement: "flowcontrol.apiserver.k8s.io/v1",
  },
];

/** (major, minor) of "1.32.0", "v1.29", "1.27+"; undefined when not a version. */
export function parseKubeVersion(v: string): [number, number] | undefined {
  const m = /^v?(\d+)\.(\d+)/.exec(v.trim());
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

/** `head` when it is a higher Kubernetes version than `base`, else undefined (never lowers). */
export function raisedKubeVersion(base: string, head: string | undefined): string | undefined {
  if (head === undefined) return undefined;
  const a = parseKubeVersion(base);
  const b = parseKubeVersion(head);
  if (!b) return undefined;
  return !a || !atLeast(a, b) ? head : undefined;
}

/** `a` >= `b`, by (major, minor) compared as integers (1.100 > 1.25). */
function atLeast(a: [number, number], b: [number, number]): boolean {
  return a[0] !== b[0] ? a[0] > b[0] : a[1] >= b[1];
}

/** The removal that makes this object unappliable on a cluster of `kubeVersion`, if any. */
export function removedApi(params: { apiVersion: string; kind: string; kubeVersion: string }): RemovedApi | undefined {
  const cluster = parseKubeVersion(params.kubeVersion);
  if (!cluster) return undefined;
  return REMOVED_APIS.find(
    (r) =>
      r.apiVersion === params.apiVersion &&
      r.kinds.includes(params.kind) &&
      atLeast(cluster, parseKubeVersion(r.removedIn)!),
  );
}
