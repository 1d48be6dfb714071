// What happens to the data when a PersistentVolumeClaim or PersistentVolume is deleted: the
// volume's reclaim policy decides (kubernetes docs concepts/storage/persistent-volumes,
// "Reclaiming"):
//   - Retain: the claim's volume becomes Released and keeps its data (an admin reclaims it by
//     hand); a deleted PV object leaves its storage asset in place.
//   - Delete: the volume and its backing storage are deleted with the claim.
// Where the policy comes from, in the order Kubernetes fills it:
//   - the bound PV's spec.persistentVolumeReclaimPolicy; a PV created by hand defaults to Retain
//     (k8s:pkg/apis/core/v1/defaults.go (SetDefaults_PersistentVolume));
//   - a dynamically provisioned PV takes its StorageClass's reclaimPolicy (kubernetes docs
//     concepts/storage/storage-classes, "Reclaim policy"; the provisioners' code was not re-read),
//     which defaults to Delete (k8s:pkg/apis/storage/v1/defaults.go (SetDefaults_StorageClass));
//   - a claim without storageClassName gets the class annotated is-default-class
//     (k8s:plugin/pkg/admission/storage/storageclass/setdefault/admission.go, unverified).
// Only what some render shows counts; with neither the PV nor the StorageClass rendered the fate is
// unknown and the report keeps saying the data "may be lost".
import type { Manifest, Ref, Resource } from "../model.js";
import { annotationsOf } from "../argocd/manifest.js";
import { statefulSetClaims } from "./statefulset-claims.js";

export type VolumeFate = { kind: "kept"; why: string } | { kind: "lost"; why: string } | { kind: "unknown" };

const RETAIN = "Retain";
const DEFAULT_CLASS_ANNOTATION = "storageclass.kubernetes.io/is-default-class";

/** The fate of the data behind a deleted claim or volume, from the live objects of its cluster. */
export function volumeFate(ref: Ref, live: readonly Resource[]): VolumeFate {
  if (ref.group !== "") return { kind: "unknown" };
  if (ref.kind === "PersistentVolume") {
    const pv = live.find((r) => r.ref.group === "" && r.ref.kind === "PersistentVolume" && r.ref.name === ref.name);
    if (!pv) return { kind: "unknown" };
    const policy = reclaimPolicyOfPv(pv.obj);
    return policy === RETAIN
      ? { kind: "kept", why: `its reclaim policy is Retain: the storage asset stays after the PersistentVolume goes` }
      : { kind: "unknown" };
  }
  if (ref.kind !== "PersistentVolumeClaim") return { kind: "unknown" };
  const claim = claimSpec(ref, live);
  const pv = boundVolume(ref, claim, live);
  if (pv) {
    const policy = reclaimPolicyOfPv(pv.obj);
    return policy === RETAIN
      ? {
          kind: "kept",
          why: `its PersistentVolume ${pv.ref.name} has reclaim policy Retain: the volume becomes Released and keeps the data (a new claim does not bind to it by itself)`,
        }
      : {
          kind: "lost",
          why: `its PersistentVolume ${pv.ref.name} has reclaim policy ${policy}: the volume is deleted with the data`,
        };
  }
  const sc = storageClassOf(claim, live);
  if (!sc) return { kind: "unknown" };
  const policy = typeof sc.obj["reclaimPolicy"] === "string" ? sc.obj["reclaimPolicy"] : "Delete";
  return policy === RETAIN
    ? {
        kind: "kept",
        why: `its StorageClass ${sc.ref.name} provisions volumes with reclaim policy Retain: the volume becomes Released and keeps the data`,
      }
    : {
        kind: "lost",
        why: `its StorageClass ${sc.ref.name} provisions volumes with reclaim policy ${policy}${sc.obj["reclaimPolicy"] === undefined ? " (the default)" : ""}: the volume is deleted with the data`,
      };
}

/** A PV's policy; a PV declared without one defaults to Retain (SetDefaults_PersistentVolume). */
function reclaimPolicyOfPv(pv: Manifest): string {
  const p = (pv["spec"] as { persistentVolumeReclaimPolicy?: unknown } | undefined)?.persistentVolumeReclaimPolicy;
  return typeof p === "string" && p !== "" ? p : RETAIN;
}

/** The claim's spec: its rendered object, or the volumeClaimTemplate a StatefulSet makes it from. */
function claimSpec(ref: Ref, live: readonly Resource[]): Record<string, unknown> | undefined {
  const own = live.find(
    (r) =>
      r.ref.group === "" &&
      r.ref.kind === "PersistentVolumeClaim" &&
      r.ref.namespace === ref.namespace &&
      r.ref.name === ref.name,
  );
  if (own) return (own.obj["spec"] as Record<string, unknown> | undefined) ?? {};
  for (const sts of live) {
    if (sts.ref.namespace !== ref.namespace) continue;
    if (!statefulSetClaims(sts).some((c) => c.name === ref.name)) continue;
    const templates = ((sts.obj["spec"] as { volumeClaimTemplates?: unknown } | undefined)?.volumeClaimTemplates ??
      []) as { metadata?: { name?: string }; spec?: Record<string, unknown> }[];
    const t = templates.find((x) => ref.name.startsWith(`${x.metadata?.name ?? ""}-${sts.ref.name}-`));
    if (t) return t.spec ?? {};
  }
  return undefined;
}

/** The PV the claim is bound to: named by the claim's volumeName, or pre-bound by the PV's claimRef. */
function boundVolume(
  ref: Ref,
  claim: Record<string, unknown> | undefined,
  live: readonly Resource[],
): Resource | undefined {
  const pvs = live.filter((r) => r.ref.group === "" && r.ref.kind === "PersistentVolume");
  const volumeName = claim?.["volumeName"];
  if (typeof volumeName === "string" && volumeName !== "") {
    const pv = pvs.find((r) => r.ref.name === volumeName);
    if (pv) return pv;
  }
  return pvs.find((r) => {
    const c = (r.obj["spec"] as { claimRef?: { namespace?: unknown; name?: unknown } } | undefined)?.claimRef;
    return c?.name === ref.name && c.namespace === ref.namespace;
  });
}

/** The StorageClass that provisions the claim's volume: named, or the cluster's default when unset. */
function storageClassOf(claim: Record<string, unknown> | undefined, live: readonly Resource[]): Resource | undefined {
  if (!claim) return undefined;
  const classes = live.filter((r) => r.ref.group === "storage.k8s.io" && r.ref.kind === "StorageClass");
  const name = claim["storageClassName"];
  if (name === "") return undefined; // "" asks for no class: a pre-provisioned volume
  if (typeof name === "string") return classes.find((r) => r.ref.name === name);
  return classes.find((r) => annotationsOf(r.obj)[DEFAULT_CLASS_ANNOTATION] === "true");
}
