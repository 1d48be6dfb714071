// What a rule is: an id, a default severity, one line saying when it fires, and its evaluation.
// Every rule lives in its own file next to this one and is listed once in registry.ts.
import type { Config } from "../../../config/config.js";
import type { DeletionFacts } from "../../deletions/compute-deletions.js";
import type { Finding, Severity } from "../../model.js";
import type { SideState } from "../../side-state.js";

/** Everything a rule may look at. */
export interface FindingInputs {
  base: SideState;
  head: SideState;
  facts: DeletionFacts;
  config: Config;
  /** repository files that differ between base and head (for manifest-generate-paths). A rule
   *  reading it must keep selfComparedDirs (core/diff/inputs-changed) true: a report of a side
   *  against itself is kept and reused for other changed files (build-sides keptSelfReport). */
  changedFiles?: string[];
}

/** A finding before the configured severity is applied; `severity` overrides the rule's default. */
export type RuleDraft = Omit<Finding, "rule" | "severity"> & { severity?: Severity };

export interface Rule<Id extends string = string> {
  /** Stable: users name it in `policy.rules` (INTERFACE.md section 3). */
  id: Id;
  defaultSeverity: Severity;
  /** When the rule fires, in a reviewer's words: the report's legend and the README's table. */
  description: string;
  evaluate(inputs: FindingInputs): RuleDraft[];
}

/** Keeps the literal id in the type, so that RuleId derives from the registry. */
export function defineRule<const Id extends string>(rule: Rule<Id>): Rule<Id> {
  return rule;
}
