import { describe, expect, it } from "@jest/globals";
import type { Finding, Report } from "../../../src/core/model.js";
import { CHECK_SUMMARY_MAX_CHARS, CHECK_TEXT_MAX_CHARS } from "../../../src/core/report/budgets.js";
import { renderCheckOutput } from "../../../src/core/report/render-check-output.js";
import { renderMarkdown } from "../../../src/core/report/render-markdown.js";
import { expectGolden, markdownProblems } from "./golden.js";
import { incidentReport, manyDeletionsReport, shuffledReport } from "./fixtures.js";

const approval = { by: "alice", sha: "fedcba9876543210fedcba9876543210fedcba98" };
const warn = (rule: Finding["rule"]): Finding => ({ rule, severity: "warn", message: `${rule} warning`, refs: [] });

function withFindings(findings: Finding[], verdict: Report["verdict"]): Report {
  return { ...incidentReport(), verdict, findings };
}

describe("renderCheckOutput", () => {
  it.each<[string, Report, { approval?: typeof approval }, string, string]>([
    [
      "block fails and names the worst rule and the count",
      incidentReport(),
      {},
      "failure",
      "Blocked: 2 blocking findings, worst protected-namespace-delete (7 deletions)",
    ],
    [
      "an approved block passes and names the approver",
      incidentReport(),
      { approval },
      "success",
      "Accepted by @alice for fedcba9: 2 blocking findings, worst protected-namespace-delete",
    ],
    [
      "warn passes with the warning count",
      withFindings([warn("app-delete"), warn("data-loss"), warn("not-analysed")], "warn"),
      {},
      "success",
      "Pass with 3 warnings (7 deletions)",
    ],
    [
      "pass",
      withFindings([{ rule: "not-analysed", severity: "info", message: "i", refs: [] }], "pass"),
      {},
      "success",
      "Pass (7 deletions)",
    ],
    [
      "pass without any change",
      {
        ...incidentReport(),
        verdict: "pass",
        deletions: [],
        findings: [],
        applications: incidentReport().applications.map((a) => ({ ...a, change: "unchanged" as const })),
      },
      {},
      "success",
      "Pass: no application's rendered output changes",
    ],
  ])("%s", (_, report, opts, conclusion, title) => {
    const out = renderCheckOutput(report, opts);
    expect(out.conclusion).toBe(conclusion);
    expect(out.title).toBe(title);
  });

  it("summarises with the comment's markdown and lists every deletion and finding in the text", () => {
    const out = renderCheckOutput(incidentReport(), { approval });
    expect(out.summary).toBe(
      renderMarkdown(incidentReport(), {
        approval,
        maxChars: CHECK_SUMMARY_MAX_CHARS,
        fullReportHint:
          "the check run details below list every deletion and finding; `blast-radius analyze --format json` has the full report",
      }),
    );
    expectGolden("incident-check-text.md", out.text);
    expect(out.text.split("\n").filter((l) => /^- .*(pruned|deleted with)/.test(l))).toHaveLength(7);
    expect(out.text.split("\n").filter((l) => /^- (🛑|⚠️|ℹ️)/.test(l))).toHaveLength(3);
  });

  it("is the same bytes for shuffled input", () => {
    const expected = JSON.stringify(renderCheckOutput(incidentReport()));
    for (const seed of [5, 8, 13])
      expect(JSON.stringify(renderCheckOutput(shuffledReport(incidentReport(), seed)))).toBe(expected);
  });

  it("fits a 5,000-deletion report into the check limits and says what was cut", () => {
    const out = renderCheckOutput(manyDeletionsReport(5000));
    expect(out.summary.length).toBeLessThanOrEqual(CHECK_SUMMARY_MAX_CHARS);
    expect(out.text.length).toBeLessThanOrEqual(CHECK_TEXT_MAX_CHARS);
    expect(markdownProblems(out.summary)).toEqual([]);
    const shown = out.text.split("\n").filter((l) => /^- .*(pruned|deleted with)/.test(l)).length;
    expect(out.text).toContain(`✂️ … ${5007 - shown} more deletions`);
    expect(out.text).toContain("`mass-delete`");
    expect(out.text).toContain("run `blast-radius analyze --format json` for the full report");
  });

  it.each<[string, string, string]>([
    ["a one-line reason", "unknown revision feature-x", "Analysis could not run: unknown revision feature-x"],
    [
      "a stack trace is dropped",
      'Error: config: unknown key "polcy"\n    at parseConfig (/app/dist/config/parse-config.js:12:9)\n    at async main (/app/dist/cli/main.js:3:1)',
      'Analysis could not run: Error: config: unknown key "polcy"',
    ],
    [
      "credentials in a URL are hidden",
      "git fetch https://x-access-token:ghs_abc123@github.com/o/r.git failed",
      "Analysis could not run: git fetch https://***@github.com/o/r.git failed",
    ],
  ])("error: %s", (_, error, title) => {
    const out = renderCheckOutput(incidentReport(), { error });
    expect(out.conclusion).toBe("failure");
    expect(out.title).toBe(title);
    expect(out.summary).not.toMatch(/\n\s+at /);
    expect(out.summary).not.toContain("ghs_abc123");
    expect(out.summary).toContain("could not be computed");
    expect(markdownProblems(out.summary)).toEqual([]);
  });
});
