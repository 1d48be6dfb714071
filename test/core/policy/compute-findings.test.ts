import { describe, expect, it } from "@jest/globals";
import { computeDeletions } from "../../../src/core/deletions/compute-deletions.js";
import { computeFindings } from "../../../src/core/policy/compute-findings.js";
import type { Config } from "../../../src/config/config.js";
import type { SideState } from "../../../src/core/side-state.js";
import { app, cm, config, deploy, ns, side } from "../support/side-fixture.js";

function findings(base: SideState, head: SideState, cfg: Config = config()) {
  const facts = computeDeletions({ base, head, config: cfg });
  return computeFindings({ base, head, facts, config: cfg });
}
const rules = (fs: { rule: string; severity: string }[]): string[] => fs.map((f) => `${f.rule}:${f.severity}`).sort();

describe("policy rules (INTERFACE.md section 3)", () => {
  const tenant = app({ name: "tenant" });
  const pvc = "---\napiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: { name: data }\n";

  it("protected-namespace-adopt: an app starts declaring Namespace argocd", () => {
    const base = side({ apps: [{ app: tenant, manifests: cm("x") }] });
    const head = side({ apps: [{ app: tenant, manifests: cm("x") + ns("argocd") }] });
    expect(rules(findings(base, head))).toEqual(["protected-namespace-adopt:block"]);
  });

  it("protected-namespace-delete + protected-resource-delete + mass-delete", () => {
    const other = app({ name: "argocd-self", destNs: "argocd" });
    const many = Array.from({ length: 30 }, (_, i) => cm(`cm-${i}`)).join("");
    const base = side({
      apps: [
        { app: tenant, manifests: ns("argocd") },
        { app: other, manifests: many },
      ],
    });
    const head = side({
      apps: [
        { app: tenant, manifests: ns("tenant") },
        { app: other, manifests: many },
      ],
    });
    const fs = findings(base, head);
    // The Application CRs live in argocd too, so app-delete joins in.
    expect([...new Set(rules(fs))]).toEqual([
      "app-delete:warn",
      "mass-delete:block",
      "protected-namespace-delete:block",
      "protected-resource-delete:block",
    ]);
    expect(fs.find((f) => f.rule === "protected-namespace-delete")!.message).toMatch(
      /Namespace argocd would be pruned by tenant \(auto-sync\), and with it 32 resources/,
    );
  });

  it("namespace-delete (warn) and data-loss (warn) for an ordinary namespace with a PVC", () => {
    const base = side({
      apps: [{ app: tenant, manifests: ns("shop") + pvc.replace("data }", "data, namespace: shop }") + cm("x") }],
    });
    const head = side({ apps: [{ app: tenant, manifests: cm("x") }] });
    expect(rules(findings(base, head))).toEqual(["data-loss:warn", "namespace-delete:warn"]);
  });

  it("a release rename that drops a PVC is data-loss", () => {
    const base = side({ apps: [{ app: tenant, manifests: pvc + cm("x") }] });
    const head = side({ apps: [{ app: tenant, manifests: pvc.replace("name: data", "name: data-v2") + cm("x") }] });
    expect(rules(findings(base, head))).toEqual(["data-loss:warn"]);
  });

  it("config overrides severities and turns rules off", () => {
    const base = side({ apps: [{ app: tenant, manifests: pvc + cm("x") }] });
    const head = side({ apps: [{ app: tenant, manifests: cm("x") }] });
    expect(rules(findings(base, head, config({ policy: { rules: { "data-loss": "block" } } })))).toEqual([
      "data-loss:block",
    ]);
    expect(findings(base, head, config({ policy: { rules: { "data-loss": "off" } } }))).toEqual([]);
  });

  it("shared-resource: two apps declare the same object (new on head)", () => {
    const a = app({ name: "a", destNs: "shared" });
    const b = app({ name: "b", destNs: "shared" });
    const base = side({
      apps: [
        { app: a, manifests: cm("cfg") },
        { app: b, manifests: cm("other") },
      ],
    });
    const head = side({
      apps: [
        { app: a, manifests: cm("cfg") },
        { app: b, manifests: cm("other") + cm("cfg") },
      ],
    });
    expect(rules(findings(base, head))).toEqual(["shared-resource:warn"]);
  });

  it("shared-resource: an existing sharing, or apps leaving it, is not news", () => {
    const a = app({ name: "a", destNs: "shared" });
    const b = app({ name: "b", destNs: "shared" });
    const c = app({ name: "c", destNs: "shared" });
    const base = side({
      apps: [
        { app: a, manifests: cm("cfg") },
        { app: b, manifests: cm("cfg") },
        { app: c, manifests: cm("cfg") },
      ],
    });
    const head = side({
      apps: [
        { app: a, manifests: cm("cfg") },
        { app: b, manifests: cm("cfg") },
        { app: c, manifests: cm("other") },
      ],
    });
    expect(rules(findings(base, head))).toEqual([]);
  });

  it("sync-fails with FailOnSharedResource=true", () => {
    const a = app({ name: "a", destNs: "shared", syncOptions: ["FailOnSharedResource=true"] });
    const b = app({ name: "b", destNs: "shared" });
    const base = side({
      apps: [
        { app: a, manifests: cm("cfg") },
        { app: b, manifests: cm("other") },
      ],
    });
    const head = side({
      apps: [
        { app: a, manifests: cm("cfg") },
        { app: b, manifests: cm("other") + cm("cfg") },
      ],
    });
    expect(rules(findings(base, head))).toEqual(["shared-resource:warn", "sync-fails:block"]);
  });

  it("a sync that already fails on base is info, not a block caused by this change", () => {
    const a = app({ name: "web", destNs: "" });
    const base = side({ apps: [{ app: a, manifests: cm("one") }] });
    const head = side({ apps: [{ app: a, manifests: cm("one") + cm("two") }] });
    expect(rules(findings(base, head))).toEqual(["sync-fails:info"]);
  });

  it("render-error: renders on base, fails on head", () => {
    const base = side({ apps: [{ app: tenant, manifests: cm("x") }] });
    const head = side({ apps: [{ app: tenant, error: "helm: parse error in templates/x.yaml" }] });
    expect(rules(findings(base, head))).toEqual(["render-error:block"]);
  });

  it("a failure of this tool (jsonnet, an unreachable chart repository) is not-analysed, never render-error", () => {
    const base = side({ apps: [{ app: tenant, manifests: cm("x") }] });
    const head = side({ apps: [{ app: tenant, error: "helm: dial tcp: lookup charts.example.com: no such host" }] });
    head.apps.get("argocd/tenant")!.render.limitation = "a server it needs cannot be reached from here";
    expect(rules(findings(base, head))).toEqual(["not-analysed:warn"]);
  });

  it("a base that was not fully rendered (external source) does not make a head failure a render-error", () => {
    const base = side({ apps: [{ app: tenant, manifests: "" }] });
    base.apps.get("argocd/tenant")!.render.incomplete = "source x is not this repository";
    const head = side({ apps: [{ app: tenant, error: "helm: template: bad" }] });
    expect(rules(findings(base, head))).toEqual(["not-analysed:warn"]);
  });

  it("duplicate-application: the same Application declared twice on head", () => {
    const base = side({ apps: [{ app: tenant, manifests: cm("x") }] });
    const head = side({ apps: [{ app: tenant, manifests: cm("x"), declarations: ["apps/a.yaml", "apps/b.yaml"] }] });
    expect(rules(findings(base, head))).toEqual(["duplicate-application:block"]);
  });

  it("crd-delete blocks", () => {
    const crd =
      "---\napiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: { name: w.example.com, namespace: x }\nspec: { group: example.com, scope: Namespaced, names: { kind: W } }\n";
    const base = side({ apps: [{ app: tenant, manifests: crd + cm("x") }] });
    const head = side({ apps: [{ app: tenant, manifests: cm("x") }] });
    expect(rules(findings(base, head))).toEqual(["crd-delete:block"]);
  });

  it("app-delete warns when an app-of-apps child is pruned", () => {
    const root = app({ name: "root", destNs: "argocd" });
    const child = app({ name: "child", finalizer: true });
    const base = side({
      apps: [
        { app: root, manifests: `---\n${child}\n` },
        { app: child, manifests: deploy("web"), origin: { kind: "app", parent: "argocd/root" } },
      ],
    });
    const head = side({ apps: [{ app: root, manifests: cm("placeholder", "argocd") }] });
    const fs = findings(base, head);
    expect(rules(fs)).toEqual(["app-delete:warn"]);
    expect(fs[0]!.message).toMatch(/resources finalizer deletes what it manages \(1 of its 1 resources are deleted\)/);
  });

  it("not-analysed: a plugin that is not configured is never reported as unchanged", () => {
    const st = (s: SideState): SideState => {
      const a = s.apps.get("argocd/tenant")!;
      a.render = {
        ...a.render,
        sources: [{ status: "skipped", reason: "plugin kustomize-helm is not configured", notConfigured: true }],
        incomplete: "plugin kustomize-helm is not configured",
      };
      return s;
    };
    const base = st(side({ apps: [{ app: tenant, manifests: "" }] }));
    const head = st(side({ apps: [{ app: tenant, manifests: "" }] }));
    expect(rules(findings(base, head))).toEqual(["not-analysed:warn"]);
  });

  it.each([
    [true, ["not-analysed:warn"]],
    [false, []],
  ])(
    "an unchanged ApplicationSet with a live-data generator (reads this repository: %s)",
    (readsThisRepo, expected) => {
      const set = {
        name: "previews",
        result: {
          ok: false as const,
          reason: "cannot-evaluate" as const,
          message: "pullRequest generator needs live data",
          policy: "sync" as const,
        },
        generated: [],
      };
      const base = side({ apps: [], appSets: [set] });
      const head = side({ apps: [], appSets: [set] });
      for (const s of [base, head]) s.appSets.get("argocd/previews")!.readsThisRepo = readsThisRepo;
      expect(rules(findings(base, head))).toEqual(expected);
    },
  );

  it("an unchanged app produces no finding", () => {
    const base = side({ apps: [{ app: tenant, manifests: cm("x") }] });
    const head = side({ apps: [{ app: tenant, manifests: cm("x") }] });
    expect(findings(base, head)).toEqual([]);
  });
});
