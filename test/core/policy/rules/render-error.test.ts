import { describe, expect, it } from "@jest/globals";
import { app, cm, side } from "../../support/side-fixture.js";
import type { AppRender } from "../../../../src/core/model.js";
import type { SideState } from "../../../../src/core/side-state.js";
import { summaries, type RuleCase } from "./support/findings-of.js";

const tenant = app({ name: "tenant" });
const rendered = (): SideState => side({ apps: [{ app: tenant, manifests: cm("x") }] });
const failing = (): SideState => side({ apps: [{ app: tenant, error: "helm: parse error in templates/x.yaml" }] });
const withRender = (s: SideState, render: Partial<AppRender>): SideState => {
  Object.assign(s.apps.get("argocd/tenant")!.render, render);
  return s;
};
// argo-cd:controller/sync.go ("If there are any comparison or spec errors"): a manifest generation error is a
// ComparisonError, and no sync runs while it lasts.
const cases: { fact: string; c: RuleCase; expected: string[] }[] = [
  {
    fact: "an app that renders on base and fails on head blocks",
    c: { base: rendered(), head: failing() },
    expected: [
      "block: tenant renders on base but fails on head, so Argo CD stops syncing it: helm: parse error in templates/x.yaml",
    ],
  },
  { fact: "failing on both sides is not caused by this change", c: { base: failing(), head: failing() }, expected: [] },
  {
    fact: "a failure of this tool (an unreachable chart repository) is not Argo CD's",
    c: {
      base: rendered(),
      head: withRender(failing(), {
        limitation: "a server it needs cannot be reached from here",
        errorKind: "network",
      }),
    },
    expected: [],
  },
  ...(["missing-tool", "spawn", "infrastructure", "internal"] as const).map((kind) => ({
    // the cause is this host's, not the inputs': Argo CD's repo-server may render the app fine
    fact: `a failure of kind ${kind} is this tool's, not Argo CD's`,
    c: { base: rendered(), head: withRender(failing(), { errorKind: kind }) },
    expected: [],
  })),
  ...(["exit", "invalid-input", "timeout", "memory-limit", "output-limit"] as const).map((kind) => ({
    fact: `a failure of kind ${kind} is Argo CD's too`,
    c: { base: rendered(), head: withRender(failing(), { errorKind: kind }) },
    expected: [
      "block: tenant renders on base but fails on head, so Argo CD stops syncing it: helm: parse error in templates/x.yaml",
    ],
  })),
  {
    fact: "a base that was not fully rendered proves nothing",
    c: { base: withRender(rendered(), { incomplete: "source x is not this repository" }), head: failing() },
    expected: [],
  },
];

describe("render-error", () => {
  it.each(cases)("$fact", ({ c, expected }) => {
    expect(summaries("render-error", c)).toEqual(expected);
  });
});
