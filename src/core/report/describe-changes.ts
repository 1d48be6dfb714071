// The "Changes" part of the comment, the check run text and the HTML report: per app (riskiest
// first) its destination, its Application spec changes in words, then one collapsed diff per
// modified resource (riskiest first). A diff too long for the face is one line saying where it is.
import type { AppReport, Change, Report, SpecChange } from "../model.js";
import { formatRef } from "../refs.js";
import { cmp } from "../argocd/manifest.js";
import { codeSpan, escapeHtml, oneLine } from "./markdown.js";

/** Kinds whose change can hurt most, first (data, identity, permissions, schema, workloads). */
const KIND_RISK = [
  "CustomResourceDefinition",
  "Namespace",
  "PersistentVolumeClaim",
  "PersistentVolume",
  "StatefulSet",
  "ClusterRole",
  "ClusterRoleBinding",
  "Role",
  "RoleBinding",
  "Secret",
  "Application",
  "ApplicationSet",
  "Deployment",
  "DaemonSet",
  "Service",
  "Ingress",
];

export interface AppChanges {
  app: AppReport;
  changes: Change[];
}

/** Apps with spec or resource changes, riskiest first: deletions, then auto-sync with prune, then size. */
export function appChanges(report: Report): AppChanges[] {
  const byApp = new Map<string, Change[]>();
  for (const c of report.changes ?? []) byApp.set(c.app, [...(byApp.get(c.app) ?? []), c]);
  const deletions = new Map<string, number>();
  for (const d of report.deletions) deletions.set(d.app, (deletions.get(d.app) ?? 0) + 1);
  const out = report.applications
    .filter((a) => byApp.has(a.name) || (a.specChanges?.length ?? 0) > 0)
    .map((app) => ({ app, changes: [...(byApp.get(app.name) ?? [])].sort(compareChangeRisk) }));
  const size = (x: AppChanges): number => x.changes.reduce((n, c) => n + diffSize(c), 0);
  return out.sort(
    (a, b) =>
      (deletions.get(b.app.name) ?? 0) - (deletions.get(a.app.name) ?? 0) ||
      Number(b.app.autoSync && b.app.autoPrune) - Number(a.app.autoSync && a.app.autoPrune) ||
      size(b) - size(a) ||
      cmp(a.app.name, b.app.name),
  );
}

export function compareChangeRisk(a: Change, b: Change): number {
  return (
    kindRisk(a.ref.kind) - kindRisk(b.ref.kind) || diffSize(b) - diffSize(a) || cmp(formatRef(a.ref), formatRef(b.ref))
  );
}

function kindRisk(kind: string): number {
  const i = KIND_RISK.indexOf(kind);
  return i < 0 ? KIND_RISK.length : i;
}

/** Changed lines of a diff (its size for ordering). */
export function diffSize(c: Change): number {
  if (c.diffTooLarge !== undefined) return c.diffTooLarge;
  return c.diff.split("\n").filter((l) => /^[-+](?![-+]{2} )/.test(l)).length;
}

/** "`server` · namespace `payments`" */
export function describeDestination(app: AppReport): string {
  const d = app.destination;
  if (!d) return "";
  const where = d.server ? codeSpan(d.server) : d.name ? `cluster ${codeSpan(d.name)}` : "";
  return [where, d.namespace ? `namespace ${codeSpan(d.namespace)}` : ""].filter(Boolean).join(" · ");
}

