import { describe, expect, it } from "@jest/globals";
import { immutableChanges, IMMUTABLE_FIELDS, quantityBytes } from "../../../src/core/kube/immutable-fields.js";

const sel = (app: string) => ({ spec: { selector: { matchLabels: { app } }, replicas: 1 } });

describe("immutable fields (kubernetes validation.go, one row per kind)", () => {
  it("every row cites a Kubernetes validation function", () => {
    for (const r of IMMUTABLE_FIELDS) expect(r.citation).toMatch(/^pkg\/.+\.go \(\w+/);
  });

  it.each([
    ["apps", "Deployment", sel("a"), sel("b"), ["spec.selector"]],
    ["apps", "Deployment", sel("a"), { spec: { ...sel("a").spec, replicas: 3 } }, []],
    ["apps", "StatefulSet", { spec: { serviceName: "a" } }, { spec: { serviceName: "b" } }, ["spec.serviceName"]],
    ["batch", "Job", { spec: { template: { x: 1 } } }, { spec: { template: { x: 2 } } }, ["spec.template"]],
    ["", "Service", { spec: { clusterIP: "10.0.0.1" } }, { spec: { clusterIP: "10.0.0.2" } }, ["spec.clusterIP"]],
    ["", "Service", { spec: { clusterIP: "10.0.0.1" } }, { spec: {} }, []],
    ["", "ConfigMap", { immutable: true, data: { a: "1" } }, { immutable: true, data: { a: "2" } }, ["data"]],
    ["", "ConfigMap", { data: { a: "1" } }, { data: { a: "2" } }, []],
    ["", "Secret", { type: "Opaque" }, { type: "kubernetes.io/tls" }, ["type"]],
    ["rbac.authorization.k8s.io", "RoleBinding", { roleRef: { name: "a" } }, { roleRef: { name: "b" } }, ["roleRef"]],
    ["storage.k8s.io", "StorageClass", { parameters: { a: "1" } }, { parameters: { a: "2" } }, ["parameters"]],
    ["", "PersistentVolumeClaim", pvc("1Gi"), pvc("2Gi"), []],
    ["", "PersistentVolumeClaim", pvc("2Gi"), pvc("1Gi"), ["spec.resources.requests.storage"]],
    ["", "PersistentVolumeClaim", pvc("1Gi", "fast"), pvc("1Gi", "slow"), ["spec"]],
    ["", "PersistentVolumeClaim", pvc("1Gi"), pvc("1Gi", "slow"), []],
  ])("%s %s: %j -> %j changes %j", (group, kind, old, next, fields) => {
    expect(immutableChanges({ group, kind, old, next }).map((c) => c.field)).toEqual(fields);
  });

  it.each([
    ["10Gi", 10 * 2 ** 30],
    ["500M", 5e8],
    ["1e3", 1000],
    ["x", undefined],
  ])("quantity %s = %s bytes", (q, n) => expect(quantityBytes(q)).toBe(n));
});

function pvc(storage: string, storageClassName?: string) {
  return {
    spec: {
      accessModes: ["ReadWriteOnce"],
      resources: { requests: { storage } },
      ...(storageClassName ? { storageClassName } : {}),
    },
  };
}
