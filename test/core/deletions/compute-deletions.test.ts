import { describe, expect, it } from "@jest/globals";
import { computeDeletions } from "../../../src/core/deletions/compute-deletions.js";
import { app, cm, config, deploy, ns, side } from "../support/side-fixture.js";

const refsOf = (ds: { ref: { kind: string; namespace: string; name: string } }[]): string[] =>
  ds.map((d) => `${d.ref.kind}/${d.ref.namespace}/${d.ref.name}`).sort();

describe("prune on sync (argo-cd sync_context.go, appcontroller.go autoSync)", () => {
  it.each([
    ["automated prune", { automated: true, prune: true }, "auto-sync"],
    ["automated without prune", { automated: true, prune: false }, "manual-sync"],
    ["manual sync policy", { automated: false }, "manual-sync"],
  ] as const)("%s: a resource removed from Git is pruned on %s", (_label, policy, trigger) => {
    const a = app({ name: "web", ...policy });
    const base = side({ apps: [{ app: a, manifests: cm("keep") + cm("gone") }] });
    const head = side({ apps: [{ app: a, manifests: cm("keep") }] });
    const { deletions } = computeDeletions({ base, head, config: config() });
    expect(deletions).toEqual([
      expect.objectContaining({
        ref: { group: "", kind: "ConfigMap", namespace: "web", name: "gone" },
        cause: "pruned",
        trigger,
        app: "web",
      }),
    ]);
  });

  it("Prune=false on the live (base) object keeps it", () => {
    const a = app({ name: "web" });
    const base = side({
      apps: [{ app: a, manifests: cm("keep") + cm("gone", "", { "argocd.argoproj.io/sync-options": "Prune=false" }) }],
    });
    const head = side({ apps: [{ app: a, manifests: cm("keep") }] });
    const facts = computeDeletions({ base, head, config: config() });
    expect(facts.deletions).toEqual([]);
    expect(facts.kept.map((k) => k.ref.name)).toEqual(["gone"]);
  });

  it.each([
    ["3.4", 0],
    ["3.1", 1],
  ] as const)("app-level Prune=false counts from 3.4 (argo %s => %d deletions)", (version, n) => {
    const a = app({ name: "web", syncOptions: ["Prune=false"] });
    const base = side({ apps: [{ app: a, manifests: cm("keep") + cm("gone") }] });
    const head = side({ apps: [{ app: a, manifests: cm("keep") }] });
    expect(computeDeletions({ base, head, config: config({ argocd: { version } }) }).deletions).toHaveLength(n);
  });

  it("Delete=false does not stop a prune", () => {
    const a = app({ name: "web" });
    const base = side({
      apps: [{ app: a, manifests: cm("keep") + cm("gone", "", { "argocd.argoproj.io/sync-options": "Delete=false" }) }],
    });
    const head = side({ apps: [{ app: a, manifests: cm("keep") }] });
    expect(computeDeletions({ base, head, config: config() }).deletions).toHaveLength(1);
  });

  it.each([
    [false, "manual-sync"],
    [true, "auto-sync"],
  ] as const)("allowEmpty=%s: removing every resource is pruned on %s", (allowEmpty, trigger) => {
    const a = app({ name: "web", allowEmpty });
    const base = side({ apps: [{ app: a, manifests: cm("one") + cm("two") }] });
    const head = side({ apps: [{ app: a, manifests: "" }] });
    const { deletions } = computeDeletions({ base, head, config: config() });
    expect(deletions.map((d) => d.trigger)).toEqual([trigger, trigger]);
  });

  it.each([
    ["argocd.argoproj.io/hook", "PreSync"],
    ["helm.sh/hook", "pre-install"],
    ["helm.sh/hook", "test"],
  ])("hooks (%s: %s) are never pruned", (key, value) => {
    const a = app({ name: "web" });
    const base = side({ apps: [{ app: a, manifests: cm("keep") + cm("job", "", { [key]: value }) }] });
    const head = side({ apps: [{ app: a, manifests: cm("keep") }] });
    expect(computeDeletions({ base, head, config: config() }).deletions).toEqual([]);
  });

  it("a render failure on head blocks the sync: nothing is pruned", () => {
    const a = app({ name: "web" });
    const base = side({ apps: [{ app: a, manifests: cm("one") }] });
    const head = side({ apps: [{ app: a, error: "helm: template failed" }] });
    expect(computeDeletions({ base, head, config: config() }).deletions).toEqual([]);
  });

  it("a namespaced object without namespace and no destination namespace fails the sync", () => {
    const a = app({ name: "web", destNs: "" });
    const base = side({ apps: [{ app: a, manifests: cm("one", "x") + cm("two", "x") }] });
    const head = side({ apps: [{ app: a, manifests: cm("one") }] });
    const facts = computeDeletions({ base, head, config: config() });
    expect(facts.deletions).toEqual([]);
    expect(facts.syncFailures).toHaveLength(1);
  });

  it("a resource whose namespace changes is pruned in the old namespace", () => {
    const a = app({ name: "web" });
    const base = side({ apps: [{ app: a, manifests: deploy("api", "old") }] });
    const head = side({ apps: [{ app: a, manifests: deploy("api", "new") }] });
    expect(refsOf(computeDeletions({ base, head, config: config() }).deletions)).toEqual(["Deployment/old/api"]);
  });

  it("an apiVersion change within a group is not a deletion", () => {
    const a = app({ name: "web" });
    const base = side({ apps: [{ app: a, manifests: deploy("api").replace("apps/v1", "apps/v1beta2") }] });
    const head = side({ apps: [{ app: a, manifests: deploy("api") }] });
    expect(computeDeletions({ base, head, config: config() }).deletions).toEqual([]);
  });

  it("moving the app to another cluster leaves the old resources in place", () => {
    const base = side({ apps: [{ app: app({ name: "web" }), manifests: cm("one") }] });
    const head = side({ apps: [{ app: app({ name: "web", server: "https://other:6443" }), manifests: "" }] });
    const facts = computeDeletions({ base, head, config: config() });
    expect(facts.deletions).toEqual([]);
    expect(facts.kept).toHaveLength(1);
  });
});

