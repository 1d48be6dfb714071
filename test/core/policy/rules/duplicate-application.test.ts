import { describe, expect, it } from "@jest/globals";
import { app, cm, side } from "../../support/side-fixture.js";
import { summaries, type RuleCase } from "./support/findings-of.js";

const tenant = app({ name: "tenant" });
const declared = (places: string[]) => side({ apps: [{ app: tenant, manifests: cm("x"), declarations: places }] });
// A Kubernetes object is its namespace and name: two manifests of one Application are one object, and the
// last one applied is its spec; an ApplicationSet overwrites an Application declared elsewhere
// (argo-cd:applicationset/controllers/applicationset_controller.go (createOrUpdateInCluster)).
const cases: { fact: string; c: RuleCase; expected: string[] }[] = [
  {
    fact: "an Application declared twice on head blocks",
    c: { base: declared(["apps/a.yaml"]), head: declared(["apps/a.yaml", "apps/b.yaml"]) },
    expected: [
      "block: Application tenant is declared 2 times (apps/a.yaml; apps/b.yaml): Argo CD keeps only one spec (the last one rendered, or the ApplicationSet's), so the other's resources can be pruned.",
    ],
  },
  {
    fact: "the same duplicate on base is only information",
    c: { base: declared(["apps/b.yaml", "apps/a.yaml"]), head: declared(["apps/a.yaml", "apps/b.yaml"]) },
    expected: [
      "info: Application tenant is declared 2 times (apps/a.yaml; apps/b.yaml): Argo CD keeps only one spec (the last one rendered, or the ApplicationSet's), so the other's resources can be pruned (already the case on base).",
    ],
  },
  {
    fact: "one parent rendering the name twice counts twice",
    c: { base: declared(["root"]), head: declared(["root", "root"]) },
    expected: [
      "block: Application tenant is declared 2 times (2× in root's render): Argo CD keeps only one spec (the last one rendered, or the ApplicationSet's), so the other's resources can be pruned.",
    ],
  },
  {
    fact: "one declaration is fine",
    c: { base: declared(["apps/a.yaml"]), head: declared(["apps/a.yaml"]) },
    expected: [],
  },
];

describe("duplicate-application", () => {
  it.each(cases)("$fact", ({ c, expected }) => {
    expect(summaries("duplicate-application", c)).toEqual(expected);
  });
});
