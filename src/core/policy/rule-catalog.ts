import type { RuleId, Severity } from "../model.js";

export interface RuleInfo {
  rule: RuleId;
  defaultSeverity: Severity;
  /** When the rule fires, in a reviewer's words (INTERFACE.md section 3). */
  when: string;
}

/** Every rule, worst first: this order ranks findings of the same severity (so a
 *  check title names the rule that matters most) and is the legend's order. */
export const RULE_CATALOG: readonly RuleInfo[] = [
  {
    rule: "protected-namespace-delete",
    defaultSeverity: "block",
    when: "a protected Namespace would be deleted, with everything in it",
  },
  {
    rule: "protected-resource-delete",
    defaultSeverity: "block",
    when: "a resource inside a protected namespace would be deleted",
  },
  {
    rule: "crd-delete",
    defaultSeverity: "block",
    when: "a CustomResourceDefinition would be deleted, with all its custom resources",
  },
  { rule: "mass-delete", defaultSeverity: "block", when: "more resources than policy.maxDeletions would be deleted" },
  {
    rule: "duplicate-application",
    defaultSeverity: "block",
    when: "two manifests declare the same Application, so Argo CD keeps one spec and may prune the other's resources",
  },
  {
    rule: "protected-namespace-adopt",
    defaultSeverity: "block",
    when: "an Application starts declaring a protected Namespace, so a later change can prune it",
  },
  {
    rule: "sync-fails",
    defaultSeverity: "block",
    when: "the sync Argo CD would run fails instead of applying the change",
  },
  {
    rule: "render-error",
    defaultSeverity: "block",
    when: "an application renders on base but not on head, so Argo CD stops syncing it",
  },
  { rule: "namespace-delete", defaultSeverity: "warn", when: "a Namespace would be deleted, with everything in it" },
  { rule: "app-delete", defaultSeverity: "warn", when: "an Application would be deleted, and its resources with it" },
  { rule: "data-loss", defaultSeverity: "warn", when: "a PersistentVolumeClaim or PersistentVolume would be deleted" },
  { rule: "shared-resource", defaultSeverity: "warn", when: "two Applications declare the same resource" },
  { rule: "not-analysed", defaultSeverity: "warn", when: "an application the change may affect could not be analysed" },
  // extensions
  {
    rule: "force-replace",
    defaultSeverity: "warn",
    when: "a changed object is synced with Replace=true and Force=true, so Argo CD deletes and re-creates it",
  },
  {
    rule: "stale-manifests",
    defaultSeverity: "warn",
    when: "an app's output changes but its manifest-generate-paths do not match the change, so Argo CD applies it later",
  },
];

/** Default severity of every rule, from the catalog. */
export const DEFAULT_SEVERITY = Object.fromEntries(RULE_CATALOG.map((r) => [r.rule, r.defaultSeverity])) as Record<
  RuleId,
  Severity
>;

/** Position in RULE_CATALOG; a rule we do not know (a newer policy) sorts after all known ones. */
export function ruleRank(rule: string): number {
  const i = RULE_CATALOG.findIndex((r) => r.rule === rule);
  return i < 0 ? RULE_CATALOG.length : i;
}
