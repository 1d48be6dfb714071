import { describe, expect, it } from "@jest/globals";
import { computeChanges } from "../../../src/core/diff/compute-changes.js";
import type { ConfigFile } from "../../../src/config/schema.js";
import { app, config, side } from "../support/side-fixture.js";

const APP = app({ name: "web" });

function changes(base: string, head: string, file: ConfigFile = {}) {
  const cfg = config(file);
  return computeChanges({
    base: side({ apps: [{ app: APP, manifests: base }], config: cfg }),
    head: side({ apps: [{ app: APP, manifests: head }], config: cfg }),
    config: cfg,
  });
}

const deploy = (replicas: number, extra = ""): string =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: web\n${extra}spec:\n  replicas: ${replicas}\n  template:\n    spec:\n      containers:\n        - name: web\n          image: nginx:1\n`;

describe("changes[]: a unified diff and the changed paths of every modified resource", () => {
  it("diffs the rendered YAML with sorted keys and lists the changed leaf", () => {
    const [c, ...rest] = changes(deploy(3), deploy(1));
    expect(rest).toEqual([]);
    expect(c).toMatchObject({ app: "web", ref: { group: "apps", kind: "Deployment", namespace: "web", name: "web" } });
    expect(c!.paths).toEqual(["spec.replicas"]);
    expect(c!.diff).toBe(
      "--- base\n+++ head\n@@ -4,7 +4,7 @@\n   name: web\n   namespace: web\n spec:\n-  replicas: 3\n+  replicas: 1\n   template:\n     spec:\n       containers:\n",
    );
  });

  it("names the cluster the change lands on: the head side's destination (INTERFACE.md section 3)", () => {
    const [c] = changes(deploy(3), deploy(1));
    expect(c!.cluster).toBe("https://kubernetes.default.svc");
  });

  it("a reordered map is no change", () => {
    const reordered = `kind: Deployment\napiVersion: apps/v1\nspec:\n  template:\n    spec:\n      containers:\n        - image: nginx:1\n          name: web\n  replicas: 3\nmetadata:\n  namespace: web\n  name: web\n`;
    expect(changes(deploy(3), reordered)).toEqual([]);
  });

  it("ignores Argo CD's own noise: status, the tracking annotation, the instance label in label tracking", () => {
    // status: argo-cd:util/settings/settings.go (GetIgnoreResourceStatusField); tracking:
    // argo-cd:util/argo/resource_tracking.go (SetAppInstance).
    const noisy = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: web\n  annotations: { argocd.argoproj.io/tracking-id: "web:/ConfigMap:web/c" }\n  labels: { app.kubernetes.io/instance: web }\ndata: { k: v }\nstatus: { x: 1 }\n`;
    const plain = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: web\n  labels: { app.kubernetes.io/instance: other }\ndata: { k: v }\n`;
    expect(changes(plain, noisy, { argocd: { trackingMethod: "label" } })).toEqual([]);
    // In annotation tracking the label is the chart's own, so a change of it is a change.
    expect(changes(plain, noisy).map((c) => c.paths)).toEqual([['metadata.labels["app.kubernetes.io/instance"]']]);
  });

  it("diff.ignore: a path for every kind, a kind's paths, a whole kind", () => {
    const chart = (v: string) => deploy(3, `  labels: { helm.sh/chart: "web-${v}" }\n`);
    expect(changes(chart("1"), chart("2"), { diff: { ignore: ['metadata.labels["helm.sh/chart"]'] } })).toEqual([]);
    expect(
      changes(deploy(3), deploy(1), { diff: { ignore: [{ kind: "Deployment", paths: ["spec.replicas"] }] } }),
    ).toEqual([]);
    expect(changes(deploy(3), deploy(1), { diff: { ignore: [{ kind: "Deployment" }] } })).toEqual([]);
    expect(changes(deploy(3), deploy(1), { diff: { ignore: [{ kind: "ConfigMap" }] } })).toHaveLength(1);
    const image = (i: string) => deploy(3).replace("nginx:1", i);
    expect(changes(image("a"), image("b"), { diff: { ignore: ["spec.template.spec.containers[*].image"] } })).toEqual(
      [],
    );
  });

  it("masks Secret values as Argo CD does: same mask when equal, a different one when changed, never the value", () => {
    // gitops-engine:pkg/diff/diff.go (HideSecretData, NormalizeSecret)
    const secret = (a: string, b: string) =>
      `apiVersion: v1\nkind: Secret\nmetadata: { name: s, namespace: web }\ndata: { same: ${Buffer.from(a).toString("base64")} }\nstringData: { pw: "${b}" }\n`;
    const [c] = changes(secret("keep-me", "hunter2"), secret("keep-me", "hunter3"));
    expect(c!.paths).toEqual(["data.pw"]);
    expect(c!.diff).not.toMatch(/hunter|keep-me|aHVudGVy|a2VlcC1tZQ/);
    expect(c!.diff).toContain("-  pw: ++++++++\n+  pw: ++++++++++++\n");
    expect(c!.diff).toContain("   same: ++++++++\n");
    // Moving a value from stringData to data is no change: Kubernetes stores both as data.
    const asData = `apiVersion: v1\nkind: Secret\nmetadata: { name: s, namespace: web }\ndata: { pw: ${Buffer.from("x").toString("base64")} }\n`;
    const asString = `apiVersion: v1\nkind: Secret\nmetadata: { name: s, namespace: web }\nstringData: { pw: x }\n`;
    expect(changes(asData, asString)).toEqual([]);
  });

  it("summarises binary-looking and huge single values, by a digest that still tells them apart", () => {
    const cmap = (v: string) =>
      `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: c, namespace: web }\nbinaryData: { blob: ${v} }\ndata: { long: "${"x".repeat(600)}${v}" }\n`;
    const [c] = changes(cmap("AAAA"), cmap("BBBB"));
    expect(c!.paths).toEqual(["binaryData.blob", "data.long"]);
    expect(c!.diff).not.toContain("AAAA");
    expect(c!.diff).not.toContain("x".repeat(600));
    expect(c!.diff).toMatch(/-  blob: <binary value, 4 characters, sha256 [0-9a-f]{12}…>/);
    expect(c!.diff).toMatch(/\+  long: <value, 604 characters, sha256 [0-9a-f]{12}…>/);
  });

  it("a diff too large to keep is one line with its size", () => {
    const big = (v: string) =>
      `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: c, namespace: web }\ndata:\n${Array.from({ length: 3000 }, (_, i) => `  k${i}: ${v}${i}`).join("\n")}\n`;
    const [c] = changes(big("a"), big("b"));
    expect(c!.diffTooLarge).toBe(6012);
    expect(c!.diff).toBe(`diff too large (${c!.diffTooLarge} lines)\n`);
    expect(c!.paths).toHaveLength(51);
  });

  it("diffs nothing when a side failed to render, so no Secret of either side can show", () => {
    const cfg = config();
    const secret = `apiVersion: v1\nkind: Secret\nmetadata: { name: s, namespace: web }\nstringData: { pw: hunter2 }\n`;
    expect(
      computeChanges({
        base: side({ apps: [{ app: APP, manifests: secret }], config: cfg }),
        head: side({ apps: [{ app: APP, error: "helm failed" }], config: cfg }),
        config: cfg,
      }),
    ).toEqual([]);
  });
});
