import { describe, it, expect } from "@jest/globals";
import { jsonMergePatch, mergeSourceOverrides } from "../../../src/core/plan/merge-source-overrides.js";
import { isRefOnlySource, resolveAppPath } from "../../../src/core/plan/resolve-app-path.js";

describe("mergeSourceOverrides (.argocd-source*.yaml)", () => {
  it("merge-patches tool fields and restores repoURL, path, chart and targetRevision", () => {
    const source = {
      repoURL: "https://r",
      path: "a",
      targetRevision: "main",
      helm: { valueFiles: ["v.yaml"], parameters: [{ name: "x", value: "1" }] },
    };
    const merged = mergeSourceOverrides(source, [
      {
        repoURL: "https://evil",
        path: "b",
        chart: "c",
        targetRevision: "dev",
        helm: { parameters: [{ name: "y", value: "2" }] },
      },
      { helm: { valueFiles: null } },
    ]);
    expect(merged).toEqual({
      repoURL: "https://r",
      path: "a",
      targetRevision: "main",
      helm: { parameters: [{ name: "y", value: "2" }] },
    });
  });

  it("jsonMergePatch follows RFC 7386", () => {
    expect(jsonMergePatch({ a: { b: 1, c: 2 }, d: 1 }, { a: { b: null, e: 3 }, d: [1] })).toEqual({
      a: { c: 2, e: 3 },
      d: [1],
    });
  });
});

describe("resolveAppPath and ref-only sources", () => {
  it.each([
    [undefined, { ok: true, path: "" }],
    [".", { ok: true, path: "" }],
    ["apps/x/", { ok: true, path: "apps/x" }],
    ["apps/../x", { ok: true, path: "x" }],
    ["apps/../../x", { ok: false, error: "apps/../../x: app path outside root" }],
    ["/abs", { ok: false, error: "/abs: app path is absolute" }],
  ])("%s", (path, expected) => {
    expect(resolveAppPath(path)).toEqual(expected);
  });

  it.each([
    [{ ref: "values" }, true],
    [{ ref: "values", path: "x" }, false],
    [{ ref: "values", chart: "c" }, false],
    [{ path: "x" }, false],
  ])("%j ref-only: %s", (source, expected) => {
    expect(isRefOnlySource(source)).toBe(expected);
  });
});
