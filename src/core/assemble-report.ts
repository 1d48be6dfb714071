// From the two sides to the report: deletions, findings, per-app changes, verdict. Pure.
import type { Config } from "../config/config.js";
import type { Finding, Kept, Report } from "./model.js";
import { refKey } from "./refs.js";
import type { SideState } from "./side-state.js";
import { computeDeletions, type DeletionFacts } from "./deletions/compute-deletions.js";
import { computeFindings } from "./policy/compute-findings.js";
import { pairApps } from "./diff/pair-apps.js";
import { computeChanges } from "./diff/compute-changes.js";
import { sortReport } from "./report/sort-report.js";
import { verdictOf } from "./report/verdict-of.js";
import { scrubSides } from "./secrets/scrub-sides.js";
import type { SecretDigester } from "./secrets/mask-secrets.js";

export function assembleReport(params: {
  base: SideState;
  head: SideState;
  config: Config;
  /** computeDeletions of these sides, when the caller has it already */
  facts?: DeletionFacts;
  revs: { base: Report["base"]; head: Report["head"] };
  /** repository files that differ between the two sides */
  changedFiles?: string[];
  /** findings from outside the comparison (e.g. head could not be merged) */
  extraFindings?: Finding[];
  /** the key the renders' Secret values were masked with: scrubs them from every message */
  secretDigester?: SecretDigester;
}): Report {
  const { config } = params;
  // Secret values out of every message first: everything below may quote a render error.
  // Deletion facts quote no message, so facts the caller computed from the unscrubbed sides hold.
  const { base, head } = scrubSides(params.base, params.head, params.secretDigester);
  const facts = params.facts ?? computeDeletions({ base, head, config });
  const findings = [
    ...computeFindings({
      base,
      head,
      facts,
      config,
      ...(params.changedFiles ? { changedFiles: params.changedFiles } : {}),
    }),
    ...(params.extraFindings ?? []),
    ...incompleteFindings(base, head),
  ];
  const deleted = new Set(facts.deletions.map((d) => refKey(d.ref)));
  const kept = new Map<string, Kept>();
  for (const k of facts.kept) {
    const id = `${k.app}|${refKey(k.ref)}`;
    // what is deleted by another mechanism is not "kept"; of several reasons, the first phase of
    // computeDeletions that keeps it gives it (its order over apps is the sides' fixed order)
    if (!deleted.has(refKey(k.ref)) && !kept.has(id)) kept.set(id, { ref: k.ref, app: k.app, reason: k.why });
  }
  // Diffs last, once deletions and findings are known: only modified resources are diffed.
  const changes = computeChanges({ base, head, config });
  return sortReport({
    schemaVersion: 1,
    base: params.revs.base,
    head: params.revs.head,
    verdict: verdictOf(findings),
    applications: pairApps({ base, head, ...(params.changedFiles ? { changedFiles: params.changedFiles } : {}) }),
    deletions: facts.deletions,
    findings,
    ...(kept.size > 0 ? { kept: [...kept.values()] } : {}),
    ...(changes.length > 0 ? { changes } : {}),
  });
}

/** A side cut short is a blocking fact about this analysis, not a rule a configuration may turn
 *  off or down: what was not rendered may delete anything, so the rest must not read as a pass. */
function incompleteFindings(base: SideState, head: SideState): Finding[] {
  return [base, head].flatMap((s, i) =>
    s.incomplete === undefined
      ? []
      : [
          {
            rule: "not-analysed" as const,
            severity: "block" as const,
            message: `The analysis of ${i === 0 ? "base" : "head"} is incomplete: ${s.incomplete}. What was not rendered may delete anything.`,
            refs: [],
          },
        ],
  );
}
