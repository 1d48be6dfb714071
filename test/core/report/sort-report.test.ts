import { describe, expect, it } from "@jest/globals";
import type { Deletion, Finding } from "../../../src/core/model.js";
import { compareDeletions, compareFindings, sortReport } from "../../../src/core/report/sort-report.js";
import { incidentReport, ref, shuffledReport } from "./fixtures.js";

describe("sortReport", () => {
  it("gives the same order whatever order the lists came in", () => {
    const expected = JSON.stringify(sortReport(incidentReport()));
    for (const seed of [1, 2, 3, 42, 1234]) {
      expect(JSON.stringify(sortReport(shuffledReport(incidentReport(), seed)))).toBe(expected);
    }
  });

  it("does not modify its input", () => {
    const input = incidentReport();
    const before = JSON.stringify(input);
    sortReport(input);
    expect(JSON.stringify(input)).toBe(before);
  });

  it("sorts applications by name and every ref list with compareRefs", () => {
    const sorted = sortReport(incidentReport());
    expect(sorted.applications.map((a) => a.name)).toEqual(["legacy-billing", "platform", "tenant-a", "tenant-b"]);
    expect(sorted.applications[3]!.resources.removed).toEqual([
      ref("ConfigMap", "tenant-b", "web-config"),
      ref("Namespace", "", "argocd"),
    ]);
    expect(sorted.applications[0]!.errors.map((e) => e.side)).toEqual(["base", "head"]);
  });
});

const del = (app: string, name: string, extra: Partial<Deletion> = {}): Deletion => ({
  ref: ref("ConfigMap", "ns", name),
  app,
  cause: "pruned",
  trigger: "auto-sync",
  protected: false,
  ...extra,
});

describe("compareDeletions", () => {
  it.each<[string, Deletion, Deletion]>([
    ["app first", del("a", "z"), del("b", "a")],
    ["then ref", del("a", "a"), del("a", "b")],
    ["then cause", del("a", "a", { cause: "app-deleted" }), del("a", "a", { cause: "pruned" })],
    ["no via before a via", del("a", "a"), del("a", "a", { via: ref("Namespace", "", "ns") })],
  ])("%s", (_, first, second) => {
    expect(compareDeletions(first, second)).toBeLessThan(0);
    expect(compareDeletions(second, first)).toBeGreaterThan(0);
  });
});

const find = (extra: Partial<Finding>): Finding => ({
  rule: "app-delete",
  severity: "warn",
  message: "m",
  refs: [],
  ...extra,
});

describe("compareFindings", () => {
  it.each<[string, Finding, Finding]>([
    [
      "block before warn",
      find({ severity: "block", rule: "shared-resource" }),
      find({ severity: "warn", rule: "app-delete" }),
    ],
    ["warn before info", find({ severity: "warn" }), find({ severity: "info" })],
    [
      "worst rule first within a severity",
      find({ severity: "block", rule: "protected-namespace-delete" }),
      find({ severity: "block", rule: "crd-delete" }),
    ],
    [
      "a known rule before an unknown one",
      find({ rule: "not-analysed" }),
      find({ rule: "zz-new-rule" as Finding["rule"] }),
    ],
    ["then app", find({ app: "a" }), find({ app: "b" })],
    ["then refs", find({ refs: [ref("Namespace", "", "a")] }), find({ refs: [ref("Namespace", "", "b")] })],
    ["then message", find({ message: "a" }), find({ message: "b" })],
  ])("%s", (_, first, second) => {
    expect(compareFindings(first, second)).toBeLessThan(0);
    expect(compareFindings(second, first)).toBeGreaterThan(0);
  });
});
