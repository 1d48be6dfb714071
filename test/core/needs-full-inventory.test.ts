import { describe, expect, it } from "@jest/globals";
import { inventoryNeeds, mayBeNeeded, type InventoryNeeds } from "../../src/core/needs-full-inventory.js";
import type { SideState } from "../../src/core/side-state.js";
import { app, cm, config, mapApp, ns, side, yamlDocs } from "./support/side-fixture.js";
import { computeDeletions } from "../../src/core/deletions/compute-deletions.js";
import type { Config } from "../../src/config/config.js";

/** Marks app `name` as deferred (unrendered, unchanged) on a side. */
function defer(s: SideState, name: string): SideState {
  return mapApp(s, `argocd/${name}`, ({ desired: _desired, ...a }) => ({ ...a, deferred: "key" }));
}

/** needsFullInventory with the deletions of the same sides, as analyze passes them. */
function needsFull(p: { base: SideState; head: SideState; config: Config }): boolean {
  return inventoryNeeds({ ...p, facts: computeDeletions(p) }).kind !== "none";
}

describe("when unchanged apps must be rendered after all", () => {
  const web = app({ name: "web" });
  const other = app({ name: "other" });
  const both = (baseManifests: string, headManifests: string) => ({
    base: defer(
      side({
        apps: [
          { app: web, manifests: baseManifests },
          { app: other, manifests: cm("x") },
        ],
      }),
      "other",
    ),
    head: defer(
      side({
        apps: [
          { app: web, manifests: headManifests },
          { app: other, manifests: cm("x") },
        ],
      }),
      "other",
    ),
    config: config(),
  });

  it.each([
    ["a modification only", cm("a"), cm("a").replace("v }", "w }"), false],
    ["a plain prune", cm("a") + cm("b"), cm("a"), false],
    ["a Namespace deleted (its content may belong to unchanged apps)", ns("shop") + cm("a"), cm("a"), true],
    ["a resource added (is it shared with an unchanged app?)", cm("a"), cm("a") + cm("b"), true],
    [
      "a child Application pruned (what its finalizer takes)",
      cm("a") + app({ name: "child" }).replace("apiVersion", "---\napiVersion"),
      cm("a"),
      true,
    ],
  ])("%s", (_l, b, h, expected) => {
    expect(needsFull(both(b, h))).toBe(expected);
  });

  it("nothing deferred: nothing to do", () => {
    const base = side({ apps: [{ app: web, manifests: ns("shop") }] });
    const head = side({ apps: [{ app: web, manifests: "" }] });
    expect(needsFull({ base, head, config: config() })).toBe(false);
  });
});

describe("which unrendered apps a deletion needs", () => {
  const needsOf = (b: SideState, h: SideState): InventoryNeeds =>
    inventoryNeeds({
      base: b,
      head: h,
      config: config(),
      facts: computeDeletions({ base: b, head: h, config: config() }),
    });
  const other = app({ name: "other", destNs: "shop" });

  it("a removed Application file needs only its own render (it exists on base only)", () => {
    const gone = app({ name: "gone", finalizer: true });
    const base = defer(
      side({
        apps: [
          { app: gone, manifests: cm("a") },
          { app: other, manifests: cm("x") },
        ],
      }),
      "other",
    );
    const head = defer(side({ apps: [{ app: other, manifests: cm("x") }] }), "other");
    expect(needsOf(base, head)).toEqual({ kind: "none" });
  });

  it("a CRD deleted changes the scope of custom kinds on the side: every app", () => {
    const crd =
      "---\napiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: widgets.example.com\n  annotations: { argocd.argoproj.io/tracking-id: 'web:apiextensions.k8s.io/CustomResourceDefinition:/widgets.example.com' }\nspec: { group: example.com, scope: Namespaced, names: { kind: Widget, plural: widgets } }\n";
    const web = app({ name: "web" });
    const base = defer(
      side({
        apps: [
          { app: web, manifests: crd + cm("a") },
          { app: other, manifests: cm("x") },
        ],
      }),
      "other",
    );
    const head = defer(
      side({
        apps: [
          { app: web, manifests: cm("a") },
          { app: other, manifests: cm("x") },
        ],
      }),
      "other",
    );
    expect(needsOf(base, head).kind).toBe("all");
  });

  it("a Namespace deleted: the apps with objects inside it on its cluster", () => {
    const web = app({ name: "web", destNs: "shop" });
    const base = defer(
      side({
        apps: [
          { app: web, manifests: ns("shop") + cm("a") },
          { app: other, manifests: cm("x") },
        ],
      }),
      "other",
    );
    const head = defer(
      side({
        apps: [
          { app: web, manifests: cm("a") },
          { app: other, manifests: cm("x") },
        ],
      }),
      "other",
    );
    const needs = needsOf(base, head);
    expect(needs).toEqual(expect.objectContaining({ kind: "some" }));
    const probe = (spec: string, manifests: string | undefined) =>
      mayBeNeeded({
        needs,
        side: "base",
        app: side({ apps: [{ app: spec }] })
          .apps.values()
          .next().value!,
        summary: manifests === undefined ? undefined : yamlDocs(manifests),
        config: config(),
      });
    // inside the namespace through the destination, or by an explicit namespace
    expect(probe(app({ name: "in", destNs: "shop" }), cm("y"))).toBe(true);
    expect(probe(app({ name: "explicit", destNs: "else" }), cm("y", "shop"))).toBe(true);
    // the same namespace name on another cluster is another namespace
    expect(probe(app({ name: "far", destNs: "shop", server: "https://far.example.com" }), cm("y"))).toBe(false);
    expect(probe(app({ name: "out", destNs: "else" }), cm("y"))).toBe(false);
    // nothing known of its render: rendered
    expect(probe(app({ name: "unknown", destNs: "else" }), undefined)).toBe(true);
    // it declares the deleted object too (a shared resource: does it come back?)
    expect(probe(app({ name: "twin", destNs: "else" }), ns("shop"))).toBe(true);
    // an API the cluster no longer serves fails its sync: a full render reports it
    expect(
      probe(
        app({ name: "old", destNs: "else" }),
        "apiVersion: extensions/v1beta1\nkind: Ingress\nmetadata: { name: web }\n",
      ),
    ).toBe(true);
    // a CRD decides scopes on the whole side: always rendered
    expect(
      probe(
        app({ name: "crds", destNs: "else" }),
        "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: { name: x.example.com }\n",
      ),
    ).toBe(true);
  });
});
