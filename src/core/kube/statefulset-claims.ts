// PVCs a StatefulSet's controller creates: in no render, yet live, and holding the data.
// Named <template>-<statefulset>-<ordinal> per replica
// (kubernetes:pkg/controller/statefulset/stateful_set_utils.go (getPersistentVolumeClaimName)).
// Deleting the StatefulSet keeps them unless persistentVolumeClaimRetentionPolicy.whenDeleted is
// Delete (ownerReferences set by the controller, then garbage collection), honoured when the
// StatefulSetAutoDeletePVC gate is on: beta and on by default since 1.27
// (kubernetes:pkg/features/kube_features.go). A Namespace deletion takes them whatever the policy.
import type { Ref, Resource } from "../model.js";
import { parseKubeVersion } from "./removed-apis.js";

export function statefulSetClaims(sts: Resource): Ref[] {
  if (sts.ref.group !== "apps" || sts.ref.kind !== "StatefulSet") return [];
  const spec = (sts.obj["spec"] ?? {}) as Record<string, unknown>;
  const templates = Array.isArray(spec["volumeClaimTemplates"]) ? (spec["volumeClaimTemplates"] as unknown[]) : [];
  const replicas = typeof spec["replicas"] === "number" ? spec["replicas"] : 1; // apps/v1 default
  const start =
    typeof (spec["ordinals"] as { start?: unknown } | undefined)?.start === "number"
      ? (spec["ordinals"] as { start: number }).start
      : 0;
  const out: Ref[] = [];
  for (const t of templates) {
    const name = (t as { metadata?: { name?: unknown } } | null)?.metadata?.name;
    if (typeof name !== "string" || name === "") continue;
    for (let i = 0; i < replicas; i++)
      out.push({
        group: "",
        kind: "PersistentVolumeClaim",
        namespace: sts.ref.namespace,
        name: `${name}-${sts.ref.name}-${start + i}`,
      });
  }
  return out;
}

/** whenDeleted: Delete, on a Kubernetes version whose default gates honour it (1.27+). */
export function claimsDeletedWithOwner(sts: Resource, kubeVersion: string): boolean {
  const policy = ((sts.obj["spec"] ?? {}) as { persistentVolumeClaimRetentionPolicy?: { whenDeleted?: unknown } })
    .persistentVolumeClaimRetentionPolicy;
  return policy?.whenDeleted === "Delete" && autoDeleteHonoured(kubeVersion);
}

/** The claims a scale-down deletes: with persistentVolumeClaimRetentionPolicy.whenScaled: Delete
 *  (same gate, 1.27+), the controller gives the claims of the Pods it condemns (ordinals that leave
 *  the range: fewer replicas, or a moved ordinals.start) an ownerReference to their Pod, and garbage
 *  collection deletes them with it (k8s:pkg/controller/statefulset/stateful_set_utils.go
 *  (claimOwnerMatchesSetAndPod, podInOrdinalRange)). With Retain (the default,
 *  k8s:pkg/apis/apps/v1/defaults.go (SetDefaults_StatefulSet)) they stay. */
export function claimsDeletedOnScaleDown(live: Resource, next: Resource, kubeVersion: string): Ref[] {
  const policy = ((next.obj["spec"] ?? {}) as { persistentVolumeClaimRetentionPolicy?: { whenScaled?: unknown } })
    .persistentVolumeClaimRetentionPolicy;
  if (policy?.whenScaled !== "Delete" || !autoDeleteHonoured(kubeVersion)) return [];
  const kept = new Set(statefulSetClaims(next).map((r) => r.name));
  return statefulSetClaims(live).filter((r) => !kept.has(r.name));
}

function autoDeleteHonoured(kubeVersion: string): boolean {
  const v = parseKubeVersion(kubeVersion);
  return v !== undefined && (v[0] > 1 || v[1] >= 27);
}
