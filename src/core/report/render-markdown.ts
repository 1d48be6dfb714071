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
import {
  describeDeletion,
  describeMechanism,
  onCluster,
  PROTECTED_MARK,
  TRIGGER_PHRASES,
} from "./describe-deletion.js";
import { describeFinding } from "./describe-finding.js";
import { fitDocument, FIT_PRIORITY } from "./fit-document.js";
import type { FitBlock, FitSection } from "./fit-sections.js";
import { groupDeletions, spansClusters, type DeletionItem } from "./group-deletions.js";
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
import { RULES, type RuleId } from "../policy/rules/registry.js";
import { sortReport } from "./sort-report.js";
import { blastGraph, renderMermaid } from "./blast-graph.js";
import { appChangeHeader, appChanges, describeDestination, diffDetails, foldChanges } from "./describe-changes.js";
import { remedyOf } from "./remedies.js";
import { isApplicationRef, isApplicationSetRef, isNamespaceRef, refKey } from "../refs.js";

// The human face: CLI stdout and the sticky PR comment. Reading order is
// verdict, what gets deleted (a picture, then the list), why it is judged so and
// what would make it safe, what changes (collapsed diffs), then folded details.
// Diffs come from `changes[]`, whose Secret values are masked at the source.

export interface RenderMarkdownOptions {
  /** Defaults to COMMENT_MAX_CHARS. */
  maxChars?: number;
  /** A `/blast-radius approve` accepted this head commit. */
  approval?: { by: string; sha: string };
  /** Where the full report is, said when something had to be cut. */
  fullReportHint?: string;
  /** The tool's name in the context line. */
  title?: string;
  /** Where a diff too long for the comment can be read in full. */
  fullDiffHint?: string;
  /** Longest diff shown inline (defaults: the comment's). */
  diffLimits?: { maxLines: number; maxChars: number };
}

/** A diff longer than this is one line in the comment (the check run text and HTML have it). */
const COMMENT_DIFF_MAX_LINES = 150;
const COMMENT_DIFF_MAX_CHARS = 8000;
export const DEFAULT_FULL_DIFF_HINT = "see the HTML report (`--format html`) or the check run";

export const DEFAULT_TITLE = "Argo CD blast radius";
export const DEFAULT_FULL_REPORT_HINT = "see the full report with `blast-radius analyze --format json`";

const VERDICT_LABELS = { block: "🛑 Blocked", warn: "⚠️ Warnings", pass: "✅ Pass" } as const;

const CAUSE_HEADINGS: Record<DeletionCause, string> = {
  "namespace-deleted": "Namespaces deleted, with everything in them",
  "crd-deleted": "CustomResourceDefinitions deleted, with all their custom resources",
  "app-deleted": "Applications deleted, with their resources",
  pruned: "Pruned",
  "owner-deleted": "Deleted by Kubernetes' garbage collector with their owner",
  replaced: "Deleted and created again by Argo CD",
};

/** What a cascade's members are, relative to the object that takes them along. */
const CASCADE_MEMBERS: Record<DeletionCause, string> = {
  "namespace-deleted": "in it",
  "crd-deleted": "of that kind",
  "app-deleted": "of the app",
  pruned: "with it",
  "owner-deleted": "it owns",
  replaced: "with it",
};

