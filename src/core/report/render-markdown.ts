import type { AppReport, DeletionCause, Finding, Kept, Report, Severity } from "../model.js";
import { formatRef } from "../refs.js";
import {
  APP_REFS_MAX,
  CASCADE_FOLD_MAX,
  CASCADE_INLINE_MAX,
  COMMENT_MAX_CHARS,
  ERROR_MESSAGE_MAX_CHARS,
  UNCHANGED_APPS_MAX,
} from "./budgets.js";
import { describeDeletion, describeMechanism, PROTECTED_MARK, TRIGGER_PHRASES } from "./describe-deletion.js";
import { describeFinding } from "./describe-finding.js";
import { fitDocument, FIT_PRIORITY } from "./fit-document.js";
import type { FitBlock, FitSection } from "./fit-sections.js";
import { groupDeletions, type DeletionItem } from "./group-deletions.js";
import {
  clip,
  codeBlock,
  codeSpan,
  details,
  DETAILS_CLOSE,
  detailsOpen,
  escapeText,
  plural,
  sha7,
} from "./markdown.js";
import { RULES } from "../policy/rules/registry.js";
import { sortReport } from "./sort-report.js";

// The human face: CLI stdout and the sticky PR comment. Reading order is
// verdict, what gets deleted, why it is judged so, then folded details. Only
// refs (kind/namespace/name), names and messages are printed: the Report holds
// no manifest bodies, so no Secret value can reach a comment.

export interface RenderMarkdownOptions {
  /** Defaults to COMMENT_MAX_CHARS. */
  maxChars?: number;
  /** A `/blast-radius approve` accepted this head commit. */
  approval?: { by: string; sha: string };
  /** Where the full report is, said when something had to be cut. */
  fullReportHint?: string;
  /** The tool's name in the context line. */
  title?: string;
}

export const DEFAULT_TITLE = "Argo CD blast radius";
export const DEFAULT_FULL_REPORT_HINT = "see the full report with `blast-radius analyze --format json`";

const VERDICT_LABELS = { block: "🛑 Blocked", warn: "⚠️ Warnings", pass: "✅ Pass" } as const;

const CAUSE_HEADINGS: Record<DeletionCause, string> = {
  "namespace-deleted": "Namespaces deleted, with everything in them",
  "crd-deleted": "CustomResourceDefinitions deleted, with all their custom resources",
  "app-deleted": "Applications deleted, with their resources",
  pruned: "Pruned",
};

/** What a cascade's members are, relative to the object that takes them along. */
const CASCADE_MEMBERS: Record<DeletionCause, string> = {
  "namespace-deleted": "in it",
  "crd-deleted": "of that kind",
  "app-deleted": "of the app",
  pruned: "with it",
};

export function renderMarkdown(report: Report, opts: RenderMarkdownOptions = {}): string {
  const sorted = sortReport(report);
  const maxChars = opts.maxChars ?? COMMENT_MAX_CHARS;
  const hint = opts.fullReportHint ?? DEFAULT_FULL_REPORT_HINT;
  const sections: FitSection[] = [
    headSection(sorted, opts),
    ...deletionSections(sorted),
    findingsSection(sorted.findings),
    ...(sorted.kept && sorted.kept.length > 0 ? [keptSection(sorted.kept)] : []),
    appsSection(sorted.applications),
    legendSection(),
  ];
  return fitDocument({ sections, maxChars, hint });
}

// ---------------------------------------------------------------------------
// Head: verdict headline, context, approval

function headSection(report: Report, opts: RenderMarkdownOptions): FitSection {
  const blocks: FitBlock[] = [
    { text: `${headline(report)}\n`, priority: FIT_PRIORITY.headline },
    { text: `\n${contextLine(report, opts.title ?? DEFAULT_TITLE)}\n`, priority: FIT_PRIORITY.headline },
  ];
  if (opts.approval) blocks.push({ text: `\n${approvalLine(opts.approval)}\n`, priority: FIT_PRIORITY.headline });
  if (!hasAnyChange(report)) {
    blocks.push({ text: "\nNo application's rendered output changes.\n", priority: FIT_PRIORITY.headline });
  }
  return { blocks };
}

