import { describe, expect, it } from "@jest/globals";
import { app, cm, ns, side } from "../../support/side-fixture.js";
import { summaries, type RuleCase } from "./support/findings-of.js";

const shared = (options: string[]): RuleCase => {
  const a = app({ name: "a", destNs: "shared", syncOptions: options });
  const b = app({ name: "b", destNs: "shared" });
  return {
    base: side({
      apps: [
        { app: a, manifests: cm("cfg") },
        { app: b, manifests: cm("other") },
      ],
    }),
    head: side({
      apps: [
        { app: a, manifests: cm("cfg") },
        { app: b, manifests: cm("other") + cm("cfg") },
      ],
    }),
  };
};
const noNamespace = app({ name: "web", destNs: "" });
const cases: { fact: string; c: RuleCase; expected: string[] }[] = [
  {
    // argo-cd:controller/sync.go (SyncAppState): FailOnSharedResource=true fails the sync on a shared resource.
    fact: "FailOnSharedResource=true with a shared resource fails every sync",
    c: shared(["FailOnSharedResource=true"]),
    expected: [
      "block: a sets FailOnSharedResource=true and shares 1 resource with another application: every sync fails.",
    ],
  },
  { fact: "without the option sharing does not fail the sync", c: shared([]), expected: [] },
  {
    // argo-cd:controller/state.go (CompareAppState): a namespaced object with no namespace anywhere is InvalidSpecError.
    fact: "a namespaced object with no namespace and no destination namespace fails the sync",
    c: {
      base: side({ apps: [{ app: noNamespace, manifests: cm("one", "web") }] }),
      head: side({ apps: [{ app: noNamespace, manifests: cm("one", "web") + cm("two") }] }),
    },
    expected: [
      "block: web has namespaced resources without a namespace and no destination namespace: Argo CD reports InvalidSpecError and does not sync",
    ],
  },
  {
    fact: "a sync that already fails that way on base is information",
    c: {
      base: side({ apps: [{ app: noNamespace, manifests: cm("one") }] }),
      head: side({ apps: [{ app: noNamespace, manifests: cm("one") + cm("two") }] }),
    },
    expected: [
      "info: web has namespaced resources without a namespace and no destination namespace: Argo CD reports InvalidSpecError and does not sync (already the case on base)",
    ],
  },
  {
    // k8s.io/apiserver/pkg/admission/plugin/namespace/lifecycle: default, kube-system and kube-public cannot be deleted.
    fact: "a prune of an immortal Namespace fails the sync",
    c: {
      base: side({ apps: [{ app: app({ name: "sys" }), manifests: ns("kube-public") + cm("x") }] }),
      head: side({ apps: [{ app: app({ name: "sys" }), manifests: cm("x") }] }),
    },
    expected: [
      "block: sys would prune Namespace kube-public, which the API server refuses to delete: the sync fails and every later sync wave is skipped",
    ],
  },
];

describe("sync-fails", () => {
  it.each(cases)("$fact", ({ c, expected }) => {
    expect(summaries("sync-fails", c)).toEqual(expected);
  });
});
