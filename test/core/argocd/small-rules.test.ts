import { describe, expect, it } from "@jest/globals";
import { matchesRepo, normalizeRepoURL } from "../../../src/core/argocd/repo-url.js";
import { instanceNameOf, syncPolicyOf } from "../../../src/core/argocd/parse-application.js";
import { annotationOptions, effectiveOption } from "../../../src/core/argocd/sync-options.js";
import { hookKindOf } from "../../../src/core/argocd/hooks.js";
import { trackingOf } from "../../../src/core/argocd/tracking.js";
import { findAppManifests } from "../../../src/core/discover/find-app-manifests.js";
import { isUnder, sourceDir } from "../../../src/core/discover/claimed-paths.js";
import { parseConfig } from "../../../src/config/parse-config.js";
import { isProtectedNamespace } from "../../../src/core/policy/is-protected-namespace.js";
import { config } from "../support/side-fixture.js";

describe("repoURL matching (util/git NormalizeGitURL)", () => {
  it.each([
    ["https://github.com/Org/Repo.git", "https://github.com/org/repo"],
    ["git@github.com:org/repo.git", "https://github.com/org/repo"],
    ["ssh://git@github.com/org/repo", "https://github.com/org/repo/"],
  ])("%s == %s", (a, b) => expect(matchesRepo(a, [b])).toBe(true));
  it("different repositories differ", () =>
    expect(matchesRepo("https://github.com/org/other", ["https://github.com/org/repo"])).toBe(false));
  it("normalises", () => expect(normalizeRepoURL("HTTPS://GitHub.com/a/b.git/")).toBe("github.com/a/b"));
});

describe("Application fields", () => {
  it.each([
    ["argocd", "web"],
    ["team-ns", "team-ns_web"],
  ])("instance name in namespace %s is %s", (namespace, expected) => {
    expect(instanceNameOf({ name: "web", namespace, argocdNamespace: "argocd" })).toBe(expected);
  });
  it.each([
    [{ automated: {} }, { automated: true, prune: false }],
    [{ automated: { prune: true } }, { automated: true, prune: true }],
    [{ automated: { prune: true, enabled: false } }, { automated: false, prune: false }],
    [{}, { automated: false, prune: false }],
  ])("syncPolicy %j", (syncPolicy, expected) => {
    expect(syncPolicyOf({ syncPolicy })).toMatchObject(expected);
  });
});

describe("sync options (gitops-engine annotations.go)", () => {
  const obj = (v: string) => ({ metadata: { annotations: { "argocd.argoproj.io/sync-options": v } } });
  it("trims and de-duplicates", () =>
    expect(annotationOptions(obj(" Prune=false , Prune=false,,PruneLast=true"))).toEqual([
      "Prune=false",
      "PruneLast=true",
    ]));
  it("the annotation wins over the app-level option", () => {
    expect(
      effectiveOption({ obj: obj("Prune=true"), key: "Prune", appOptions: ["Prune=false"], appLevelSupported: true }),
    ).toBe("true");
    expect(effectiveOption({ obj: {}, key: "Prune", appOptions: ["Prune=false"], appLevelSupported: true })).toBe(
      "false",
    );
    expect(
      effectiveOption({ obj: {}, key: "Prune", appOptions: ["Prune=false"], appLevelSupported: false }),
    ).toBeUndefined();
  });
});

describe("hooks (hook.go, helm/type.go, ignore.go)", () => {
  const o = (a: Record<string, string>) => ({ metadata: { annotations: a } });
  it.each([
    [{}, "none"],
    [{ "argocd.argoproj.io/hook": "PostSync" }, "hook"],
    [{ "argocd.argoproj.io/hook": "Skip" }, "hook"],
    [{ "helm.sh/hook": "post-upgrade" }, "hook"],
    [{ "helm.sh/hook": "crd-install" }, "none"],
    [{ "helm.sh/hook": "test" }, "ignored"],
    [{ "argocd.argoproj.io/hook": "Sync", "helm.sh/hook": "test" }, "hook"],
  ])("%j is %s", (ann, expected) => expect(hookKindOf(o(ann as Record<string, string>))).toBe(expected));
});

