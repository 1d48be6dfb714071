import { describe, expect, it } from "@jest/globals";
import {
  claimsDeletedOnScaleDown,
  claimsDeletedWithOwner,
  statefulSetClaims,
} from "../../../src/core/kube/statefulset-claims.js";

const sts = (spec: Record<string, unknown>) => ({
  ref: { group: "apps", kind: "StatefulSet", namespace: "db", name: "pg" },
  apiVersion: "apps/v1",
  obj: { spec },
});

describe("StatefulSet claims (stateful_set_utils.go getPersistentVolumeClaimName)", () => {
  it("one claim <template>-<sts>-<ordinal> per template and replica", () => {
    const names = statefulSetClaims(
      sts({ replicas: 2, volumeClaimTemplates: [{ metadata: { name: "data" } }, { metadata: { name: "wal" } }] }),
    ).map((r) => r.name);
    expect(names).toEqual(["data-pg-0", "data-pg-1", "wal-pg-0", "wal-pg-1"]);
  });

  it("replicas default to 1; ordinals.start shifts the numbers", () => {
    expect(statefulSetClaims(sts({ volumeClaimTemplates: [{ metadata: { name: "d" } }] })).map((r) => r.name)).toEqual([
      "d-pg-0",
    ]);
    expect(
      statefulSetClaims(
        sts({ replicas: 1, ordinals: { start: 5 }, volumeClaimTemplates: [{ metadata: { name: "d" } }] }),
      ).map((r) => r.name),
    ).toEqual(["d-pg-5"]);
  });

  it.each([
    [{ persistentVolumeClaimRetentionPolicy: { whenDeleted: "Delete" } }, "1.27.0", true],
    [{ persistentVolumeClaimRetentionPolicy: { whenDeleted: "Delete" } }, "1.26.0", false],
    [{ persistentVolumeClaimRetentionPolicy: { whenDeleted: "Retain" } }, "1.32.0", false],
    [{}, "1.32.0", false],
  ])("whenDeleted %j on %s: deleted with the StatefulSet = %s", (spec, v, out) => {
    expect(claimsDeletedWithOwner(sts(spec), v)).toBe(out);
  });

  const scaled = (replicas: number, whenScaled?: string, start?: number) =>
    sts({
      replicas,
      ...(start !== undefined ? { ordinals: { start } } : {}),
      ...(whenScaled ? { persistentVolumeClaimRetentionPolicy: { whenScaled } } : {}),
      volumeClaimTemplates: [{ metadata: { name: "data" } }],
    });
  // stateful_set_utils.go (claimOwnerMatchesSetAndPod, podInOrdinalRange): whenScaled: Delete gives the
  // condemned Pods' claims an owner reference to the Pod; SetDefaults_StatefulSet defaults it to Retain.
  it.each([
    ["3 -> 1, whenScaled Delete", scaled(3, "Delete"), scaled(1, "Delete"), "1.32.0", ["data-pg-1", "data-pg-2"]],
    ["3 -> 1, whenScaled Retain", scaled(3, "Retain"), scaled(1, "Retain"), "1.32.0", []],
    ["3 -> 1, no policy (Retain)", scaled(3), scaled(1), "1.32.0", []],
    ["3 -> 1, whenScaled Delete on 1.26 (gate off)", scaled(3, "Delete"), scaled(1, "Delete"), "1.26.0", []],
    ["1 -> 3, whenScaled Delete", scaled(1, "Delete"), scaled(3, "Delete"), "1.32.0", []],
    ["ordinals.start 0 -> 1, whenScaled Delete", scaled(2, "Delete"), scaled(2, "Delete", 1), "1.32.0", ["data-pg-0"]],
    ["policy set to Delete in the same change", scaled(2), scaled(1, "Delete"), "1.32.0", ["data-pg-1"]],
  ])("scale-down %s", (_name, live, next, v, names) => {
    expect(claimsDeletedOnScaleDown(live, next, v).map((r) => r.name)).toEqual(names);
  });
});
