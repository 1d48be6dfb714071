import { describe, expect, it } from "@jest/globals";
import { inputsChanged, selfComparedDirs, touchesDirs } from "../../../src/core/diff/inputs-changed.js";
import { assembleReport } from "../../../src/core/assemble-report.js";
import type { AppRender } from "../../../src/core/model.js";
import type { SideApp } from "../../../src/core/side-state.js";
import { app, config, side } from "../support/side-fixture.js";

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

// A report of a side against itself is kept and reused for other pull requests that no app can
// see (build-sides keptSelfReport): it holds for changed files that touch none of selfComparedDirs.
describe("selfComparedDirs: where changed files change the report of a side against itself", () => {
  const failingSide = (render: Partial<AppRender>) => {
    const s = side({
      apps: [
        { app: app({ name: "web" }), error: "helm: no such host" },
        { app: app({ name: "api" }), manifests: "apiVersion: v1\nkind: ConfigMap\nmetadata: { name: c }\n" },
      ],
    });
    Object.assign(s.apps.get("argocd/web")!.render, render);
    for (const a of s.apps.values()) if (a.spec.name === "api") Object.assign(a.render, { inputsKey: "k-api" });
    return s;
  };
  const report = (s: ReturnType<typeof side>, changedFiles: string[]) =>
    assembleReport({
      base: s,
      head: s,
      config: config(),
      revs: { base: { rev: "main", sha: "a" }, head: { rev: "pr", sha: "b" } },
      changedFiles,
    });

  it("holds the source directories of apps with no content key, and only those", () => {
    const s = failingSide({ partialInputsKey: "p" });
    const dir = s.apps.get("argocd/web")!.spec.sources[0]!.path!;
    expect(selfComparedDirs(s)).toEqual([dir]);
    expect(selfComparedDirs(failingSide({ inputsKey: "k-web" }))).toEqual([]);
  });

  it("a changed file under none of them leaves the report as it is; one under them changes it", () => {
    const s = failingSide({});
    const dirs = selfComparedDirs(s);
    const elsewhere = ["README.md", "docs/x.md"];
    const inside = [`${dirs[0]}/values.yaml`];
    expect(touchesDirs(elsewhere, dirs)).toBe(false);
    expect(touchesDirs(inside, dirs)).toBe(true);
    const { base: _b, head: _h, ...same } = report(s, []);
    const { base: _b2, head: _h2, ...other } = report(s, elsewhere);
    expect(other).toEqual(same);
    // the failing app's inputs may have changed: it is not "unchanged" (so the kept report is not used)
    expect(report(s, inside).applications.find((a) => a.name === "web")?.change).toBe("modified");
    expect(same.applications.find((a) => a.name === "web")?.change).toBe("unchanged");
  });
});
