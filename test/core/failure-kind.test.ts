import { describe, expect, it } from "@jest/globals";
import { failsHereOnly, ownFailureReason, type FailureKind } from "../../src/core/failure-kind.js";

describe("failsHereOnly", () => {
  // What Argo CD's repo-server would fail on too stays a render error (a ComparisonError,
  // argo-cd:controller/sync.go); what only this host lacks is "not analysed".
  const cases: [FailureKind, boolean][] = [
    ["exit", false],
    ["invalid-input", false],
    ["timeout", false],
    ["output-limit", false],
    ["memory-limit", false],
    ["refused-by-policy", false],
    ["network", true],
    ["unsupported", true],
    ["missing-tool", true],
    ["spawn", true],
    ["infrastructure", true],
    ["internal", true],
  ];
  it.each(cases)("%s: %s", (kind, ours) => {
    expect(failsHereOnly({ error: "x", errorKind: kind })).toBe(ours);
  });
  it("a render without an error is no failure at all", () => {
    expect(failsHereOnly({ errorKind: "internal" })).toBe(false);
  });
  it("names each own failure in words the report can show", () => {
    expect(ownFailureReason("missing-tool")).toBe("a tool it needs is not installed here");
    expect(ownFailureReason("internal")).toBe("an internal error of this tool");
    expect(ownFailureReason("exit")).toBeUndefined();
  });
});
