import { describe, expect, it } from "@jest/globals";
import { app, cm, side } from "../../support/side-fixture.js";
import { summaries, type RuleCase } from "./support/findings-of.js";

const tenant = app({ name: "tenant" });
const crd = (metadata: string, group = "apiextensions.k8s.io"): string =>
  `---\napiVersion: ${group}/v1\nkind: CustomResourceDefinition\nmetadata: { name: widgets.example.com${metadata} }\nspec: { group: example.com, scope: Namespaced, names: { kind: Widget } }\n`;
const removed = (manifest: string): RuleCase => ({
  base: side({ apps: [{ app: tenant, manifests: manifest + cm("x") }] }),
  head: side({ apps: [{ app: tenant, manifests: cm("x") }] }),
});
const BLOCK =
  "block: CustomResourceDefinition widgets.example.com would be pruned by tenant (auto-sync): every custom resource of that type in the cluster is deleted with it.";
const cases: { fact: string; c: RuleCase; expected: string[] }[] = [
  {
    // argo-cd:controller/state.go (normalizeClusterScopeTracking): a CRD whose manifest sets a namespace is
    // re-stamped with tracking, so it is pruned; Kubernetes then deletes its custom resources.
    fact: "a tracked CRD that leaves Git is pruned, with its custom resources",
    c: removed(crd(", namespace: x")),
    expected: [BLOCK],
  },
  {
    fact: "a CRD that carries the app's tracking id is pruned",
    c: removed(
      crd(
        ", annotations: { argocd.argoproj.io/tracking-id: 'tenant:apiextensions.k8s.io/CustomResourceDefinition:/widgets.example.com' }",
      ),
    ),
    expected: [BLOCK],
  },
  {
    // argo-cd:reposerver/repository/repository.go (GenerateManifests): CRDs are never stamped, so an untracked one is not pruned.
    fact: "an untracked CRD stays",
    c: removed(crd("")),
    expected: [],
  },
  {
    fact: "a kind called CustomResourceDefinition in another group is not a CRD",
    c: removed(crd(", namespace: x", "example.com")),
    expected: [],
  },
];

describe("crd-delete", () => {
  it.each(cases)("$fact", ({ c, expected }) => {
    expect(summaries("crd-delete", c)).toEqual(expected);
  });
});