/** "## 🛑 Blocked: 7 deletions (7 protected) · 3 blocking findings · 1 warning" */
export function headline(report: Report): string {
  const bySeverity = (s: Severity) => report.findings.filter((f) => f.severity === s).length;
  const n = report.deletions.length;
  const protectedCount = report.deletions.filter((d) => d.protected).length;
  const parts = [
    n > 0
      ? `${plural({ n, one: "deletion" })}${protectedCount ? ` (${protectedCount} protected)` : ""}`
      : hasAnyChange(report)
        ? "nothing deleted"
        : "no changes",
    bySeverity("block") ? plural({ n: bySeverity("block"), one: "blocking finding" }) : "",
    bySeverity("warn") ? plural({ n: bySeverity("warn"), one: "warning" }) : "",
    bySeverity("info") ? plural({ n: bySeverity("info"), one: "note" }) : "",
  ].filter(Boolean);
  return `## ${VERDICT_LABELS[report.verdict]}: ${parts.join(" · ")}`;
}

function contextLine(report: Report, title: string): string {
  const changed = report.applications.filter((a) => a.change !== "unchanged").length;
  const rev = (r: { rev: string; sha: string }) => `${codeSpan(r.rev)}${r.sha ? ` (${codeSpan(sha7(r.sha))})` : ""}`;
  return (
    `**${escapeText(title)}** of merging ${rev(report.head)} into ${rev(report.base)} · ` +
    `${plural({ n: report.applications.length, one: "application" })}, ${changed} changed`
  );
}

function approvalLine(approval: { by: string; sha: string }): string {
  // The @ is the approver's login on purpose: the mention tells them their approval was recorded.
  const by = escapeText(approval.by.replace(/^@/, "")).replace(/\u200d/g, "");
  return `> ✅ **Accepted by @${by} for ${codeSpan(sha7(approval.sha))}**: the blocking findings below are overridden for this commit only; a new push needs a new approval.`;
}

function hasAnyChange(report: Report): boolean {
  return report.deletions.length > 0 || report.applications.some((a) => a.change !== "unchanged");
}

// ---------------------------------------------------------------------------
// What will be deleted

function deletionSections(report: Report): FitSection[] {
  const items = groupDeletions(report.deletions);
  const generatedBy = new Map(report.applications.map((a) => [a.name, a.generatedBy]));
  const chapter = { id: "deletions", heading: `\n### What will be deleted (${report.deletions.length})\n` };
  const sections: FitSection[] = [];
  for (const item of items) {
    const title = `${item.protected ? `${PROTECTED_MARK} Protected · ` : ""}${CAUSE_HEADINGS[item.cause] ?? escapeText(item.cause)}`;
    let section = sections.at(-1);
    if (!section || section.open !== groupOpen(title)) {
      section = { chapter, open: groupOpen(title), blocks: [] };
      sections.push(section);
    }
    section.blocks.push({
      text: deletionItemText({ item, generatedBy }),
      priority: item.protected ? FIT_PRIORITY.protectedDeletion : FIT_PRIORITY.otherDeletion,
      counts: { deletions: item.owned },
    });
  }
  return sections;
}

function groupOpen(title: string): string {
  return `\n**${title}**\n\n`;
}

function deletionItemText(params: { item: DeletionItem; generatedBy: Map<string, string> }): string {
  const { item, generatedBy } = params;
  const mark = item.protected ? `${PROTECTED_MARK} ` : "";
  if (item.kind === "single") return `- ${describeDeletion(item.deletion)}\n`;

  const head = cascadeHead({ item, generatedBy });
  const names = item.members.map((m) => codeSpan(formatRef(m.ref)));
  const what = `${plural({ n: names.length, one: "resource" })} ${CASCADE_MEMBERS[item.cause] ?? ""}`.trimEnd();
  if (names.length <= CASCADE_INLINE_MAX) return `- ${mark}${head} → deletes ${what}:\n  ${names.join(", ")}\n`;

  const shown = names.slice(0, CASCADE_FOLD_MAX);
  const more = names.length - shown.length;
  const list = `${shown.join(", ")}${more ? ` … and ${more} more` : ""}`;
  const fold = details({ summary: `${names.length} resources deleted with ${formatRef(item.via)}`, body: `${list}\n` });
  return `- ${mark}${head} → deletes ${what}\n${indent(fold)}`;
}

/** "`Namespace argocd` pruned by app `tenant-b` (ApplicationSet/tenants) on auto-sync" */
function cascadeHead(params: {
  item: Extract<DeletionItem, { kind: "cascade" }>;
  generatedBy: Map<string, string>;
}): string {
  const { item, generatedBy } = params;
  const via = codeSpan(formatRef(item.via));
  // Naming where the app comes from matters for a cascade: a generated app is
  // changed through its ApplicationSet, not through a file of its own.
  if (item.header) return `${via} ${describeMechanism(item.header, generatedBy.get(item.header.app))}`;
  const first = item.members[0]!;
  const origin = generatedBy.get(first.app);
  const when = TRIGGER_PHRASES[first.trigger] ?? escapeText(first.trigger);
  return `${via} is deleted ${when} (app ${codeSpan(first.app)}${origin ? `, ${escapeText(origin)}` : ""})`;
}

