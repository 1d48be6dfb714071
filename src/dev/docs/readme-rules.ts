// The README's rules table, generated from the rule registry so that the two cannot drift:
// `npm run readme:rules` rewrites it, and a test fails when the README differs.
import { RULES } from "../../core/policy/rules/registry.js";

export const RULES_TABLE_BEGIN =
  "<!-- rules table: generated from src/core/policy/rules/registry.ts by `npm run readme:rules` -->";
export const RULES_TABLE_END = "<!-- end of rules table -->";

/** One row per rule, in registry order (worst first). */
export function rulesTable(): string {
  const rows = RULES.map((r) => `| \`${r.id}\` | ${r.defaultSeverity} | ${r.description.replaceAll("|", "\\|")} |`);
  return ["| rule | default | when |", "|---|---|---|", ...rows].join("\n");
}

/** The README with the text between the two markers replaced by the current table. */
export function withRulesTable(readme: string): string {
  const begin = readme.indexOf(RULES_TABLE_BEGIN);
  const end = readme.indexOf(RULES_TABLE_END);
  if (begin < 0 || end < begin) throw new Error(`README.md has no ${RULES_TABLE_BEGIN} … ${RULES_TABLE_END} block`);
  // Blank lines around the table: markdown starts a table only as a block of its own.
  return `${readme.slice(0, begin + RULES_TABLE_BEGIN.length)}\n\n${rulesTable()}\n\n${readme.slice(end)}`;
}
