import { describe, it, expect } from "@jest/globals";
import {
  findPluginByName,
  matchPluginDiscover,
  pluginFullName,
  withParentDirs,
} from "../../../src/core/plan/select-plugin.js";
import type { PluginConfig } from "../../../src/config/schema.js";

const gen = { command: ["sh"] };
const plugins: PluginConfig[] = [
  { name: "avp", version: "v1.0", generate: gen },
  { name: "kustomize-helm", generate: gen },
];

describe("plugin selection", () => {
  it.each([
    ["avp-v1.0", "avp"],
    ["kustomize-helm", "kustomize-helm"],
    ["avp", undefined],
    ["nope", undefined],
  ])("name %s -> %s", (name, expected) => {
    expect(findPluginByName(plugins, name)?.name).toBe(expected);
  });

  it("full name is name-version", () => {
    expect(pluginFullName(plugins[0]!)).toBe("avp-v1.0");
  });

  const entries = withParentDirs(["values.yaml", "sub/Chart.yaml", ".hidden/x.yaml"]);
  it.each([
    [{ fileName: "values.yaml" }, "match"],
    [{ fileName: "./values.yaml" }, "match"],
    [{ fileName: "*.yaml" }, "match"],
    [{ fileName: "Chart.yaml" }, "no-match"],
    [{ fileName: "*/Chart.yaml" }, "match"],
    [{ find: { glob: "**/Chart.yaml" } }, "match"],
    [{ find: { glob: "**/kustomization.yaml" } }, "no-match"],
    [{ find: { command: ["sh", "-c", "true"] } }, "command"],
    [undefined, "none"],
  ])("discover %j -> %s", (discover, outcome) => {
    expect(
      matchPluginDiscover({
        plugin: { name: "p", generate: gen, ...(discover ? { discover } : {}) },
        appEntries: entries,
      }),
    ).toBe(outcome);
  });
});
