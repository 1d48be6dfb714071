import { describe, expect, it } from "@jest/globals";
import { app, cm, config, deploy, side } from "../../support/side-fixture.js";
import { summaries, type RuleCase } from "./support/findings-of.js";

const tenant = app({ name: "tenant", destNs: "prod" });
const prod = config({ protectedNamespaces: ["prod"] });
const cms = (n: number): string => Array.from({ length: n }, (_, i) => cm(`cm-${i}`)).join("");
const cases: { fact: string; c: RuleCase; expected: string[] }[] = [
  {
    // argo-cd:gitops-engine/pkg/sync/sync_context.go (pruneObject): a tracked object that left the render is deleted.
    fact: "what an app prunes in a protected namespace is one block per namespace and cause",
    c: {
      base: side({ apps: [{ app: tenant, manifests: cm("a") + deploy("web") + cm("keep") }] }),
      head: side({ apps: [{ app: tenant, manifests: cm("keep") }] }),
      config: prod,
    },
    expected: [
      "block: 2 resources in protected namespace prod would be pruned by tenant (auto-sync): ConfigMap prod/a, Deployment prod/web.",
    ],
  },
  {
    fact: "a long list names ten and counts the rest",
    c: {
      base: side({ apps: [{ app: tenant, manifests: cms(12) + cm("keep") }] }),
      head: side({ apps: [{ app: tenant, manifests: cm("keep") }] }),
      config: config({ protectedNamespaces: ["prod"], policy: { maxDeletions: 100 } }),
    },
    expected: [
      "block: 12 resources in protected namespace prod would be pruned by tenant (auto-sync): ConfigMap prod/cm-0, ConfigMap prod/cm-1, ConfigMap prod/cm-2, ConfigMap prod/cm-3, ConfigMap prod/cm-4, ConfigMap prod/cm-5, ConfigMap prod/cm-6, ConfigMap prod/cm-7, ConfigMap prod/cm-8, ConfigMap prod/cm-9 and 2 more.",
    ],
  },
  {
    fact: "a namespace that is not protected is not this rule's",
    c: {
      base: side({ apps: [{ app: tenant, manifests: cm("a") + cm("keep") }] }),
      head: side({ apps: [{ app: tenant, manifests: cm("keep") }] }),
    },
    expected: [],
  },
  {
    // Application CRs live in the Argo CD namespace by design (argo-cd:docs/operator-manual/app-any-namespace.md):
    // their deletion is app-delete's business.
    fact: "an Application pruned from the (protected) Argo CD namespace is left to app-delete",
    c: {
      base: side({
        apps: [
          { app: app({ name: "root", destNs: "argocd" }), manifests: `---\n${app({ name: "child" })}\n` + cm("keep") },
          { app: app({ name: "child" }), manifests: "", origin: { kind: "app", parent: "argocd/root" } },
        ],
      }),
      head: side({ apps: [{ app: app({ name: "root", destNs: "argocd" }), manifests: cm("keep") }] }),
    },
    expected: [],
  },
];

describe("protected-resource-delete", () => {
  it.each(cases)("$fact", ({ c, expected }) => {
    expect(summaries("protected-resource-delete", c)).toEqual(expected);
  });
});
