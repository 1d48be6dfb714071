import { describe, it, expect } from "@jest/globals";
import { detectSourceType } from "../../../src/core/plan/detect-source-type.js";
import type { AppSource } from "../../../src/core/model.js";

const src = (extra: Partial<AppSource> = {}): AppSource => ({
  repoURL: "https://example.com/r.git",
  path: "app",
  ...extra,
});

describe("detectSourceType (repository.go GetAppSourceType, discovery.go)", () => {
  it.each([
    ["explicit helm wins over files", src({ helm: {} }), ["kustomization.yaml"], false, "helm"],
    ["explicit directory wins over a plugin match", src({ directory: {} }), [], true, "directory"],
    ["explicit plugin", src({ plugin: {} }), [], false, "plugin"],
    ["chart sources are helm", src({ chart: "web", path: undefined }), [], false, "helm"],
    ["plugin discovery outranks Chart.yaml", src(), ["Chart.yaml"], true, "plugin"],
    ["Chart.yaml", src(), ["Chart.yaml", "values.yaml"], false, "helm"],
    ["any name ending in Chart.yaml", src(), ["MyChart.yaml"], false, "helm"],
    ["kustomization.yaml", src(), ["kustomization.yaml"], false, "kustomize"],
    ["kustomization.yml", src(), ["kustomization.yml"], false, "kustomize"],
    ["Kustomization", src(), ["Kustomization"], false, "kustomize"],
    ["kustomize beats Chart.yaml (walked last)", src(), ["kustomization.yaml", "Chart.yaml"], false, "kustomize"],
    ["a *Chart.yaml sorting after the kustomization wins", src(), ["kustomization.yaml", "zChart.yaml"], false, "helm"],
    ["otherwise directory", src(), ["cm.yaml"], false, "directory"],
  ])("%s", (_name, source, rootEntries, pluginDiscovered, tool) => {
    expect(detectSourceType({ source, rootEntries, pluginDiscovered })).toEqual({ ok: true, tool });
  });

  it("more than one explicit tool is an error", () => {
    expect(
      detectSourceType({ source: src({ helm: {}, kustomize: {} }), rootEntries: [], pluginDiscovered: false }),
    ).toEqual({
      ok: false,
      error: "multiple application sources defined: Kustomize,Helm",
    });
  });
});
