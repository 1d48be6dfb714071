import { describe, expect, it } from "@jest/globals";
import { app, cm, deploy, side } from "../../support/side-fixture.js";
import { summaries, type RuleCase } from "./support/findings-of.js";

const root = app({ name: "root", destNs: "argocd" });
const childOf = (finalizer: boolean): RuleCase => {
  const child = app({ name: "child", finalizer });
  return {
    base: side({
      apps: [
        { app: root, manifests: `---\n${child}\n` + cm("keep", "argocd") },
        { app: child, manifests: deploy("web"), origin: { kind: "app", parent: "argocd/root" } },
      ],
    }),
    head: side({ apps: [{ app: root, manifests: cm("keep", "argocd") }] }),
  };
};
const cases: { fact: string; c: RuleCase; expected: string[] }[] = [
  {
    // argo-cd:controller/appcontroller.go (finalizeApplicationDeletion): the resources finalizer deletes what the app manages.
    fact: "a pruned child Application with the resources finalizer takes its resources",
    c: childOf(true),
    expected: [
      "warn: Application child would be deleted (pruned by root (auto-sync)); its resources finalizer deletes what it manages (1 of its 1 resources are deleted).",
    ],
  },
  {
    // argo-cd:docs/operator-manual/cluster-bootstrapping.md ("Cascading deletion"): without the finalizer they stay.
    fact: "without the finalizer its resources are orphaned",
    c: childOf(false),
    expected: [
      "warn: Application child would be deleted (pruned by root (auto-sync)); it has no resources finalizer, so its resources stay (orphaned).",
    ],
  },
  {
    // argo-cd:applicationset/controllers/applicationset_controller.go (Reconcile, deleteInCluster): under the sync
    // policy an ApplicationSet deletes the Applications it stops generating.
    fact: "an ApplicationSet that stops generating an Application deletes it",
    c: {
      base: side({
        apps: [
          {
            app: app({ name: "gen" }),
            manifests: cm("x"),
            origin: { kind: "appset", appSet: "argocd/set", file: "s.yaml" },
          },
        ],
        appSets: [{ name: "set", result: { ok: true, apps: [], policy: "sync" }, generated: ["argocd/gen"] }],
      }),
      head: side({
        apps: [],
        appSets: [{ name: "set", result: { ok: true, apps: [], policy: "sync" }, generated: [] }],
      }),
    },
    expected: [
      "warn: Application gen would be deleted (its ApplicationSet no longer generates it); it has no resources finalizer, so its resources stay (orphaned).",
    ],
  },
  {
    // Nothing in Argo CD deletes an Application applied by hand when its file leaves Git.
    fact: "a root Application removed from its file is not deleted by Argo CD",
    c: {
      base: side({ apps: [{ app: app({ name: "solo", finalizer: true }), manifests: cm("a") + cm("b") }] }),
      head: side({ apps: [] }),
    },
    expected: [
      "warn: Application solo is removed from apps.yaml, which no Argo CD application manages: Argo CD does not delete it by itself, and the objects it manages stay as they are until someone deletes it; if it is deleted, its resources finalizer deletes 2 resources.",
    ],
  },
];

describe("app-delete", () => {
  it.each(cases)("$fact", ({ c, expected }) => {
    expect(summaries("app-delete", c)).toEqual(expected);
  });
});
