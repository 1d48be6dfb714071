import type { AppReport, Deletion, Finding, Ref, Report } from "../model.js";
import { cmp } from "../argocd/manifest.js";
import { compareRefs, sortRefs } from "../refs.js";
import { ruleRank } from "../policy/rules/registry.js";
import { severityRank } from "./verdict-of.js";

// One ordering for every face (markdown, JSON, check run), so the same analysis
// always produces the same bytes whatever order the pipeline found things in.

/** Deletions: by app, then ref; the remaining fields only break ties so that
 *  the order is total. Protected-first is a presentation choice of the markdown,
 *  not of the data. */
export function compareDeletions(a: Deletion, b: Deletion): number {
  return (
    cmp(a.app, b.app) ||
    compareRefs(a.ref, b.ref) ||
    cmp(a.cause, b.cause) ||
    compareOptionalRefs(a.via, b.via) ||
    cmp(a.trigger, b.trigger) ||
    Number(b.protected) - Number(a.protected) ||
    cmp(a.reason ?? "", b.reason ?? "") ||
    cmp(a.cluster ?? "", b.cluster ?? "")
  );
}

/** Findings: worst severity first, then the worst rule (RULES order), then app, refs, message. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    severityRank(a.severity) - severityRank(b.severity) ||
    ruleRank(a.rule) - ruleRank(b.rule) ||
    cmp(a.rule, b.rule) ||
    cmp(a.app ?? "", b.app ?? "") ||
    compareRefLists(sortRefs(a.refs), sortRefs(b.refs)) ||
    cmp(a.message, b.message)
  );
}

export function compareApps(a: AppReport, b: AppReport): number {
  return cmp(a.name, b.name) || cmp(a.generatedBy, b.generatedBy);
}

/** A copy of the report with every list in its canonical order. */
export function sortReport(report: Report): Report {
  return {
    ...report,
    applications: report.applications.map(sortApp).sort(compareApps),
    deletions: [...report.deletions].sort(compareDeletions),
    findings: report.findings.map((f) => ({ ...f, refs: sortRefs(f.refs) })).sort(compareFindings),
    ...(report.kept
      ? {
          kept: [...report.kept].sort(
            (a, b) => cmp(a.app, b.app) || compareRefs(a.ref, b.ref) || cmp(a.reason, b.reason),
          ),
        }
      : {}),
    ...(report.changes
      ? {
          changes: [...report.changes].sort(
            (a, b) => cmp(a.app, b.app) || compareRefs(a.ref, b.ref) || cmp(a.cluster ?? "", b.cluster ?? ""),
          ),
        }
      : {}),
  };
}

function sortApp(app: AppReport): AppReport {
  return {
    ...app,
    errors: [...app.errors].sort((a, b) => cmp(a.side, b.side) || cmp(a.message, b.message)),
    resources: {
      added: sortRefs(app.resources.added),
      modified: sortRefs(app.resources.modified),
      removed: sortRefs(app.resources.removed),
    },
  };
}

function compareOptionalRefs(a: Ref | undefined, b: Ref | undefined): number {
  if (a && b) return compareRefs(a, b);
  return Number(Boolean(a)) - Number(Boolean(b));
}

function compareRefLists(a: Ref[], b: Ref[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const c = compareRefs(a[i]!, b[i]!);
    if (c) return c;
  }
  return a.length - b.length;
}