function indent(text: string): string {
  return text
    .split("\n")
    .map((l) => (l ? `  ${l}` : l))
    .join("\n");
}

// ---------------------------------------------------------------------------
// Findings

const FINDING_PRIORITY: Record<Severity, number> = {
  block: FIT_PRIORITY.blockFinding,
  warn: FIT_PRIORITY.warnFinding,
  info: FIT_PRIORITY.infoFinding,
};

function findingsSection(findings: Finding[]): FitSection {
  return {
    open: `\n### Findings (${findings.length})\n\n`,
    blocks: findings.map((f) => ({
      text: `- ${describeFinding(f)}\n`,
      priority: FINDING_PRIORITY[f.severity] ?? FIT_PRIORITY.infoFinding,
      counts: { findings: 1 },
    })),
  };
}

// ---------------------------------------------------------------------------
// Folded details: what leaves Git but stays, applications, legend

function keptSection(kept: Kept[]): FitSection {
  return {
    open: `\n${detailsOpen(`Removed from Git but kept in the cluster: ${kept.length}`)}`,
    close: DETAILS_CLOSE,
    blocks: kept.map((k) => ({
      text: `- ${codeSpan(formatRef(k.ref))} (app ${codeSpan(k.app)}): ${escapeText(k.reason)}\n`,
      priority: FIT_PRIORITY.infoFinding,
    })),
  };
}

function appsSection(apps: AppReport[]): FitSection {
  const changed = apps.filter((a) => a.change !== "unchanged" || a.errors.length > 0);
  const quiet = apps.filter((a) => a.change === "unchanged" && a.errors.length === 0);
  const blocks: FitBlock[] = changed.map((a) => ({
    text: appDetails(a),
    priority: FIT_PRIORITY.appDetails,
    counts: { applications: 1 },
  }));
  if (quiet.length) {
    const names = quiet.slice(0, UNCHANGED_APPS_MAX).map((a) => codeSpan(a.name));
    const more = quiet.length - names.length;
    blocks.push({
      text: `Unchanged (${quiet.length}): ${names.join(", ")}${more ? ` … and ${more} more` : ""}\n`,
      priority: FIT_PRIORITY.appDetails,
      counts: { applications: quiet.length },
    });
  }
  const summary = `Applications: ${apps.length} (${apps.filter((a) => a.change !== "unchanged").length} changed)`;
  return { open: `\n${detailsOpen(summary)}`, close: DETAILS_CLOSE, blocks };
}

function appDetails(app: AppReport): string {
  const flags = `auto-sync ${app.autoSync ? "on" : "off"} · auto-prune ${app.autoPrune ? "on" : "off"}`;
  const lines = [`**${codeSpan(app.name)}** · ${app.change} · ${escapeText(app.generatedBy)} · ${flags}`, ""];
  for (const kind of ["removed", "modified", "added"] as const) {
    const refs = app.resources[kind];
    if (refs.length === 0) continue;
    const shown = refs.slice(0, APP_REFS_MAX).map((r) => codeSpan(formatRef(r)));
    const more = refs.length - shown.length;
    lines.push(`- ${kind} (${refs.length}): ${shown.join(", ")}${more ? ` … and ${more} more` : ""}`);
  }
  const body = app.errors.map(
    (e) =>
      `- render error on ${e.side}:\n${codeBlock({ text: clip({ text: e.message, max: ERROR_MESSAGE_MAX_CHARS }), indent: "  " })}`,
  );
  return `${lines.join("\n")}\n${body.join("")}\n`;
}

function legendSection(): FitSection {
  const rules = RULES.map((r) => `- ${codeSpan(r.id)} (default ${r.defaultSeverity}): ${escapeText(r.description)}`);
  const body = [
    `${PROTECTED_MARK} protected: a protected namespace (\`protectedNamespaces\`), or a resource inside one.`,
    "",
    ...rules,
    "",
  ].join("\n");
  return { blocks: [{ text: `\n${details({ summary: "Legend: rules", body })}`, priority: FIT_PRIORITY.legend }] };
}
