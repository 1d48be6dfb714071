import { describe, expect, it } from "@jest/globals";
import { claimsDeletedWithOwner, statefulSetClaims } from "../../../src/core/kube/statefulset-claims.js";

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
});
