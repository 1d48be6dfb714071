import { describe, expect, it } from "@jest/globals";
import { app, cm, config, deploy, ns, side } from "../../support/side-fixture.js";
import { summaries, type RuleCase } from "./support/findings-of.js";

const tenant = app({ name: "tenant", destNs: "shop" });
const cases: { fact: string; c: RuleCase; expected: string[] }[] = [
  {
    // k8s:pkg/controller/namespace/deletion/namespaced_resources_deleter.go (Delete): everything inside goes.
    fact: "a pruned Namespace warns, with what is known to be inside",
    c: {
      base: side({ apps: [{ app: tenant, manifests: ns("shop") + deploy("web") + cm("x", "other") }] }),
      head: side({ apps: [{ app: tenant, manifests: cm("x", "other") }] }),
    },
    expected: ["warn: Namespace shop would be pruned by tenant (auto-sync), with everything in it (1 known resource)."],
  },
  {
    fact: "what another app deployed inside goes too",
    c: {
      base: side({
        apps: [
          { app: tenant, manifests: ns("shop") + cm("keep", "other") },
          { app: app({ name: "web", destNs: "shop" }), manifests: deploy("web") + cm("cfg") },
        ],
      }),
      head: side({
        apps: [
          { app: tenant, manifests: cm("keep", "other") },
          { app: app({ name: "web", destNs: "shop" }), manifests: deploy("web") + cm("cfg") },
        ],
      }),
    },
    expected: [
      "warn: Namespace shop would be pruned by tenant (auto-sync), with everything in it (2 known resources).",
    ],
  },
  {
    fact: "a protected Namespace is protected-namespace-delete's",
    c: {
      base: side({ apps: [{ app: tenant, manifests: ns("shop") + cm("keep", "other") }] }),
      head: side({ apps: [{ app: tenant, manifests: cm("keep", "other") }] }),
      config: config({ protectedNamespaces: ["shop"] }),
    },
    expected: [],
  },
  {
    // argo-cd:controller/appcontroller.go (autoSync): automated sync without prune leaves it to a manual sync.
    fact: "without automated prune, the next manual sync prunes it",
    c: {
      base: side({
        apps: [{ app: app({ name: "tenant", destNs: "shop", prune: false }), manifests: ns("shop") + cm("k", "o") }],
      }),
      head: side({ apps: [{ app: app({ name: "tenant", destNs: "shop", prune: false }), manifests: cm("k", "o") }] }),
    },
    expected: [
      "warn: Namespace shop would be pruned by tenant (manual-sync), with everything in it (0 known resources).",
    ],
  },
];

describe("namespace-delete", () => {
  it.each(cases)("$fact", ({ c, expected }) => {
    expect(summaries("namespace-delete", c)).toEqual(expected);
  });
});
