import { describe, expect, it } from "@jest/globals";
import { inputsChanged } from "../../../src/core/diff/inputs-changed.js";
import type { AppRender } from "../../../src/core/model.js";
import type { SideApp } from "../../../src/core/side-state.js";
import { app, side } from "../support/side-fixture.js";

const failing = (render: Partial<AppRender>): SideApp => {
  const s = side({ apps: [{ app: app({ name: "web" }), error: "helm: no such host" }] });
  const a = s.apps.get("argocd/web")!;
  Object.assign(a.render, render);
  return a;
};

describe("inputsChanged", () => {
  it("compares full keys when both sides have one", () => {
    expect(inputsChanged(failing({ inputsKey: "a" }), failing({ inputsKey: "a" }))).toBe(false);
    expect(inputsChanged(failing({ inputsKey: "a" }), failing({ inputsKey: "b" }))).toBe(true);
  });

  it("takes different partial keys (a remote chart whose $values file changed) as changed inputs", () => {
    expect(inputsChanged(failing({ partialInputsKey: "p1" }), failing({ partialInputsKey: "p2" }), [])).toBe(true);
    // a full key on one side and a partial one on the other: the set itself changed
    expect(inputsChanged(failing({ inputsKey: "k" }), failing({ partialInputsKey: "p" }), [])).toBe(true);
  });

  it("never takes equal partial keys as proof of the same inputs: the changed files still count", () => {
    const same = (): SideApp => failing({ partialInputsKey: "p" });
    expect(inputsChanged(same(), same(), [])).toBe(false);
    const dir = same().spec.sources[0]!.path!;
    expect(inputsChanged(same(), same(), [`${dir}/values.yaml`])).toBe(true);
  });
});
