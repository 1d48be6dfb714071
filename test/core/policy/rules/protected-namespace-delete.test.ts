import { describe, expect, it } from "@jest/globals";
import { app, cm, config, ns, side } from "../../support/side-fixture.js";
import { summaries, type RuleCase } from "./support/findings-of.js";

const tenant = app({ name: "tenant" });
const cases: { fact: string; c: RuleCase; expected: string[] }[] = [
  {
    // k8s:pkg/controller/namespace/deletion/namespaced_resources_deleter.go (Delete): a deleted
    // Namespace takes every object in it, whoever deployed it.
    fact: "a pruned protected Namespace is a block that counts what goes with it",
    c: {
      // the Application tenant lives in argocd too, so it goes with the namespace
      base: side({ apps: [{ app: tenant, manifests: ns("argocd") + cm("x", "argocd") + cm("y") }] }),
      head: side({ apps: [{ app: tenant, manifests: cm("y") }] }),
      config: config({ protectedNamespaces: ["argocd"] }),
    },
    expected: [
      "block: Protected Namespace argocd would be pruned by tenant (auto-sync), and with it 2 resources inside it.",
    ],
  },
  {
    // INTERFACE.md section 2: protectedNamespaces are glob patterns; the Argo CD namespace is always protected.
    fact: "protectedNamespaces are globs",
    c: {
      base: side({ apps: [{ app: tenant, manifests: ns("prod-eu") + cm("x") }] }),
      head: side({ apps: [{ app: tenant, manifests: cm("x") }] }),
      config: config({ protectedNamespaces: ["prod-*"] }),
    },
    expected: ["block: Protected Namespace prod-eu would be pruned by tenant (auto-sync)."],
  },
  {
    // argo-cd:controller/appcontroller.go (autoSync): without allowEmpty, auto-sync refuses to prune everything.
    fact: "a prune of every resource waits for a manual sync",
    c: {
      base: side({ apps: [{ app: tenant, manifests: ns("argocd") }] }),
      head: side({ apps: [{ app: tenant, manifests: "" }] }),
    },
    expected: [
      "block: Protected Namespace argocd would be pruned by tenant (manual-sync), and with it 1 resource inside it.",
    ],
  },
  {
    fact: "a Namespace that matches no pattern is not this rule's (namespace-delete's)",
    c: {
      base: side({ apps: [{ app: tenant, manifests: ns("dev") + cm("x") }] }),
      head: side({ apps: [{ app: tenant, manifests: cm("x") }] }),
      config: config({ protectedNamespaces: ["prod-*"] }),
    },
    expected: [],
  },
  {
    // argo-cd:gitops-engine/pkg/sync/sync_context.go (isPruningDisabled): Prune=false on the live object skips the prune.
    fact: "Prune=false on the live Namespace keeps it",
    c: {
      base: side({
        apps: [
          { app: tenant, manifests: ns("argocd", { "argocd.argoproj.io/sync-options": "Prune=false" }) + cm("x") },
        ],
      }),
      head: side({ apps: [{ app: tenant, manifests: cm("x") }] }),
    },
    expected: [],
  },
  {
    // k8s.io/apiserver/pkg/admission/plugin/namespace/lifecycle: kube-system cannot be deleted; the sync fails instead.
    fact: "an immortal protected Namespace is not deleted",
    c: {
      base: side({ apps: [{ app: tenant, manifests: ns("kube-system") + cm("x") }] }),
      head: side({ apps: [{ app: tenant, manifests: cm("x") }] }),
    },
    expected: [],
  },
];

describe("protected-namespace-delete", () => {
  it.each(cases)("$fact", ({ c, expected }) => {
    expect(summaries("protected-namespace-delete", c)).toEqual(expected);
  });
});