describe("Namespace cascade (Kubernetes namespace controller)", () => {
  it("a pruned Namespace takes everything in it, whichever app deployed it, and is protected", () => {
    const tenant = app({ name: "tenant-b" });
    const argo = app({ name: "argocd-self", destNs: "argocd" });
    const base = side({
      apps: [
        { app: tenant, manifests: ns("argocd") + cm("t", "argocd") },
        { app: argo, manifests: deploy("argocd-server") + cm("argocd-cm") },
      ],
    });
    const head = side({
      apps: [
        { app: tenant, manifests: ns("tenant-b") + cm("t", "tenant-b") },
        { app: argo, manifests: deploy("argocd-server") + cm("argocd-cm") },
      ],
    });
    const { deletions } = computeDeletions({ base, head, config: config() });
    const nsDel = deletions.find((d) => d.ref.kind === "Namespace")!;
    expect(nsDel).toMatchObject({ cause: "pruned", app: "tenant-b", protected: true, trigger: "auto-sync" });
    const cascaded = deletions.filter((d) => d.cause === "namespace-deleted");
    // The Application CRs live in argocd too: they are deleted with it.
    expect(refsOf(cascaded)).toEqual([
      "Application/argocd/argocd-self",
      "Application/argocd/tenant-b",
      "ConfigMap/argocd/argocd-cm",
      "Deployment/argocd/argocd-server",
    ]);
    expect(cascaded.every((d) => d.protected && d.via?.name === "argocd" && d.app === "tenant-b")).toBe(true);
  });

  it.each(["default", "kube-system", "kube-public"])(
    "pruning Namespace %s fails the sync instead of deleting it",
    (name) => {
      const a = app({ name: "web" });
      const base = side({ apps: [{ app: a, manifests: ns(name) + cm("keep") }] });
      const head = side({ apps: [{ app: a, manifests: cm("keep") }] });
      const facts = computeDeletions({ base, head, config: config() });
      expect(facts.deletions).toEqual([]);
      expect(facts.syncFailures[0]?.refs).toEqual([{ group: "", kind: "Namespace", namespace: "", name }]);
    },
  );

  it("kube-node-lease can be deleted", () => {
    const a = app({ name: "web" });
    const base = side({ apps: [{ app: a, manifests: ns("kube-node-lease") + cm("keep") }] });
    const head = side({ apps: [{ app: a, manifests: cm("keep") }] });
    expect(computeDeletions({ base, head, config: config() }).deletions[0]).toMatchObject({ protected: true });
  });
});

