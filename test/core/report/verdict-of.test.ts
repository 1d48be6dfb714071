import { describe, expect, it } from "@jest/globals";
import type { Finding, Severity } from "../../../src/core/model.js";
import { severityRank, verdictOf } from "../../../src/core/report/verdict-of.js";

const finding = (severity: Severity): Finding => ({ rule: "app-delete", severity, message: "m", refs: [] });

describe("verdictOf", () => {
  it.each<[string, Severity[], string]>([
    ["no findings", [], "pass"],
    ["info only counts as pass", ["info", "info"], "pass"],
    ["a warning", ["info", "warn"], "warn"],
    ["block wins over warn and info", ["warn", "info", "block", "warn"], "block"],
    ["block alone", ["block"], "block"],
  ])("%s", (_, severities, expected) => {
    expect(verdictOf(severities.map(finding))).toBe(expected);
  });

  it("ranks severities worst first", () => {
    expect(["info", "block", "warn"].sort((a, b) => severityRank(a as Severity) - severityRank(b as Severity))).toEqual(
      ["block", "warn", "info"],
    );
  });
});