export function renderMarkdown(report: Report, opts: RenderMarkdownOptions = {}): string {
  const sorted = sortReport(report);
  const maxChars = opts.maxChars ?? COMMENT_MAX_CHARS;
  const hint = opts.fullReportHint ?? DEFAULT_FULL_REPORT_HINT;
  const sections: FitSection[] = [
    headSection(sorted, opts),
    ...shieldNoteSections(sorted, opts),
    ...graphSections(sorted),
    ...deletionSections(sorted),
    ...(sorted.findings.length > 0 ? [findingsSection(sorted.findings)] : []),
    ...(sorted.kept && sorted.kept.length > 0 ? [keptSection(sorted.kept)] : []),
    ...changeSections({
      report: sorted,
      hint: opts.fullDiffHint ?? DEFAULT_FULL_DIFF_HINT,
      limits: opts.diffLimits ?? { maxLines: COMMENT_DIFF_MAX_LINES, maxChars: COMMENT_DIFF_MAX_CHARS },
    }),
    appsSection(sorted.applications),
    ...legendSections(sorted),
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
  const chapter = deletionsChapter(report);
  const cluster = spansClusters(report);
  const sections: FitSection[] = [];
  for (const item of items) {
    const title = `${item.protected ? `${PROTECTED_MARK} Protected · ` : ""}${CAUSE_HEADINGS[item.cause] ?? escapeText(item.cause)}`;
    let section = sections.at(-1);
    if (!section || section.open !== groupOpen(title)) {
      section = { chapter, open: groupOpen(title), blocks: [] };
      sections.push(section);
    }
    section.blocks.push({
      text: deletionItemText({ item, generatedBy, cluster }),
      priority: item.protected ? FIT_PRIORITY.protectedDeletion : FIT_PRIORITY.otherDeletion,
      counts: { deletions: item.owned },
    });
  }
  return sections;
}

function deletionsChapter(report: Report): { id: string; heading: string } {
  return { id: "deletions", heading: `\n### What will be deleted (${report.deletions.length})\n` };
}

/** The picture: Application → Namespace/CRD/Application → what goes with it. */
function graphSections(report: Report): FitSection[] {
  if (report.deletions.length === 0) return [];
  const text = `\n\`\`\`mermaid\n${renderMermaid(blastGraph(report))}\`\`\`\n`;
  return [{ chapter: deletionsChapter(report), blocks: [{ text, priority: FIT_PRIORITY.graph }] }];
}

/** A 🛡️ on an item that does not block says why, once, where the marks are. */
function shieldNoteSections(report: Report, opts: RenderMarkdownOptions): FitSection[] {
  if (opts.approval) return [];
  const blocked = new Set(
    report.findings.filter((f) => f.severity === "block").flatMap((f) => f.refs.map((r) => refKey(r))),
  );
  const reasons = new Set<string>();
  // Only what is printed with a mark: single deletions and the heads of cascades.
  const marked = groupDeletions(report.deletions).flatMap((item) =>
    item.kind === "single" ? [item.deletion] : item.header ? [item.header] : [],
  );
  for (const d of marked) {
    if (!d.protected || blocked.has(refKey(d.ref))) continue;
    if (isApplicationRef(d.ref) || isApplicationSetRef(d.ref)) {
      reasons.add(
        "Application and ApplicationSet objects live in the Argo CD namespace by design, so their own deletion is judged by `app-delete`, not as a protected resource",
      );
      continue;
    }
    const rule: RuleId = isNamespaceRef(d.ref) ? "protected-namespace-delete" : "protected-resource-delete";
    const f = report.findings.find((x) => x.rule === rule && x.refs.some((r) => refKey(r) === refKey(d.ref)));
    reasons.add(
      f
        ? `${codeSpan(rule)} is set to ${f.severity} in this repository's configuration`
        : `${codeSpan(rule)} is turned off in this repository's configuration`,
    );
  }
  if (reasons.size === 0) return [];
  const text = `\n> ${PROTECTED_MARK} marks a protected namespace or what lies in one. The marked items here do not block: ${[...reasons].join("; ")}.\n`;
  return [{ chapter: deletionsChapter(report), blocks: [{ text, priority: FIT_PRIORITY.protectedDeletion }] }];
}

function groupOpen(title: string): string {
  return `\n**${title}**\n\n`;
}

function deletionItemText(params: { item: DeletionItem; generatedBy: Map<string, string>; cluster: boolean }): string {
  const { item, generatedBy, cluster } = params;
  const mark = item.protected ? `${PROTECTED_MARK} ` : "";
  if (item.kind === "single") return `- ${describeDeletion(item.deletion, { cluster })}\n`;

  const head = cascadeHead({ item, generatedBy });
  const names = item.members.map((m) => codeSpan(formatRef(m.ref)));
  // The members' cluster (an Application's resources are deleted on its destination, not where it lives).
  const what = `${`${plural({ n: names.length, one: "resource" })} ${CASCADE_MEMBERS[item.cause] ?? ""}`.trimEnd()}${cluster ? onCluster(item.cluster) : ""}`;
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
    blocks: foldFindings(findings).map((group, i, all) => ({
      // The remedy once per rule: the next finding of the same rule (and the same way out) says "as above".
      text: findingGroupText(
        group,
        all
          .slice(0, i)
          .some(
            (g) => g[0]!.rule === group[0]!.rule && g[0]!.severity === "block" && g[0]!.remedy === group[0]!.remedy,
          ),
      ),
      priority: FINDING_PRIORITY[group[0]!.severity] ?? FIT_PRIORITY.infoFinding,
      counts: { findings: group.length },
    })),
  };
}

