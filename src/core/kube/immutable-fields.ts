// The fields the Kubernetes API server refuses to change on an update (HTTP 422, "field is
// immutable"). One table; each row cites the validation function in kubernetes/kubernetes
// (argocd-semantics.md H.1). Client dry runs do not catch these: the real apply fails.
import type { Manifest } from "../model.js";
import { stableStringify } from "../diff/pair-apps.js";

export interface ImmutableRule {
  group: string;
  kind: string;
  /** dotted paths compared whole */
  fields: string[];
  /** how to get the change through */
  wayOut: string;
  /** kubernetes/kubernetes file (function) */
  citation: string;
  /** only when the old object satisfies this (an `immutable: true` ConfigMap) */
  when?: (old: Manifest) => boolean;
}

/** The generic way through a refused change; apply-outcomes.ts rewords its Force part under server-side apply. */
export const RECREATE_FORCE =
  "annotate the object `argocd.argoproj.io/sync-options: Force=true` for this change (client-side apply then deletes and creates it again: a short outage)";
const RECREATE = `${RECREATE_FORCE}, or delete it by hand and let Argo CD create it again`;

const isImmutable = (old: Manifest): boolean => old["immutable"] === true;

export const IMMUTABLE_FIELDS: readonly ImmutableRule[] = [
  {
    group: "apps",
    kind: "Deployment",
    fields: ["spec.selector"],
    wayOut: `${RECREATE}; or create a Deployment under a new name`,
    citation: "pkg/apis/apps/validation/validation.go (ValidateDeploymentUpdate)",
  },
  {
    group: "apps",
    kind: "ReplicaSet",
    fields: ["spec.selector"],
    wayOut: RECREATE,
    citation: "pkg/apis/apps/validation/validation.go (ValidateReplicaSetUpdate)",
  },
  {
    group: "apps",
    kind: "DaemonSet",
    fields: ["spec.selector"],
    wayOut: RECREATE,
    citation: "pkg/apis/apps/validation/validation.go (ValidateDaemonSetSpecUpdate)",
  },
  {
    group: "apps",
    kind: "StatefulSet",
    fields: ["spec.selector", "spec.serviceName", "spec.volumeClaimTemplates", "spec.podManagementPolicy"],
    wayOut: "delete the StatefulSet with --cascade=orphan and let Argo CD create it again (its PVCs stay)",
    citation: "pkg/apis/apps/validation/validation.go (ValidateStatefulSetUpdate)",
  },
  {
    group: "batch",
    kind: "Job",
    fields: ["spec.selector", "spec.template", "spec.completionMode", "spec.podFailurePolicy"],
    wayOut: "give the Job a new name, or delete it first (a Job is usually a hook with BeforeHookCreation)",
    citation: "pkg/apis/batch/validation/validation.go (ValidateJobSpecUpdate)",
  },
  {
    group: "",
    kind: "Service",
    fields: ["spec.clusterIP", "spec.clusterIPs"],
    wayOut: `remove the clusterIP from the manifest (the server keeps the one it assigned), or ${RECREATE}`,
    citation: "pkg/apis/core/validation/validation.go (ValidateServiceUpdate, validateUpgradeDowngradeClusterIPs)",
  },
  {
    group: "",
    kind: "ConfigMap",
    fields: ["data", "binaryData", "immutable"],
    wayOut: "create a ConfigMap under a new name (a hash suffix) and point the workloads at it",
    citation: "pkg/apis/core/validation/validation.go (ValidateConfigMapUpdate)",
    when: isImmutable,
  },
  {
    group: "",
    kind: "Secret",
    fields: ["type"],
    wayOut: RECREATE,
    citation: "pkg/apis/core/validation/validation.go (ValidateSecretUpdate)",
  },
  {
    group: "",
    kind: "Secret",
    fields: ["data", "immutable"],
    wayOut: "create a Secret under a new name (a hash suffix) and point the workloads at it",
    citation: "pkg/apis/core/validation/validation.go (ValidateSecretUpdate)",
    when: isImmutable,
  },
  {
    group: "rbac.authorization.k8s.io",
    kind: "RoleBinding",
    fields: ["roleRef"],
    wayOut: `${RECREATE}; or bind the new role under a new name`,
    citation: "pkg/apis/rbac/validation/validation.go (ValidateRoleBindingUpdate)",
  },
  {
    group: "rbac.authorization.k8s.io",
    kind: "ClusterRoleBinding",
    fields: ["roleRef"],
    wayOut: `${RECREATE}; or bind the new role under a new name`,
    citation: "pkg/apis/rbac/validation/validation.go (ValidateClusterRoleBindingUpdate)",
  },
  {
    group: "storage.k8s.io",
    kind: "StorageClass",
    fields: ["parameters", "provisioner", "reclaimPolicy", "volumeBindingMode"],
    wayOut: "create a StorageClass under a new name; existing volumes keep the old one",
    citation: "pkg/apis/storage/validation/validation.go (ValidateStorageClassUpdate)",
  },
];

