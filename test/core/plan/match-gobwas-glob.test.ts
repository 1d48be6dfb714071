import { describe, it, expect } from "@jest/globals";
import { matchGobwasGlob } from "../../../src/core/plan/match-gobwas-glob.js";

describe("gobwas globs without separators (directory include/exclude)", () => {
  it.each([
    ["*.yaml", "a.yaml", true],
    ["*.yaml", "sub/dir/a.yaml", true], // * crosses /
    ["{a,b}.yaml", "b.yaml", true],
    ["{a,b}.yaml", "c.yaml", false],
    ["sub/*", "sub/x/y.json", true],
    ["?.yaml", "a.yaml", true],
    ["?.yaml", "ab.yaml", false],
    ["[ab].yaml", "b.yaml", true],
    ["[!ab].yaml", "b.yaml", false],
    ["[a-c]x.yaml", "bx.yaml", true],
    ["config.yaml", "config.yaml", true],
    ["config.yaml", "configXyaml", false],
    ["*{secret,vault}*", "prod/secret.yaml", true],
    ["\\*.yaml", "*.yaml", true],
    ["[unclosed", "[unclosed", false],
  ])("%s matches %s: %s", (pattern, path, expected) => {
    expect(matchGobwasGlob(pattern, path)).toBe(expected);
  });
});
