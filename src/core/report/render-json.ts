import type { AppReport, Change, Deletion, Finding, Ref, Report } from "../model.js";
import { sortReport } from "./sort-report.js";

// The JSON face (INTERFACE.md section 3). Every object is rebuilt field by field
// rather than serialised as received: the key order is the spec's, and nothing
// the pipeline might have attached at runtime (a manifest, a Secret's data) can
// reach the output.

/** The report object, pretty-printed with 2 spaces and a trailing newline; same input, same bytes. */
export function renderJson(report: Report): string {
  const sorted = sortReport(report);
  const out = {
    schemaVersion: 1 as const,
    base: { rev: sorted.base.rev, sha: sorted.base.sha },
    head: { rev: sorted.head.rev, sha: sorted.head.sha },
    verdict: sorted.verdict,
    applications: sorted.applications.map(appJson),
    deletions: sorted.deletions.map(deletionJson),
    findings: sorted.findings.map(findingJson),
    ...(sorted.kept && sorted.kept.length > 0
      ? { kept: sorted.kept.map((k) => ({ ref: refJson(k.ref), app: k.app, reason: k.reason })) }
      : {}),
    ...(sorted.changes && sorted.changes.length > 0 ? { changes: sorted.changes.map(changeJson) } : {}),
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}

function refJson(ref: Ref): Ref {
  return { group: ref.group, kind: ref.kind, namespace: ref.namespace, name: ref.name };
}

function appJson(app: AppReport): AppReport {
  return {
    name: app.name,
    generatedBy: app.generatedBy,
    change: app.change,
    autoSync: app.autoSync,
    autoPrune: app.autoPrune,
    errors: app.errors.map((e) => ({ side: e.side, message: e.message })),
    resources: {
      added: app.resources.added.map(refJson),
      modified: app.resources.modified.map(refJson),
      removed: app.resources.removed.map(refJson),
    },
    ...(app.destination
      ? {
          destination: {
            ...(app.destination.server !== undefined ? { server: app.destination.server } : {}),
            ...(app.destination.name !== undefined ? { name: app.destination.name } : {}),
            ...(app.destination.namespace !== undefined ? { namespace: app.destination.namespace } : {}),
          },
        }
      : {}),
    ...(app.specChanges && app.specChanges.length > 0
      ? { specChanges: app.specChanges.map((c) => ({ path: c.path, base: c.base, head: c.head })) }
      : {}),
  };
}

function changeJson(c: Change): Change {
  return {
    app: c.app,
    ref: refJson(c.ref),
    ...(c.cluster !== undefined ? { cluster: c.cluster } : {}),
    paths: [...c.paths],
    diff: c.diff,
    ...(c.diffTooLarge !== undefined ? { diffTooLarge: c.diffTooLarge } : {}),
  };
}

function deletionJson(d: Deletion): Deletion {
  // Optional fields are present only when set, so a report without them stays byte-identical.
  return {
    ref: refJson(d.ref),
    app: d.app,
    cause: d.cause,
    ...(d.via ? { via: refJson(d.via) } : {}),
    trigger: d.trigger,
    protected: d.protected,
    ...(d.reason !== undefined ? { reason: d.reason } : {}),
    ...(d.cluster !== undefined ? { cluster: d.cluster } : {}),
    ...(d.recreatedBy !== undefined ? { recreatedBy: d.recreatedBy } : {}),
    ...(d.inferred ? { inferred: true as const } : {}),
  };
}

function findingJson(f: Finding): Finding {
  return {
    rule: f.rule,
    severity: f.severity,
    message: f.message,
    ...(f.app !== undefined ? { app: f.app } : {}),
    refs: f.refs.map(refJson),
    ...(f.remedy !== undefined ? { remedy: f.remedy } : {}),
  };
}
