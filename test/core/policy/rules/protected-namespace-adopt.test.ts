import { describe, expect, it } from "@jest/globals";
import { app, cm, config, ns, side } from "../../support/side-fixture.js";
import { summaries, type RuleCase } from "./support/findings-of.js";

const tenant = app({ name: "tenant" });
// argo-cd:util/argo/resource_tracking.go (SetAppInstance): a declared Namespace is stamped with the app's
// tracking id on sync, so the app owns it from then on and prunes it when it leaves the render.
const cases: { fact: string; c: RuleCase; expected: string[] }[] = [
  {
    fact: "starting to declare a protected Namespace blocks",
    c: {
      base: side({ apps: [{ app: tenant, manifests: cm("x") }] }),
      head: side({ apps: [{ app: tenant, manifests: cm("x") + ns("argocd") }] }),
    },
    expected: [
      "block: tenant starts declaring protected Namespace argocd: Argo CD takes ownership of it, so a later change that drops it from the render prunes the namespace and everything in it.",
    ],
  },
  {
    fact: "a Namespace the app already declared is not news",
    c: {
      base: side({ apps: [{ app: tenant, manifests: cm("x") + ns("argocd") }] }),
      head: side({ apps: [{ app: tenant, manifests: cm("y") + ns("argocd") }] }),
    },
    expected: [],
  },
  {
    fact: "an ordinary Namespace is not this rule's",
    c: {
      base: side({ apps: [{ app: tenant, manifests: cm("x") }] }),
      head: side({ apps: [{ app: tenant, manifests: cm("x") + ns("shop") }] }),
    },
    expected: [],
  },
  {
    fact: "a new app declaring a protected Namespace blocks too",
    c: {
      base: side({ apps: [] }),
      head: side({ apps: [{ app: tenant, manifests: ns("prod") }] }),
      config: config({ protectedNamespaces: ["prod"] }),
    },
    expected: [
      "block: tenant starts declaring protected Namespace prod: Argo CD takes ownership of it, so a later change that drops it from the render prunes the namespace and everything in it.",
    ],
  },
];

describe("protected-namespace-adopt", () => {
  it.each(cases)("$fact", ({ c, expected }) => {
    expect(summaries("protected-namespace-adopt", c)).toEqual(expected);
  });
});
