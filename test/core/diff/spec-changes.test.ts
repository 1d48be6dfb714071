import { describe, expect, it } from "@jest/globals";
import { pairApps } from "../../../src/core/diff/pair-apps.js";
import { parseConfig } from "../../../src/config/parse-config.js";
import { app, side } from "../support/side-fixture.js";

const report = (base: string, head: string) =>
  pairApps({ base: side({ apps: [{ app: base }] }), head: side({ apps: [{ app: head }] }) })[0]!;

describe("applications[].specChanges and destination", () => {
  it("lists the Application's own fields that differ, null where a side lacks one", () => {
    const r = report(
      app({ name: "web", syncOptions: ["CreateNamespace=true"], finalizer: true }),
      app({ name: "web", prune: false, destNs: "other" }),
    );
    expect(r.change).toBe("modified");
    expect(r.specChanges).toEqual([
      { path: "spec.destination.namespace", base: "web", head: "other" },
      { path: "spec.syncPolicy.automated.prune", base: true, head: false },
      { path: "spec.syncPolicy.syncOptions", base: ["CreateNamespace=true"], head: [] },
      { path: "metadata.finalizers", base: ["resources-finalizer.argocd.argoproj.io"], head: null },
    ]);
    expect(r.destination).toEqual({ server: "https://kubernetes.default.svc", namespace: "other" });
  });

  it("has no specChanges when the spec is the same", () => {
    const r = report(app({ name: "web" }), app({ name: "web" }));
    expect(r.specChanges).toBeUndefined();
    expect(r.destination).toEqual({ server: "https://kubernetes.default.svc", namespace: "web" });
  });
});

describe("config diff.ignore", () => {
  it("accepts paths and kind entries and refuses a malformed path, naming it", () => {
    const ok = parseConfig(
      'diff:\n  ignore:\n    - metadata.labels["helm.sh/chart"]\n    - { kind: Deployment, paths: [spec.replicas] }\n',
      "c.yml",
    );
    expect(ok.ok && ok.config.diff).toEqual({
      ignore: [
        { paths: [["metadata", "labels", "helm.sh/chart"]] },
        { kind: "Deployment", paths: [["spec", "replicas"]] },
      ],
    });
    const bad = parseConfig("diff:\n  ignore: ['spec..x']\n", "c.yml");
    expect(bad).toEqual({
      ok: false,
      error: expect.stringMatching(/^c\.yml: diff\.ignore\.0: not a field path: spec\.\.x/),
    });
    expect(parseConfig("diff:\n  ignored: []\n", "c.yml")).toEqual({
      ok: false,
      error: "c.yml: unknown key diff.ignored",
    });
  });
});
