// Runs the whole policy (deletions, then every registered rule) and keeps one rule's findings,
// so that a rule missing from the registry fails its own tests.
import type { Config } from "../../../../../src/config/config.js";
import { computeDeletions } from "../../../../../src/core/deletions/compute-deletions.js";
import type { Finding } from "../../../../../src/core/model.js";
import { computeFindings } from "../../../../../src/core/policy/compute-findings.js";
import type { RuleId } from "../../../../../src/core/policy/rules/registry.js";
import type { SideState } from "../../../../../src/core/side-state.js";
import { config as defaultConfig } from "../../../support/side-fixture.js";

export interface RuleCase {
  base: SideState;
  head: SideState;
  config?: Config;
  changedFiles?: string[];
}

export function findingsOf(rule: RuleId, c: RuleCase): Finding[] {
  const cfg = c.config ?? defaultConfig();
  const facts = computeDeletions({ base: c.base, head: c.head, config: cfg });
  return computeFindings({
    base: c.base,
    head: c.head,
    facts,
    config: cfg,
    ...(c.changedFiles ? { changedFiles: c.changedFiles } : {}),
  }).filter((f) => f.rule === rule);
}

/** "severity: message", the shape most cases compare. */
export function summaries(rule: RuleId, c: RuleCase): string[] {
  return findingsOf(rule, c).map((f) => `${f.severity}: ${f.message}`);
}
