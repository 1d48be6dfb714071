import { describe, expect, it } from "@jest/globals";
import { inventoryNeeds } from "../../src/core/needs-full-inventory.js";
import type { SideState } from "../../src/core/side-state.js";
import { app, cm, config, mapApp, ns, side } from "./support/side-fixture.js";
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
