import { describe, expect, it } from "@jest/globals";
import type { AppRender, AppSetResult } from "../../../../src/core/model.js";
import type { SideState } from "../../../../src/core/side-state.js";
import { app, cm, mapApp, mapAppSet, side } from "../../support/side-fixture.js";
import { summaries, type RuleCase } from "./support/findings-of.js";

const tenant = app({ name: "tenant" });
const unconfiguredPlugin = (s: SideState): SideState =>
  mapApp(s, "argocd/tenant", (a) => ({
    ...a,
    render: {
      ...a.render,
      sources: [{ status: "skipped", reason: "plugin kustomize-helm is not configured", notConfigured: true }],
      incomplete: "plugin kustomize-helm is not configured",
    },
  }));
const withRender = (s: SideState, render: Partial<AppRender>): SideState =>
  mapApp(s, "argocd/tenant", (a) => ({ ...a, render: { ...a.render, ...render } }));
const appSet = (result: AppSetResult, readsThisRepo?: boolean): SideState => {
  const s = side({ apps: [], appSets: [{ name: "previews", result, generated: [] }] });
  return readsThisRepo === undefined ? s : mapAppSet(s, "argocd/previews", (a) => ({ ...a, readsThisRepo }));
};
const liveData: AppSetResult = {
  ok: false,
  reason: "cannot-evaluate",
  message: "pullRequest generator needs live data",
  policy: "sync",
};
const broken: AppSetResult = { ok: false, reason: "error", message: "template: bad", policy: "sync" };
const parseError = (message: string): SideState => {
  return { ...side({ apps: [] }), parseErrors: [{ file: "apps/x.yaml", message }] };
};
// INTERFACE.md section 3: what the change may affect but could not be analysed is said, never taken as unchanged.
const cases: { fact: string; c: RuleCase; expected: string[] }[] = [
  {
    fact: "an app whose plugin is not configured is never reported as unchanged",
    c: {
      base: unconfiguredPlugin(side({ apps: [{ app: tenant, manifests: "" }] })),
      head: unconfiguredPlugin(side({ apps: [{ app: tenant, manifests: "" }] })),
    },
    expected: ["warn: tenant was not rendered: plugin kustomize-helm is not configured."],
  },
  {
    fact: "an unchanged live-data ApplicationSet that reads this repository warns",
    c: { base: appSet(liveData, true), head: appSet(liveData, true) },
    expected: [
      "warn: ApplicationSet previews cannot be evaluated offline (pullRequest generator needs live data); the Applications it generates were not analysed.",
    ],
  },
  {
    fact: "an unchanged live-data ApplicationSet that cannot read this repository is out of reach",
    c: { base: appSet(liveData, false), head: appSet(liveData, false) },
    expected: [],
  },
  {
    // A hostile or careless change past this tool's generator bounds must not hide what the
    // ApplicationSet's new parameters stop generating (argo-cd: applicationset_controller.go (Reconcile)).
    fact: "an ApplicationSet evaluated on base that cannot be evaluated on head blocks",
    c: {
      base: side({
        apps: [],
        appSets: [
          { name: "previews", result: { ok: true, apps: [], policy: "sync" }, generated: ["argocd/a", "argocd/b"] },
        ],
      }),
      head: appSet({ ...liveData, message: "the matrix generator yields more than 20000 parameter sets" }),
    },
    expected: [
      "block: ApplicationSet previews cannot be evaluated offline (the matrix generator yields more than 20000 parameter sets); the Applications it generates were not analysed. On base it generates 2 Applications; which of them Argo CD would delete is unknown.",
    ],
  },
  {
    // argo-cd:applicationset/controllers/applicationset_controller.go (Reconcile): a generator error stops the reconcile.
    fact: "an ApplicationSet that fails the same way on base is information",
    c: { base: appSet(broken), head: appSet(broken) },
    expected: [
      "info: ApplicationSet previews fails to generate on head (template: bad); Argo CD stops reconciling it, so it neither creates nor deletes Applications.",
    ],
  },
  {
    fact: "a failure of this tool (an unreachable chart repository) is said, never taken as Argo CD's",
    c: {
      base: side({ apps: [{ app: tenant, manifests: cm("x") }] }),
      head: withRender(side({ apps: [{ app: tenant, error: "helm: dial tcp: no such host" }] }), {
        limitation: "a server it needs cannot be reached from here",
        errorKind: "network",
      }),
    },
    expected: [
      "warn: tenant could not be rendered here (a server it needs cannot be reached from here), so what it would change is unknown: helm: dial tcp: no such host",
    ],
  },
  {
    fact: "a plugin command missing here is not analysed, never Argo CD's failure",
    c: {
      base: side({ apps: [{ app: tenant, manifests: cm("x") }] }),
      head: withRender(side({ apps: [{ app: tenant, error: "plugin: command not found: kbld" }] }), {
        limitation: "a tool it needs is not installed here",
        errorKind: "missing-tool",
      }),
    },
    expected: [
      "warn: tenant could not be rendered here (a tool it needs is not installed here), so what it would change is unknown: plugin: command not found: kbld",
    ],
  },
  {
    fact: "a head failure after a base that was not fully rendered is unknown, not a render-error",
    c: {
      base: withRender(side({ apps: [{ app: tenant, manifests: "" }] }), {
        incomplete: "source x is not this repository",
      }),
      head: side({ apps: [{ app: tenant, error: "helm: template: bad" }] }),
    },
    expected: ["warn: tenant does not render on head, so what it would change is unknown: helm: template: bad"],
  },
  {
    fact: "an app that did not render on base hides what head removes",
    c: {
      base: side({ apps: [{ app: tenant, error: "helm: bad" }] }),
      head: side({ apps: [{ app: tenant, manifests: cm("x") }] }),
    },
    expected: ["warn: tenant did not render on base, so what head removes from it is unknown: helm: bad"],
  },
  {
    fact: "an app failing the same way on both sides whose inputs changed is not silently unchanged",
    c: {
      base: withRender(side({ apps: [{ app: tenant, error: "helm: chart not found" }] }), { inputsKey: "k1" }),
      head: withRender(side({ apps: [{ app: tenant, error: "helm: chart not found" }] }), { inputsKey: "k2" }),
    },
    expected: [
      "warn: tenant does not render on head (nor on base), so what it would change is unknown: helm: chart not found",
    ],
  },
  {
    // argo-cd:controller/state.go (CompareAppState): same spec, same inputs, the same ComparisonError.
    fact: "an app failing the same way on both sides with the same inputs is out of this change's reach",
    c: {
      base: withRender(side({ apps: [{ app: tenant, error: "helm: chart not found" }] }), { inputsKey: "k1" }),
      head: withRender(side({ apps: [{ app: tenant, error: "helm: chart not found" }] }), { inputsKey: "k1" }),
    },
    expected: [],
  },
  {
    fact: "without input keys, a changed file under the failing app's path means its inputs changed",
    c: {
      base: side({ apps: [{ app: tenant, error: "helm: chart not found" }] }),
      head: side({ apps: [{ app: tenant, error: "helm: chart not found" }] }),
      changedFiles: ["x/values.yaml"],
    },
    expected: [
      "warn: tenant does not render on head (nor on base), so what it would change is unknown: helm: chart not found",
    ],
  },
  {
    fact: "without input keys, changes elsewhere leave a failing app unchanged",
    c: {
      base: side({ apps: [{ app: tenant, error: "helm: chart not found" }] }),
      head: side({ apps: [{ app: tenant, error: "helm: chart not found" }] }),
      changedFiles: ["xy/values.yaml"],
    },
    expected: [],
  },
  {
    fact: "a new parse error warns",
    c: { base: parseError("old"), head: parseError("bad indentation") },
    expected: ["warn: apps/x.yaml could not be parsed: bad indentation"],
  },
  {
    fact: "a parse error already on base is not news",
    c: { base: parseError("bad indentation"), head: parseError("bad indentation") },
    expected: [],
  },
];

describe("not-analysed", () => {
  it.each(cases)("$fact", ({ c, expected }) => {
    expect(summaries("not-analysed", c)).toEqual(expected);
  });
});
