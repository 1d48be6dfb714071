import { describe, expect, it } from "@jest/globals";
import { app, cm, ns, side } from "../../support/side-fixture.js";
import { summaries, type RuleCase } from "./support/findings-of.js";

const tenant = app({ name: "tenant", destNs: "shop" });
const volume = (kind: string, name: string, apiVersion = "v1"): string =>
  `---\napiVersion: ${apiVersion}\nkind: ${kind}\nmetadata: { name: ${name} }\n`;
const pvc = (name: string, spec = ""): string =>
  `---\napiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: { name: ${name} }\nspec:\n  accessModes: [ReadWriteOnce]\n${spec ? `  ${spec}\n` : ""}`;
const pv = (name: string, policy: string, claim = ""): string =>
  `---\napiVersion: v1\nkind: PersistentVolume\nmetadata: { name: ${name} }\nspec:\n  capacity: { storage: 1Gi }\n${policy ? `  persistentVolumeReclaimPolicy: ${policy}\n` : ""}${claim ? `  claimRef: { namespace: ${claim.split("/")[0]}, name: ${claim.split("/")[1]} }\n` : ""}`;
const storageClass = (name: string, policy: string, isDefault = false): string =>
  `---\napiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata:\n  name: ${name}\n${isDefault ? "  annotations: { storageclass.kubernetes.io/is-default-class: 'true' }\n" : ""}provisioner: example.com/csi\n${policy ? `reclaimPolicy: ${policy}\n` : ""}`;
const sts = (storageClassName: string, extra = ""): string =>
  `---\napiVersion: apps/v1\nkind: StatefulSet\nmetadata: { name: pg }\nspec:\n  replicas: 1\n${extra ? `  ${extra}\n` : ""}  volumeClaimTemplates: [{ metadata: { name: data }, spec: { ${storageClassName ? `storageClassName: ${storageClassName}` : ""} } }]\n`;