describe("tracking (resource_tracking.go; CRDs are not stamped)", () => {
  const crd = (meta: Record<string, unknown>) => ({
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    metadata: { name: "x", ...meta },
  });
  it.each([
    ["plain CRD", crd({}), "annotation", false],
    ["CRD with metadata.namespace (re-stamped)", crd({ namespace: "n" }), "annotation", true],
    [
      "CRD with tracking id in the manifest",
      crd({
        annotations: { "argocd.argoproj.io/tracking-id": "app:apiextensions.k8s.io/CustomResourceDefinition:/x" },
      }),
      "annotation",
      true,
    ],
    ["CRD with instance label, label mode", crd({ labels: { "app.kubernetes.io/instance": "app" } }), "label", true],
    [
      "CRD with instance label, annotation+label mode",
      crd({ labels: { "app.kubernetes.io/instance": "app" } }),
      "annotation+label",
      false,
    ],
    ["ConfigMap", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" } }, "annotation", true],
    [
      "object with ownerReferences",
      { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c", ownerReferences: [{ name: "o" }] } },
      "annotation",
      false,
    ],
  ] as const)("%s", (_l, obj, method, tracked) => {
    expect(
      trackingOf({ obj, instanceName: "app", config: config({ argocd: { trackingMethod: method } }) }).tracked,
    ).toBe(tracked);
  });
});

describe("discovery", () => {
  it("finds Applications and ApplicationSets, skips templates and other kinds, reports broken files", () => {
    const found = findAppManifests([
      {
        path: "a.yaml",
        text: "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: { name: a }\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: { name: c }\n",
      },
      {
        path: "t/x.yaml",
        text: "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: {{ .Values.name }}\n",
      },
      { path: "s.yml", text: "apiVersion: argoproj.io/v1alpha1\nkind: ApplicationSet\nmetadata: { name: s }\n" },
      { path: "broken.yaml", text: "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: { name: [b\n" },
    ]);
    expect(found.docs.map((d) => `${d.file}:${d.kind}`)).toEqual(["a.yaml:Application", "s.yml:ApplicationSet"]);
    expect(found.parseErrors.map((e) => e.file)).toEqual(["broken.yaml"]);
  });
  it.each([
    [{ repoURL: "r", path: "apps/" }, "apps"],
    [{ repoURL: "r", path: "." }, ""],
    [{ repoURL: "r", path: "a/../b" }, "b"],
    [{ repoURL: "r", path: "../x" }, undefined],
    [{ repoURL: "r", chart: "c" }, undefined],
  ])("source dir of %j is %s", (src, dir) => expect(sourceDir(src)).toBe(dir));
  it("isUnder", () => {
    expect(isUnder("apps/a.yaml", "apps")).toBe(true);
    expect(isUnder("apps2/a.yaml", "apps")).toBe(false);
    expect(isUnder("x.yaml", "")).toBe(true);
  });
});

describe("configuration (strict: unknown keys are errors that name the key)", () => {
  it("names an unknown nested key", () => {
    const r = parseConfig("policy:\n  maxDeletion: 3\n", "cfg.yml");
    expect(r).toEqual({ ok: false, error: "cfg.yml: unknown key policy.maxDeletion" });
  });
  it("names a bad value", () => {
    const r = parseConfig("policy:\n  rules:\n    crd-delete: fatal\n", "cfg.yml");
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/^cfg\.yml: policy\.rules\.crd-delete: /);
  });
  it("network and render.memoryMiB: defaults, values, and a bad allow entry named", () => {
    const d = parseConfig("", "c");
    expect(d.ok && [d.config.network, d.config.render.memoryMiB]).toEqual([{ offline: false, allow: [] }, 2048]);
    const r = parseConfig(
      "network:\n  offline: true\n  allow: [127.0.0.1, '*.corp.example', 10.0.0.0/8]\nrender:\n  memoryMiB: 512\n",
      "c",
    );
    expect(r.ok && [r.config.network, r.config.render.memoryMiB]).toEqual([
      { offline: true, allow: ["127.0.0.1", "*.corp.example", "10.0.0.0/8"] },
      512,
    ]);
    expect(parseConfig("network:\n  allow: [http://x]\n", "c")).toEqual({
      ok: false,
      error: 'c: network.allow.0: "http://x" is not a host name, a *.domain glob, an IP address or a CIDR',
    });
    expect(parseConfig("network:\n  alow: []\n", "c")).toEqual({ ok: false, error: "c: unknown key network.alow" });
  });
  it("an unknown rule id is an error", () => {
    expect(parseConfig("policy:\n  rules:\n    crd-deletes: warn\n", "c").ok).toBe(false);
  });
  it("defaults: tracking by version", () => {
    const r = parseConfig("argocd: { version: '2.14' }\n", "c");
    expect(r.ok && r.config.argocd.trackingMethod).toBe("label");
    const d = parseConfig("", "c");
    expect(d.ok && d.config).toMatchObject({
      argocdNamespace: "argocd",
      repoServerNamespace: "argocd",
      policy: { maxDeletions: 25 },
    });
  });
  it("the Argo CD namespace is always protected; patterns are globs", () => {
    const cfg = config({ argocdNamespace: "gitops", protectedNamespaces: ["prod-*"] });
    expect(isProtectedNamespace("gitops", cfg)).toBe(true);
    expect(isProtectedNamespace("prod-eu", cfg)).toBe(true);
    expect(isProtectedNamespace("kube-system", cfg)).toBe(false);
  });
});
