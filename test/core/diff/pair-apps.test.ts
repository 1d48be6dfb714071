// A failing app is "unchanged" only when its spec and inputs are the same on both sides.
import { describe, expect, it } from "@jest/globals";
import { pairApps } from "../../../src/core/diff/pair-apps.js";
import type { SideState } from "../../../src/core/side-state.js";
import { app, side } from "../support/side-fixture.js";

const failing = (inputsKey?: string): SideState => {
  const s = side({ apps: [{ app: app({ name: "web" }), error: "helm: chart not found" }] });
  if (inputsKey !== undefined) s.apps.get("argocd/web")!.render.inputsKey = inputsKey;
  return s;
};

describe("pairApps", () => {
  it.each([
    ["the same inputs", failing("k"), failing("k"), undefined, "unchanged", 0],
    ["changed inputs (keys)", failing("k1"), failing("k2"), undefined, "modified", 2],
    ["a changed file under its path", failing(), failing(), ["x/a.yaml"], "modified", 2],
    ["changes elsewhere", failing(), failing(), ["y/a.yaml"], "unchanged", 0],
  ])("an app failing on both sides with %s", (_what, base, head, changedFiles, change, errors) => {
    const [r] = pairApps({ base, head, ...(changedFiles ? { changedFiles } : {}) });
    expect({ change: r!.change, errors: r!.errors.length }).toEqual({ change, errors });
  });
});