/** "automated prune turned off", "destination namespace `a` → `b`", in markdown. */
export function describeSpecChange(c: SpecChange): string {
  const on = (v: unknown): boolean => v === true;
  switch (c.path) {
    case "spec.syncPolicy.automated.prune":
      return on(c.head) ? "automated prune turned on" : "automated prune turned off";
    case "spec.syncPolicy.automated.selfHeal":
      return on(c.head) ? "self-heal turned on" : "self-heal turned off";
    case "spec.syncPolicy.automated.allowEmpty":
      return on(c.head) ? "`allowEmpty` turned on: auto-sync may prune everything" : "`allowEmpty` turned off";
    case "spec.syncPolicy.automated.enabled":
      return on(c.head) || c.head === null ? "automated sync turned on" : "automated sync turned off";
    case "spec.syncPolicy.automated":
      if (c.head === null) return "automated sync turned off";
      if (c.base === null) return "automated sync turned on";
  }
  const m = /^spec\.destination\.(server|name|namespace)$/.exec(c.path);
  const what = m ? `destination ${m[1]}` : codeSpan(c.path);
  if (c.head === null) return `${what} removed (was ${value(c.base)})`;
  if (c.base === null) return `${what} set to ${value(c.head)}`;
  return `${what}: ${value(c.base)} → ${value(c.head)}`;
}

function value(v: unknown): string {
  const text = typeof v === "string" ? v : JSON.stringify(v);
  const line = oneLine(text);
  return codeSpan(line.length > 120 ? `${line.slice(0, 117)}…` : line);
}

/** Resources of one app whose diffs change the same lines the same way (a label bump on every
 *  Deployment of a chart) are one diff, shown once with their names. */
export function foldChanges(changes: Change[]): Change[][] {
  const groups = new Map<string, Change[]>();
  for (const c of changes) {
    const shape = `${c.ref.group}/${c.ref.kind}|${c.paths.join(",")}|${c.diff
      .split("\n")
      .filter((l) => /^[-+](?![-+]{2} )/.test(l))
      .join("\n")}`;
    groups.set(shape, [...(groups.get(shape) ?? []), c]);
  }
  return [...groups.values()];
}

/** One resource's (or one fold's) collapsed diff for markdown; `tooLong` says where the full one is. */
export function diffDetails(params: {
  changes: Change[];
  maxLines: number;
  maxChars: number;
  tooLong: string;
}): string {
  const { maxLines, maxChars, tooLong } = params;
  const change = params.changes[0]!;
  const paths = change.paths.slice(0, 3).join(", ") + (change.paths.length > 3 ? ", …" : "");
  const n = params.changes.length;
  const summary =
    n === 1 ? `${formatRef(change.ref)} · ${paths}` : `${n} × ${change.ref.kind}, the same change · ${paths}`;
  const names =
    n === 1
      ? ""
      : `${params.changes
          .slice(0, 30)
          .map((c) => codeSpan(formatRef(c.ref)))
          .join(", ")}${n > 30 ? ` … and ${n - 30} more` : ""}\n\n`;
  const lines = change.diff.split("\n").length - 1;
  const body =
    change.diffTooLarge !== undefined
      ? `diff too large (${change.diffTooLarge} lines): ${tooLong}\n`
      : lines > maxLines || change.diff.length > maxChars
        ? `diff too large (${lines} lines): ${tooLong}\n`
        : diffFence(change.diff);
  return `<details>\n<summary>${escapeHtml(summary)}</summary>\n\n${names}${body}\n</details>\n`;
}

function diffFence(diff: string): string {
  const longest = Math.max(0, ...[...diff.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(Math.max(3, longest + 1));
  return `${fence}diff\n${diff.replace(/\n$/, "")}\n${fence}\n`;
}

/** "**`web`** · `https://…` · namespace `web`" and its spec changes, as markdown lines. */
export function appChangeHeader(app: AppReport, changes: number): string {
  const dest = describeDestination(app);
  const counted = changes ? ` · ${changes} modified ${changes === 1 ? "resource" : "resources"}` : "";
  const head = `\n**${codeSpan(app.name)}**${dest ? ` → ${dest}` : ""}${counted}\n`;
  const spec = app.specChanges ?? [];
  return spec.length ? `${head}\n${spec.map((c) => `- Application spec: ${describeSpecChange(c)}\n`).join("")}` : head;
}
