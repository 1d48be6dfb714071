import { describe, expect, it } from "@jest/globals";
import { volumeFate } from "../../../src/core/kube/volume-fate.js";
import type { Manifest, Resource } from "../../../src/core/model.js";

const res = (group: string, kind: string, name: string, obj: Manifest, namespace = ""): Resource => ({
  ref: { group, kind, namespace, name },
  apiVersion: group ? `${group}/v1` : "v1",
  obj,
});
const claim = { group: "", kind: "PersistentVolumeClaim", namespace: "db", name: "data" };
const pvc = (spec: Manifest) => res("", "PersistentVolumeClaim", "data", { spec }, "db");
const pv = (name: string, spec: Manifest) => res("", "PersistentVolume", name, { spec });
const sc = (name: string, obj: Manifest) => res("storage.k8s.io", "StorageClass", name, obj);

// k8s:pkg/apis/core/v1/defaults.go (SetDefaults_PersistentVolume): Retain; pkg/apis/storage/v1/defaults.go
// (SetDefaults_StorageClass): Delete.
describe("volumeFate", () => {
  it.each([
    ["nothing rendered", [], "unknown"],
    ["bound PV, Retain", [pvc({ volumeName: "v" }), pv("v", { persistentVolumeReclaimPolicy: "Retain" })], "kept"],
    ["bound PV, no policy (Retain)", [pvc({ volumeName: "v" }), pv("v", {})], "kept"],
    ["bound PV, Delete", [pvc({ volumeName: "v" }), pv("v", { persistentVolumeReclaimPolicy: "Delete" })], "lost"],
    [
      "claimRef PV, Delete",
      [pvc({}), pv("v", { persistentVolumeReclaimPolicy: "Delete", claimRef: { namespace: "db", name: "data" } })],
      "lost",
    ],
    ["claimRef of another namespace", [pvc({}), pv("v", { claimRef: { namespace: "x", name: "data" } })], "unknown"],
    ["named class, no policy (Delete)", [pvc({ storageClassName: "fast" }), sc("fast", {})], "lost"],
    ["named class, Retain", [pvc({ storageClassName: "fast" }), sc("fast", { reclaimPolicy: "Retain" })], "kept"],
    [
      "named class not rendered",
      [pvc({ storageClassName: "fast" }), sc("other", { reclaimPolicy: "Retain" })],
      "unknown",
    ],
    [
      "empty class name: no dynamic provisioning",
      [
        pvc({ storageClassName: "" }),
        sc("d", { metadata: { annotations: { "storageclass.kubernetes.io/is-default-class": "true" } } }),
      ],
      "unknown",
    ],
    [
      "no class name: the default class",
      [
        pvc({}),
        sc("d", {
          metadata: { annotations: { "storageclass.kubernetes.io/is-default-class": "true" } },
          reclaimPolicy: "Retain",
        }),
      ],
      "kept",
    ],
  ] as [string, Resource[], string][])("%s -> %s", (_name, live, kind) => {
    expect(volumeFate(claim, live).kind).toBe(kind);
  });
});
