import { describe, expect, it } from "@jest/globals";
import { buildDesiredState } from "../../../src/core/diff/build-desired-state.js";
import { createScopeTable } from "../../../src/core/argocd/scope.js";
import { parseApplication } from "../../../src/core/argocd/parse-application.js";
import { app, config, yamlDocs } from "../support/side-fixture.js";

const spec = parseApplication({
  obj: yamlDocs(app({ name: "web", destNs: "dest" }))[0]!,
  origin: { kind: "file", file: "a.yaml" },
  generatedBy: "a.yaml",
  argocdNamespace: "argocd",
});

function keys(manifests: string, version = "3.1"): string[] {
  const docs = yamlDocs(manifests);
  const state = buildDesiredState({
    app: spec,
    manifests: docs,
    scopes: createScopeTable(docs),
    config: config({ argocd: { version } }),
  });
  return [...state.resources.values()].map((r) => `${r.ref.group}/${r.ref.kind}/${r.ref.namespace}/${r.ref.name}`);
}

describe("controller normalisation (state.go NormalizeTargetObjects, kube.go IsNamespacedOrUnknown)", () => {
  it.each([
    [
      "a namespaced kind without namespace gets the destination namespace",
      "apiVersion: v1\nkind: ConfigMap\nmetadata: { name: c }",
      "/ConfigMap/dest/c",
    ],
    [
      "a namespaced kind keeps its own namespace",
      "apiVersion: v1\nkind: ConfigMap\nmetadata: { name: c, namespace: own }",
      "/ConfigMap/own/c",
    ],
    [
      "a cluster-scoped kind loses a namespace",
      "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: { name: r, namespace: x }",
      "rbac.authorization.k8s.io/ClusterRole//r",
    ],
    [
      "an unknown kind is treated as namespaced",
      "apiVersion: example.com/v1\nkind: Gadget\nmetadata: { name: g }",
      "example.com/Gadget/dest/g",
    ],
  ])("%s", (_l, yaml, expected) => {
    expect(keys(yaml)).toEqual([expected]);
  });

  it("a CRD rendered with scope Cluster makes its kind cluster-scoped", () => {
    const crd =
      "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: { name: gadgets.example.com }\nspec: { group: example.com, scope: Cluster, names: { kind: Gadget } }\n---\napiVersion: example.com/v1\nkind: Gadget\nmetadata: { name: g, namespace: x }";
    expect(keys(crd)).toContain("example.com/Gadget//g");
  });

  it("the last of two identical keys wins", () => {
    const state = buildDesiredState({
      app: spec,
      manifests: yamlDocs(
        "apiVersion: v1\nkind: ConfigMap\nmetadata: { name: c }\ndata: { v: '1' }\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: { name: c }\ndata: { v: '2' }",
      ),
      scopes: createScopeTable([]),
      config: config(),
    });
    expect(state.repeated).toHaveLength(1);
    expect([...state.resources.values()][0]!.obj.data).toEqual({ v: "2" });
  });

  it.each([
    ["3.0", []],
    ["2.14", ["/Endpoints/dest/e"]],
  ])("Endpoints are excluded by default since 3.0 (version %s)", (version, expected) => {
    expect(keys("apiVersion: v1\nkind: Endpoints\nmetadata: { name: e }", version)).toEqual(expected);
  });
});