const removed = (manifests: string): RuleCase => ({
  base: side({ apps: [{ app: tenant, manifests: manifests + cm("keep") }] }),
  head: side({ apps: [{ app: tenant, manifests: cm("keep") }] }),
});
const prunedClaim = (claim: string, kept: string): RuleCase => ({
  base: side({ apps: [{ app: tenant, manifests: claim + kept + cm("keep") }] }),
  head: side({ apps: [{ app: tenant, manifests: kept + cm("keep") }] }),
});
// kubernetes docs concepts/storage/persistent-volumes ("Reclaiming"): a deleted claim releases its volume,
// and the Delete reclaim policy (dynamic provisioning's default) deletes it with its data.
const cases: { fact: string; c: RuleCase; expected: string[] }[] = [
  {
    fact: "a pruned PersistentVolumeClaim warns",
    c: removed(volume("PersistentVolumeClaim", "data")),
    expected: [
      "warn: PersistentVolumeClaim shop/data would be pruned by tenant (auto-sync); the data on its volume may be lost.",
    ],
  },
  {
    fact: "a pruned PersistentVolume with reclaim policy Delete warns",
    c: removed(pv("pv-1", "Delete")),
    expected: [
      "warn: PersistentVolume pv-1 would be pruned by tenant (auto-sync); the data on its volume may be lost.",
    ],
  },
  {
    // k8s:pkg/controller/namespace/deletion/namespaced_resources_deleter.go (Delete): the claims inside go too.
    fact: "a claim another app deployed, deleted with its Namespace, warns",
    c: {
      base: side({
        apps: [
          { app: tenant, manifests: ns("shop") + cm("keep", "other") },
          { app: app({ name: "db", destNs: "shop" }), manifests: volume("PersistentVolumeClaim", "data") },
        ],
      }),
      head: side({
        apps: [
          { app: tenant, manifests: cm("keep", "other") },
          { app: app({ name: "db", destNs: "shop" }), manifests: volume("PersistentVolumeClaim", "data") },
        ],
      }),
    },
    expected: [
      "warn: PersistentVolumeClaim shop/data would be deleted with Namespace shop; the data on its volume may be lost.",
    ],
  },
  // src/core/kube/volume-fate.ts: the reclaim policy decides whether the data goes with the claim.
  {
    fact: "a claim bound (volumeName) to a rendered PV with reclaim policy Retain keeps its data: info",
    c: prunedClaim(pvc("data", "volumeName: pv-data"), pv("pv-data", "Retain")),
    expected: [
      "info: PersistentVolumeClaim shop/data would be pruned by tenant (auto-sync); its PersistentVolume pv-data has reclaim policy Retain: the volume becomes Released and keeps the data (a new claim does not bind to it by itself).",
    ],
  },
  {
    // SetDefaults_PersistentVolume: a PV declared without a policy is Retain.
    fact: "a claim pre-bound by a PV's claimRef, the PV without a policy (Retain by default): info",
    c: prunedClaim(pvc("data"), pv("pv-data", "", "shop/data")),
    expected: [
      "info: PersistentVolumeClaim shop/data would be pruned by tenant (auto-sync); its PersistentVolume pv-data has reclaim policy Retain: the volume becomes Released and keeps the data (a new claim does not bind to it by itself).",
    ],
  },
  {
    fact: "a claim bound to a PV with reclaim policy Delete loses its data: warn, saying so",
    c: prunedClaim(pvc("data", "volumeName: pv-data"), pv("pv-data", "Delete")),
    expected: [
      "warn: PersistentVolumeClaim shop/data would be pruned by tenant (auto-sync); its PersistentVolume pv-data has reclaim policy Delete: the volume is deleted with the data.",
    ],
  },
  {
    // SetDefaults_StorageClass: reclaimPolicy defaults to Delete, and dynamic volumes take the class's policy.
    fact: "a dynamically provisioned claim of a rendered StorageClass without reclaimPolicy (Delete): warn",
    c: removed(pvc("data", "storageClassName: fast") + storageClass("fast", "")),
    expected: [
      "warn: PersistentVolumeClaim shop/data would be pruned by tenant (auto-sync); its StorageClass fast provisions volumes with reclaim policy Delete (the default): the volume is deleted with the data.",
    ],
  },
  {
    fact: "a claim without storageClassName takes the default class; Retain keeps the data: info",
    c: removed(pvc("data") + storageClass("keep-me", "Retain", true) + storageClass("other", "")),
    expected: [
      "info: PersistentVolumeClaim shop/data would be pruned by tenant (auto-sync); its StorageClass keep-me provisions volumes with reclaim policy Retain: the volume becomes Released and keeps the data.",
    ],
  },
  {
    // SetDefaults_PersistentVolume: a PV declared without a policy is Retain.
    fact: "a pruned PV with reclaim policy Retain (or none) leaves its storage asset: info",
    c: removed(pv("pv-1", "")),
    expected: [
      "info: PersistentVolume pv-1 would be pruned by tenant (auto-sync); its reclaim policy is Retain: the storage asset stays after the PersistentVolume goes.",
    ],
  },
  {
    fact: "an inferred StatefulSet claim reads its StorageClass from the volumeClaimTemplate",
    c: {
      base: side({
        apps: [{ app: tenant, manifests: ns("shop") + sts("fast") + storageClass("fast", "Retain") }],
      }),
      head: side({ apps: [{ app: tenant, manifests: storageClass("fast", "Retain") }] }),
    },
    expected: [
      "info: PersistentVolumeClaim shop/data-pg-0 would be deleted with Namespace shop; its StorageClass fast provisions volumes with reclaim policy Retain: the volume becomes Released and keeps the data.",
    ],
  },
  {
    fact: "an inferred claim deleted with its StatefulSet (whenDeleted: Delete) names the owner",
    c: removed(sts("", "persistentVolumeClaimRetentionPolicy: { whenDeleted: Delete }")),
    expected: [
      "warn: PersistentVolumeClaim shop/data-pg-0 would be garbage-collected with its owner StatefulSet pg; the data on its volume may be lost.",
    ],
  },
  ...[
    ["Job", "batch/v1"],
    ["CronJob", "batch/v1"],
    ["Deployment", "apps/v1"],
  ].map(([kind, apiVersion]) => ({
    // Their Pods are not data: nothing is inferred, nothing warns (cluster-outcomes.test.ts).
    fact: `a pruned ${kind!} is not data-loss`,
    c: removed(volume(kind!, "w", apiVersion)),
    expected: [] as string[],
  })),
  {
    fact: "a kind of that name in another group is not a volume",
    c: removed(volume("PersistentVolumeClaim", "data", "example.com/v1")),
    expected: [],
  },
];

describe("data-loss", () => {
  it.each(cases)("$fact", ({ c, expected }) => {
    expect(summaries("data-loss", c)).toEqual(expected);
  });
});