/** Findings that say the same of different apps (same rule, severity and message but for the
 *  app's name) are one line with a count. */
export function foldFindings(findings: Finding[]): Finding[][] {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const shape = f.app ? f.message.replace(wordPattern(f.app), "\u0000") : f.message;
    const key = `${f.severity}|${f.rule}|${shape}`;
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  return [...groups.values()];
}

/** The app's name as a word of the message (not inside another name). */
function wordPattern(name: string): RegExp {
  return new RegExp(`(?<![\\w.-])${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![\\w-])`, "g");
}

function findingGroupText(group: Finding[], remedyAbove: boolean): string {
  const first = group[0]!;
  let line = `- ${describeFinding(first)}`;
  if (group.length > 1) {
    const others = group.slice(1).map((f) => f.app ?? "");
    const shown = others.slice(0, 10).map((a) => codeSpan(a));
    const more = others.length - shown.length;
    line += ` **×${group.length}**: the same for ${plural({ n: others.length, one: "more app", many: "more apps" })}: ${shown.join(", ")}${more ? ` … and ${more} more` : ""}`;
  }
  const remedy =
    first.severity !== "block"
      ? ""
      : remedyAbove
        ? "\n  - *To make it safe:* as above."
        : `\n  - *To make it safe:* ${remedyOf(first.rule, first.remedy)}.`;
  return `${line}${remedy}\n`;
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

function changeSections(params: {
  report: Report;
  hint: string;
  limits: { maxLines: number; maxChars: number };
}): FitSection[] {
  const { report, hint, limits } = params;
  const all = appChanges(report);
  if (all.length === 0) return [];
  const n = report.changes?.length ?? 0;
  const specs = all.filter((x) => (x.app.specChanges?.length ?? 0) > 0).length;
  const what = [
    n ? plural({ n, one: "modified resource" }) : "",
    specs ? plural({ n: specs, one: "Application spec" }) : "",
  ].filter(Boolean);
  const chapter = { id: "changes", heading: `\n### Changes (${what.join(", ")})\n` };
  return all.map(({ app, changes }) => ({
    chapter,
    blocks: [
      { text: appChangeHeader(app, changes.length), priority: FIT_PRIORITY.appDetails },
      ...foldChanges(changes).map((group) => ({
        text: `\n${diffDetails({ changes: group, ...limits, tooLong: hint })}`,
        priority: FIT_PRIORITY.changes,
        counts: { diffs: group.length },
      })),
    ],
  }));
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
  const dest = describeDestination(app);
  const lines = [
    `**${codeSpan(app.name)}** · ${app.change} · ${escapeText(app.generatedBy)} · ${flags}${dest ? ` · → ${dest}` : ""}`,
    "",
  ];
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

/** Only what this report needs explained: the rules its findings name, the 🛡️ when it appears. */
function legendSections(report: Report): FitSection[] {
  const used = new Set(report.findings.map((f) => f.rule));
  const rules = RULES.filter((r) => used.has(r.id)).map(
    (r) => `- ${codeSpan(r.id)} (default ${r.defaultSeverity}): ${escapeText(r.description)}`,
  );
  const shield = report.deletions.some((d) => d.protected)
    ? [`${PROTECTED_MARK} protected: a protected namespace (\`protectedNamespaces\`), or a resource inside one.`, ""]
    : [];
  if (rules.length === 0 && shield.length === 0) return [];
  const body = [...shield, ...rules, ""].join("\n");
  const summary = rules.length ? "Legend: rules" : "Legend";
  return [{ blocks: [{ text: `\n${details({ summary, body })}`, priority: FIT_PRIORITY.legend }] }];
}
