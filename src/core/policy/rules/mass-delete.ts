import { defineRule } from "./rule.js";

export const massDelete = defineRule({
  id: "mass-delete",
  defaultSeverity: "block",
  description: "more resources than policy.maxDeletions would be deleted",
  evaluate: ({ facts, config }) => {
    const n = facts.deletions.length;
    if (n <= config.policy.maxDeletions) return [];
    return [
      {
        message: `${n} resources would be deleted, more than the limit of ${config.policy.maxDeletions} (policy.maxDeletions).`,
        refs: [],
      },
    ];
  },
});
