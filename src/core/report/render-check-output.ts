import type { Finding, Report } from "../model.js";
import {
  CHECK_SUMMARY_MAX_CHARS,
  CHECK_TEXT_MAX_CHARS,
  CHECK_TITLE_MAX_CHARS,
  ERROR_MESSAGE_MAX_CHARS,
} from "./budgets.js";
import type { FitSection } from "./fit-sections.js";
import { groupDeletions } from "./group-deletions.js";
import { clip, codeBlock, codeSpan, oneLine, plural, sha7 } from "./markdown.js";
import { describeDeletion } from "./describe-deletion.js";
import { describeFinding } from "./describe-finding.js";
import { fitDocument, FIT_PRIORITY } from "./fit-document.js";
import { renderMarkdown } from "./render-markdown.js";
import { sortReport } from "./sort-report.js";
import { firstLine } from "../first-line.js";
import { appChangeHeader, appChanges, diffDetails, foldChanges } from "./describe-changes.js";

/** A diff longer than this is one line in the check run text too: the HTML report has it. */
const CHECK_DIFF_MAX_LINES = 1500;

// The check run face (INTERFACE.md section 4): the conclusion gates the merge,
// the title is what a reviewer sees in the PR's checks list, the summary is the
// comment's markdown, and the text is the complete list the comment may have
// had to cut (one deletion or finding per line).

export interface CheckOutput {
  conclusion: "success" | "failure";
  title: string;
  summary: string;
  text: string;
}

export interface RenderCheckOutputOptions {
  approval?: { by: string; sha: string };
  /** The analysis could not run; `report` is then ignored and may be absent. */
  error?: string;
}

const SUMMARY_HINT =
  "the check run details below list every deletion and finding; `blast-radius analyze --format json` has the full report";
const TEXT_HINT = "run `blast-radius analyze --format json` for the full report";

export function renderCheckOutput(report: Report | undefined, opts: RenderCheckOutputOptions = {}): CheckOutput {
  if (opts.error !== undefined || !report) return errorOutput(opts.error ?? "no report was produced");
  const sorted = sortReport(report);
  const approved = sorted.verdict === "block" && opts.approval !== undefined;
  return {
    conclusion: sorted.verdict === "block" && !approved ? "failure" : "success",
    title: clip({ text: checkTitle({ report: sorted, approval: opts.approval }), max: CHECK_TITLE_MAX_CHARS }),
    summary: renderMarkdown(sorted, {
      maxChars: CHECK_SUMMARY_MAX_CHARS,
      fullReportHint: SUMMARY_HINT,
      fullDiffHint: "see the check run details below, or the HTML report (`--format html`)",
      ...(opts.approval ? { approval: opts.approval } : {}),
    }),
    text: detailText(sorted),
  };
}

/** "Blocked: 3 blocking findings, worst protected-namespace-delete" / "Pass with 2 warnings". */
function checkTitle(params: { report: Report; approval: { by: string; sha: string } | undefined }): string {
  const { report, approval } = params;
  const count = (s: Finding["severity"]) => report.findings.filter((f) => f.severity === s).length;
  const deletions = report.deletions.length ? ` (${plural({ n: report.deletions.length, one: "deletion" })})` : "";
  if (report.verdict === "block") {
    // Findings are sorted worst rule first, so the first blocking one names the worst.
    const worst = report.findings.find((f) => f.severity === "block")?.rule ?? "policy";
    const blocked = `${plural({ n: count("block"), one: "blocking finding" })}, worst ${worst}`;
    return approval
      ? `Accepted by @${approval.by.replace(/^@/, "")} for ${sha7(approval.sha)}: ${blocked}`
      : `Blocked: ${blocked}${deletions}`;
  }
  if (report.verdict === "warn") return `Pass with ${plural({ n: count("warn"), one: "warning" })}${deletions}`;
  const changed = report.deletions.length > 0 || report.applications.some((a) => a.change !== "unchanged");
  return changed ? `Pass${deletions}` : "Pass: no application's rendered output changes";
}

/** Every deletion and finding, one per line, then every diff, fitted to the check text limit. */
function detailText(report: Report): string {
  const items = groupDeletions(report.deletions);
  // The same order as the comment (protected first, cascades together), but flat.
  // A Namespace deleted with its app is a member of the app's cascade and the
  // head of its own: listed once, where it first appears.
  const ordered = [
    ...new Set(
      items.flatMap((item) =>
        item.kind === "single" ? [item.deletion] : [...(item.header ? [item.header] : []), ...item.members],
      ),
    ),
  ];
  const sections: FitSection[] = [
    {
      blocks: [
        {
          text: `Every deletion, finding and diff of merging ${codeSpan(report.head.rev)} into ${codeSpan(report.base.rev)}.\n`,
          priority: FIT_PRIORITY.headline,
        },
      ],
    },
    {
      open: `\n### Deletions (${report.deletions.length})\n\n`,
      blocks: ordered.map((d) => ({
        text: `- ${describeDeletion(d)}\n`,
        priority: d.protected ? FIT_PRIORITY.protectedDeletion : FIT_PRIORITY.otherDeletion,
        counts: { deletions: 1 },
      })),
    },
    {
      open: `\n### Findings (${report.findings.length})\n\n`,
      blocks: report.findings.map((f) => ({
        text: `- ${describeFinding(f)}\n`,
        priority:
          f.severity === "block"
            ? FIT_PRIORITY.blockFinding
            : f.severity === "warn"
              ? FIT_PRIORITY.warnFinding
              : FIT_PRIORITY.infoFinding,
        counts: { findings: 1 },
      })),
    },
    ...appChanges(report).map(({ app, changes }) => ({
      chapter: { id: "changes", heading: `\n### Changes (${report.changes?.length ?? 0})\n` },
      blocks: [
        { text: appChangeHeader(app, changes.length), priority: FIT_PRIORITY.appDetails },
        ...foldChanges(changes).map((group) => ({
          text: `\n${diffDetails({ changes: group, maxLines: CHECK_DIFF_MAX_LINES, maxChars: CHECK_TEXT_MAX_CHARS / 2, tooLong: "see the HTML report (`blast-radius analyze --format html`)" })}`,
          priority: FIT_PRIORITY.changes,
          counts: { diffs: group.length },
        })),
      ],
    })),
  ];
  return fitDocument({ sections, maxChars: CHECK_TEXT_MAX_CHARS, hint: TEXT_HINT });
}

function errorOutput(error: string): CheckOutput {
  const message = clip({ text: withoutStack(error), max: ERROR_MESSAGE_MAX_CHARS });
  return {
    conclusion: "failure",
    title: clip({
      text: `Analysis could not run: ${oneLine(firstLine(message))}`,
      max: CHECK_TITLE_MAX_CHARS,
    }),
    summary: `The blast radius could not be computed, so this change is not cleared.\n\n${codeBlock({ text: message })}`,
    text: "",
  };
}

/** A stack trace tells a reviewer nothing and reveals the host's paths; credentials in URLs never belong in a check. */
function withoutStack(error: string): string {
  return error
    .split(/\r?\n/)
    .filter((l) => !/^\s+at\s/.test(l))
    .join("\n")
    .replace(/(\/\/)[^/\s:@]+:[^/\s@]+@/g, "$1***@")
    .trim();
}
