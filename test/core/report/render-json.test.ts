import { describe, expect, it } from "@jest/globals";
import type { Report } from "../../../src/core/model.js";
import { renderJson } from "../../../src/core/report/render-json.js";
import { expectGolden } from "./golden.js";
import { incidentReport, shuffledReport } from "./fixtures.js";

describe("renderJson", () => {
  it("matches the golden incident report", () => {
    expectGolden("incident.json", renderJson(incidentReport()));
  });

  it("is the same bytes for the same input, and for shuffled input", () => {
    const expected = renderJson(incidentReport());
    expect(renderJson(incidentReport())).toBe(expected);
    for (const seed of [7, 99, 2024]) expect(renderJson(shuffledReport(incidentReport(), seed))).toBe(expected);
  });

  it("prints the spec's fields in the spec's order, 2-space indented, with a trailing newline", () => {
    const text = renderJson(incidentReport());
    expect(text.endsWith("}\n")).toBe(true);
    expect(text.startsWith('{\n  "schemaVersion": 1,\n  "base": {')).toBe(true);
    const parsed = JSON.parse(text) as Record<string, unknown> & Report;
    expect(Object.keys(parsed)).toEqual([
      "schemaVersion",
      "base",
      "head",
      "verdict",
      "applications",
      "deletions",
      "findings",
    ]);
    expect(Object.keys(parsed.applications[0]!)).toEqual([
      "name",
      "generatedBy",
      "change",
      "autoSync",
      "autoPrune",
      "errors",
      "resources",
    ]);
    expect(Object.keys(parsed.applications[0]!.resources)).toEqual(["added", "modified", "removed"]);
    expect(Object.keys(parsed.deletions.find((d) => d.via)!)).toEqual([
      "ref",
      "app",
      "cause",
      "via",
      "trigger",
      "protected",
    ]);
    expect(Object.keys(parsed.findings[0]!)).toEqual(["rule", "severity", "message", "app", "refs"]);
    expect(Object.keys(parsed.findings[0]!.refs[0]!)).toEqual(["group", "kind", "namespace", "name"]);
  });

  it.each<[string, (r: Report) => void, (json: Report) => void]>([
    [
      "a deletion without via has no via key",
      () => {},
      (json) =>
        expect(json.deletions.filter((d) => !("via" in d)).map((d) => d.ref.name)).toEqual(["web-config", "argocd"]),
    ],
    [
      "Deletion.reason appears only when present",
      (r) => {
        r.deletions[2]!.reason = "Prune=confirm was not set";
      },
      (json) => {
        expect(json.deletions.filter((d) => "reason" in d).map((d) => d.reason)).toEqual(["Prune=confirm was not set"]);
        expect(Object.keys(json.deletions.find((d) => d.reason)!).at(-1)).toBe("reason");
      },
    ],
    [
      "a finding without app has no app key",
      () => {},
      (json) => expect(json.findings.filter((f) => !("app" in f)).map((f) => f.rule)).toEqual(["not-analysed"]),
    ],
    [
      "deletions are ordered by app, then ref",
      () => {},
      (json) =>
        expect(json.deletions.map((d) => `${d.ref.kind}/${d.ref.name}`)).toEqual([
          "ConfigMap/argocd-cm",
          "ConfigMap/web-config",
          "Namespace/argocd",
          "Secret/argocd-secret",
          "Deployment/argocd-repo-server",
          "Deployment/argocd-server",
          "StatefulSet/argocd-application-controller",
        ]),
    ],
    [
      "findings are ordered by severity, then the worst rule",
      () => {},
      (json) =>
        expect(json.findings.map((f) => f.rule)).toEqual([
          "protected-namespace-delete",
          "protected-resource-delete",
          "not-analysed",
        ]),
    ],
  ])("%s", (_, mutate, check) => {
    const report = incidentReport();
    mutate(report);
    check(JSON.parse(renderJson(report)) as Report);
  });
});