const crd = (extra = ""): string =>
  `---\napiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: widgets.example.com\n${extra}spec:\n  group: example.com\n  scope: Namespaced\n  names: { kind: Widget, plural: widgets }\n`;
const widget = (name: string): string => `---\napiVersion: example.com/v1\nkind: Widget\nmetadata: { name: ${name} }\n`;

describe("CRDs (repository.go: CRDs are not stamped with tracking)", () => {
  it("a CRD removed from Git is not pruned in annotation mode", () => {
    const a = app({ name: "op" });
    const base = side({ apps: [{ app: a, manifests: crd() + cm("keep") }] });
    const head = side({ apps: [{ app: a, manifests: cm("keep") }] });
    const facts = computeDeletions({ base, head, config: config() });
    expect(facts.deletions).toEqual([]);
    expect(facts.kept[0]?.why).toMatch(/CustomResourceDefinitions/);
  });

  it("label tracking with the instance label in the chart: the CRD is pruned and its custom resources go with it", () => {
    const cfg = config({ argocd: { trackingMethod: "label" } });
    const a = app({ name: "op" });
    const user = app({ name: "user" });
    const base = side({
      config: cfg,
      apps: [
        { app: a, manifests: crd("  labels: { app.kubernetes.io/instance: op }\n") + cm("keep") },
        { app: user, manifests: widget("w1") },
      ],
    });
    const head = side({
      config: cfg,
      apps: [
        { app: a, manifests: cm("keep") },
        { app: user, manifests: widget("w1") },
      ],
    });
    const { deletions } = computeDeletions({ base, head, config: cfg });
    expect(deletions.map((d) => [d.ref.kind, d.cause])).toEqual([
      ["CustomResourceDefinition", "pruned"],
      ["Widget", "crd-deleted"],
    ]);
  });
});

describe("Application deletion (appcontroller.go finalizeApplicationDeletion, shouldBeDeleted)", () => {
  const child = (finalizer: boolean): string => app({ name: "child", finalizer });
  const parentApp = app({ name: "root", destNs: "argocd" });
  const childManifest = (finalizer: boolean): string => `---\n${child(finalizer)}\n`;

  it.each([
    [true, ["Application/argocd/child", "ConfigMap/child/a", "ConfigMap/child/b"]],
    [false, ["Application/argocd/child"]],
  ] as const)("child removed from an app-of-apps (finalizer %s)", (finalizer, expected) => {
    const base = side({
      apps: [
        { app: parentApp, manifests: childManifest(finalizer) },
        {
          app: child(finalizer),
          manifests: cm("a") + cm("b", "", finalizer ? {} : {}),
          origin: { kind: "app", parent: "argocd/root" },
        },
      ],
    });
    const head = side({ apps: [{ app: parentApp, manifests: "" }] });
    const { deletions } = computeDeletions({ base, head, config: config({ argocd: { version: "3.1" } }) });
    expect(refsOf(deletions)).toEqual(expected);
    if (finalizer)
      expect(deletions.filter((d) => d.cause === "app-deleted").every((d) => d.trigger === "app-deletion")).toBe(true);
  });

  it("Delete=false, helm.sh/resource-policy: keep and CRDs survive the cascade; Prune=false does not protect", () => {
    const base = side({
      apps: [
        { app: parentApp, manifests: childManifest(true) },
        {
          app: child(true),
          manifests:
            cm("del-false", "", { "argocd.argoproj.io/sync-options": "Delete=false" }) +
            cm("keep", "", { "helm.sh/resource-policy": "keep" }) +
            cm("prune-false", "", { "argocd.argoproj.io/sync-options": "Prune=false" }) +
            crd(
              "  annotations: { argocd.argoproj.io/tracking-id: 'child:apiextensions.k8s.io/CustomResourceDefinition:child/widgets.example.com' }\n",
            ),
          origin: { kind: "app", parent: "argocd/root" },
        },
      ],
    });
    const head = side({ apps: [{ app: parentApp, manifests: "" }] });
    expect(refsOf(computeDeletions({ base, head, config: config() }).deletions)).toEqual([
      "Application/argocd/child",
      "ConfigMap/child/prune-false",
    ]);
  });
});

