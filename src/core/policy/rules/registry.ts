// Every rule, once. Adding a rule: one file in this folder, one line here.
import { appDelete } from "./app-delete.js";
import { crdDelete } from "./crd-delete.js";
import { dataLoss } from "./data-loss.js";
import { duplicateApplication } from "./duplicate-application.js";
import { forceReplace } from "./force-replace.js";
import { massDelete } from "./mass-delete.js";
import { namespaceDelete } from "./namespace-delete.js";
import { notAnalysed } from "./not-analysed.js";
import { protectedNamespaceAdopt } from "./protected-namespace-adopt.js";
import { protectedNamespaceDelete } from "./protected-namespace-delete.js";
import { protectedResourceDelete } from "./protected-resource-delete.js";
import { renderError } from "./render-error.js";
import { sharedResource } from "./shared-resource.js";
import { staleManifests } from "./stale-manifests.js";
import { syncFails } from "./sync-fails.js";

/** Worst first: this order ranks findings of the same severity (so a check title names the rule
 *  that matters most), and is the order of the report's legend and of the README's table. */
export const RULES = [
  protectedNamespaceDelete,
  protectedResourceDelete,
  crdDelete,
  massDelete,
  duplicateApplication,
  protectedNamespaceAdopt,
  syncFails,
  renderError,
  namespaceDelete,
  appDelete,
  dataLoss,
  sharedResource,
  notAnalysed,
  // extensions (INTERFACE.md allows new rules)
  forceReplace,
  staleManifests,
] as const;

export type RuleId = (typeof RULES)[number]["id"];

/** Every rule id, in registry order (the config schema's enum). */
export const RULE_IDS = RULES.map((r) => r.id) as [RuleId, ...RuleId[]];

/** Position in RULES; a rule we do not know (a newer policy) sorts after all known ones. */
export function ruleRank(rule: string): number {
  const i = RULES.findIndex((r) => r.id === rule);
  return i < 0 ? RULES.length : i;
}
