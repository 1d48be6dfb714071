// Expected results follow Masterminds/semver v3's documented constraint semantics (Sprig semverCompare).
import { describe, expect, it } from "@jest/globals";
import { semverCompare } from "../../../src/core/appset/gotemplate/semver-compare.js";

describe("semverCompare", () => {
  it.each<[string, string, boolean]>([
    [">=1.25", "1.28.3", true],
    [">=1.25", "1.24.9", false],
    [">=1.25.0-0", "1.26.0-eks.1", true],
    [">=1.25", "1.26.0-eks.1", false],
    ["<1.27", "v1.26.5", true],
    ["~1.2.3", "1.2.9", true],
    ["~1.2.3", "1.3.0", false],
    ["^1.2.3", "1.9.0", true],
    ["^1.2.3", "2.0.0", false],
    ["^0.2.3", "0.3.0", false],
    ["1.2.x", "1.2.7", true],
    ["1.2.x", "1.3.0", false],
    ["1.2 - 1.4.5", "1.4.5", true],
    ["1.2 - 1.4.5", "1.4.6", false],
    [">= 1.2, < 1.4", "1.3.1", true],
    ["<1.0 || >=2.0", "1.5.0", false],
    ["<1.0 || >=2.0", "2.1.0", true],
    ["!=1.2.3", "1.2.3", false],
    ["=1.2", "1.2.9", true],
  ])("%s against %s", (constraint, version, expected) => {
    expect(semverCompare({ constraint, version })).toBe(expected);
  });

  it("an invalid version is an error", () => {
    expect(() => semverCompare({ constraint: ">=1", version: "latest" })).toThrow(/Invalid Semantic Version/);
  });
});