describe("ApplicationSet deletion (applicationset_controller.go, policy.go)", () => {
  const gen = (finalizer: boolean): string => app({ name: "tenant-a", finalizer });
  const ok = (policy: "sync" | "create-only" | "create-update" | "create-delete") => ({
    ok: true as const,
    apps: [],
    policy,
  });

  it.each([
    ["sync", true, ["Application/argocd/tenant-a", "ConfigMap/tenant-a/x"]],
    ["sync", false, ["Application/argocd/tenant-a"]],
    ["create-delete", true, ["Application/argocd/tenant-a", "ConfigMap/tenant-a/x"]],
    ["create-only", true, []],
    ["create-update", true, []],
  ] as const)("element removed, policy %s, finalizer %s", (policy, finalizer, expected) => {
    const origin = { kind: "appset" as const, appSet: "argocd/tenants", file: "appset.yaml" };
    const base = side({
      apps: [{ app: gen(finalizer), manifests: cm("x"), origin }],
      appSets: [{ name: "tenants", result: ok(policy), generated: ["argocd/tenant-a"] }],
    });
    const head = side({ apps: [], appSets: [{ name: "tenants", result: ok(policy), generated: [] }] });
    const { deletions } = computeDeletions({ base, head, config: config() });
    expect(refsOf(deletions)).toEqual(expected);
    if (expected.length) expect(deletions[0]).toMatchObject({ trigger: "appset-reconcile", cause: "app-deleted" });
  });

  it("a generator error stops the reconcile: nothing is deleted", () => {
    const origin = { kind: "appset" as const, appSet: "argocd/tenants", file: "appset.yaml" };
    const base = side({
      apps: [{ app: gen(true), manifests: cm("x"), origin }],
      appSets: [{ name: "tenants", result: ok("sync"), generated: ["argocd/tenant-a"] }],
    });
    const head = side({
      apps: [],
      appSets: [
        { name: "tenants", result: { ok: false, reason: "error", message: "bad", policy: "sync" }, generated: [] },
      ],
    });
    expect(computeDeletions({ base, head, config: config() }).deletions).toEqual([]);
  });

  it("an ApplicationSet pruned by its parent takes its Applications and their resources", () => {
    const origin = { kind: "appset" as const, appSet: "argocd/tenants", file: "appset.yaml" };
    const root = app({ name: "root", destNs: "argocd" });
    const setYaml =
      "---\napiVersion: argoproj.io/v1alpha1\nkind: ApplicationSet\nmetadata: { name: tenants, namespace: argocd }\nspec: {}\n";
    const base = side({
      apps: [
        { app: root, manifests: setYaml },
        { app: gen(true), manifests: cm("x"), origin },
      ],
      appSets: [
        {
          name: "tenants",
          result: ok("sync"),
          generated: ["argocd/tenant-a"],
          origin: { kind: "app", parent: "argocd/root" },
        },
      ],
    });
    const head = side({ apps: [{ app: root, manifests: "" }] });
    expect(refsOf(computeDeletions({ base, head, config: config() }).deletions)).toEqual([
      "Application/argocd/tenant-a",
      "ApplicationSet/argocd/tenants",
      "ConfigMap/tenant-a/x",
    ]);
  });

  it("a root ApplicationSet removed from its file: nothing is deleted, and what would hang on it is counted", () => {
    const origin = { kind: "appset" as const, appSet: "argocd/tenants", file: "appset.yaml" };
    const base = side({
      apps: [{ app: gen(true), manifests: cm("x") + cm("y"), origin }],
      appSets: [{ name: "tenants", result: ok("sync"), generated: ["argocd/tenant-a"] }],
    });
    const head = side({ apps: [] });
    const facts = computeDeletions({ base, head, config: config() });
    expect(facts.deletions).toEqual([]);
    expect(facts.unmanagedRemovals).toEqual([
      expect.objectContaining({ app: "tenants", apps: ["tenant-a"], wouldCascade: 2 }),
    ]);
  });

  it("a root Application removed from its file is not deleted by Argo CD", () => {
    const base = side({ apps: [{ app: app({ name: "web", finalizer: true }), manifests: cm("x") }] });
    const head = side({ apps: [] });
    const facts = computeDeletions({ base, head, config: config() });
    expect(facts.deletions).toEqual([]);
    expect(facts.unmanagedRemovals).toEqual([expect.objectContaining({ app: "web", wouldCascade: 1 })]);
  });
});
