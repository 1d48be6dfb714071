// From the two sides to the report: deletions, findings, per-app changes, verdict. Pure.
import type { Config } from "../config/config.js";
import type { Finding, Report } from "./model.js";
import type { SideState } from "./side-state.js";
import { computeDeletions } from "./deletions/compute-deletions.js";
import { computeFindings } from "./policy/compute-findings.js";
import { pairApps } from "./diff/pair-apps.js";
import { sortReport } from "./report/sort-report.js";
import { verdictOf } from "./report/verdict-of.js";

export function assembleReport(params: {
  base: SideState;
  head: SideState;
  config: Config;
  revs: { base: Report["base"]; head: Report["head"] };
  /** repository files that differ between the two sides */
  changedFiles?: string[];
  /** findings from outside the comparison (e.g. head could not be merged) */
  extraFindings?: Finding[];
}): Report {
  const { base, head, config } = params;
  const facts = computeDeletions({ base, head, config });
  const findings = [...computeFindings({ base, head, facts, config, ...(params.changedFiles ? { changedFiles: params.changedFiles } : {}) }), ...(params.extraFindings ?? [])];
  return sortReport({
    schemaVersion: 1,
    base: params.revs.base,
    head: params.revs.head,
    verdict: verdictOf(findings),
    applications: pairApps({ base, head }),
    deletions: facts.deletions,
    findings,
  });
}
