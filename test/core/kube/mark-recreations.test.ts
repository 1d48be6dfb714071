import { describe, expect, it } from "@jest/globals";
import type { Deletion } from "../../../src/core/model.js";
import { markRecreations } from "../../../src/core/kube/mark-recreations.js";
import { mapApp, app, cm, config, side } from "../support/side-fixture.js";

const IN_CLUSTER = "https://kubernetes.default.svc";
const appRef = (name: string) => ({ group: "argoproj.io", kind: "Application", namespace: "argocd", name });
const del = (extra: Partial<Deletion> & Pick<Deletion, "ref">): Deletion => ({
  app: "team-a",
  cause: "app-deleted",
  trigger: "appset-reconcile",
  protected: false,
  cluster: IN_CLUSTER,
  ...extra,
});

describe("markRecreations", () => {
  // An ApplicationSet renamed while generating the same Application names: its Applications are
  // garbage-collected (C.3), their resources finalizer deletes what they manage (C.1), and the new
  // ApplicationSet creates the Applications again, which sync it all again.
  const generated = (setName: string) => {
    const s = side({
      apps: [
        {
          app: app({ name: "team-a", destNs: "team-a", finalizer: true }),
          manifests: cm("settings"),
          origin: { kind: "appset", appSet: `argocd/${setName}`, file: "appsets/teams.yaml" },
        },
      ],
    });
    return mapApp(s, "argocd/team-a", (a) => ({ ...a, spec: { ...a.spec, generatedBy: `ApplicationSet/${setName}` } }));
  };
  const deletions = [
    del({
      ref: appRef("team-a"),
      via: { group: "argoproj.io", kind: "ApplicationSet", namespace: "argocd", name: "teams" },
    }),
    del({ ref: { group: "", kind: "ConfigMap", namespace: "team-a", name: "settings" }, via: appRef("team-a") }),
  ];

  it("a renamed ApplicationSet: the Application is re-created by the new set, its resources by the app", () => {
    const out = markRecreations({ deletions, head: generated("teams-v2"), config: config() });
    expect(out.map((d) => [d.ref.kind, d.recreatedBy])).toEqual([
      ["Application", "ApplicationSet/teams-v2"],
      ["ConfigMap", "team-a"],
    ]);
  });

  it("nothing generates them on head: permanent deletions", () => {
    const out = markRecreations({ deletions, head: side({ apps: [] }), config: config() });
    expect(out.map((d) => d.recreatedBy)).toEqual([undefined, undefined]);
  });

  it("an Application declared in a file is not applied again by anything", () => {
    const head = side({ apps: [{ app: app({ name: "team-a", destNs: "elsewhere" }), manifests: "" }] });
    expect(markRecreations({ deletions: [deletions[0]!], head, config: config() })[0]!.recreatedBy).toBeUndefined();
  });

  it("the same resource generated for another cluster is not a re-creation", () => {
    const head = side({
      apps: [
        {
          app: app({ name: "team-a", destNs: "team-a", server: "https://prod-eu.example.com" }),
          manifests: cm("settings"),
        },
      ],
    });
    expect(markRecreations({ deletions: [deletions[1]!], head, config: config() })[0]!.recreatedBy).toBeUndefined();
  });
});