export interface ImmutableChange {
  field: string;
  wayOut: string;
  citation: string;
}

/** The immutable fields that differ between the live (base) and desired (head) object. */
export function immutableChanges(params: {
  group: string;
  kind: string;
  old: Manifest;
  next: Manifest;
}): ImmutableChange[] {
  const { group, kind, old, next } = params;
  const out: ImmutableChange[] = [];
  for (const rule of IMMUTABLE_FIELDS) {
    if (rule.group !== group || rule.kind !== kind) continue;
    if (rule.when && !rule.when(old)) continue;
    for (const field of rule.fields) {
      const a = at(old, field);
      const b = at(next, field);
      if (stableStringify(a) === stableStringify(b)) continue;
      // A Service whose manifest leaves the IP out keeps the one the server assigned.
      if (kind === "Service" && (a === undefined || b === undefined || b === "")) continue;
      out.push({ field, wayOut: rule.wayOut, citation: rule.citation });
    }
  }
  if (group === "" && kind === "PersistentVolumeClaim") out.push(...pvcChanges(old, next));
  return out;
}

/** PVC: spec is immutable except a storage request increase (and volumeName / storageClassName set
 *  once): pkg/apis/core/validation/validation.go (ValidatePersistentVolumeClaimUpdate). */
function pvcChanges(old: Manifest, next: Manifest): ImmutableChange[] {
  const citation = "pkg/apis/core/validation/validation.go (ValidatePersistentVolumeClaimUpdate)";
  const strip = (m: Manifest): Record<string, unknown> => {
    const spec = { ...((m["spec"] as Record<string, unknown> | undefined) ?? {}) };
    const resources = { ...((spec["resources"] as Record<string, unknown> | undefined) ?? {}) };
    const requests = { ...((resources["requests"] as Record<string, unknown> | undefined) ?? {}) };
    delete requests["storage"];
    resources["requests"] = requests;
    spec["resources"] = resources;
    delete spec["volumeAttributesClassName"];
    return spec;
  };
  const out: ImmutableChange[] = [];
  const oldSpec = strip(old);
  const nextSpec = strip(next);
  for (const key of ["volumeName", "storageClassName"]) {
    // set once from empty: the server allows it
    if (oldSpec[key] === undefined || oldSpec[key] === "") {
      delete oldSpec[key];
      delete nextSpec[key];
    }
  }
  if (stableStringify(oldSpec) !== stableStringify(nextSpec))
    out.push({
      field: "spec",
      wayOut: "create a new claim and move the data; only a larger storage request may change",
      citation,
    });
  const a = quantityBytes(at(old, "spec.resources.requests.storage"));
  const b = quantityBytes(at(next, "spec.resources.requests.storage"));
  if (a !== undefined && b !== undefined && b < a)
    out.push({
      field: "spec.resources.requests.storage",
      wayOut: "a claim cannot shrink: keep the size, or create a smaller claim and move the data",
      citation,
    });
  return out;
}

function at(obj: Manifest, path: string): unknown {
  let cur: unknown = obj;
  for (const part of path.split(".")) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

const SUFFIX: Record<string, number> = {
  "": 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
};

/** A Kubernetes quantity ("10Gi", "500M", "1e9") in bytes; undefined when not understood. */
export function quantityBytes(q: unknown): number | undefined {
  if (typeof q === "number") return q;
  if (typeof q !== "string") return undefined;
  const m = /^([0-9.]+(?:[eE][0-9]+)?)([kMGTP]i?|)$/.exec(q.trim());
  if (!m) return undefined;
  const mult = SUFFIX[m[2]!];
  const n = Number(m[1]);
  return mult === undefined || !Number.isFinite(n) ? undefined : n * mult;
}
