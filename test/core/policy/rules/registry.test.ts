import { describe, expect, it } from "@jest/globals";
import { existsSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { RULE_IDS, RULES, ruleRank } from "../../../../src/core/policy/rules/registry.js";

const here = dirname(fileURLToPath(import.meta.url));
const RULES_DIR = join(here, "../../../../src/core/policy/rules");

describe("the rule registry", () => {
  // The contract (INTERFACE.md section 3, "ids are stable"): users name these in policy.rules.
  it.each([
    ["protected-namespace-delete", "block"],
    ["protected-resource-delete", "block"],
    ["protected-namespace-adopt", "block"],
    ["namespace-delete", "warn"],
    ["crd-delete", "block"],
    ["app-delete", "warn"],
    ["mass-delete", "block"],
    ["shared-resource", "warn"],
    ["render-error", "block"],
    ["data-loss", "warn"],
    ["duplicate-application", "block"],
    ["sync-fails", "block"],
    ["not-analysed", "warn"],
  ])("keeps INTERFACE.md's %s with default %s", (id, severity) => {
    expect(RULES.find((r) => r.id === id)?.defaultSeverity).toBe(severity);
  });

  it("lists each id once, in RULE_IDS too", () => {
    expect(new Set(RULES.map((r) => r.id)).size).toBe(RULES.length);
    expect(RULE_IDS).toEqual(RULES.map((r) => r.id));
  });

  it("ranks by registry order, and an unknown rule last", () => {
    expect(RULES.map((r) => ruleRank(r.id))).toEqual(RULES.map((_, i) => i));
    expect(ruleRank("from-a-newer-policy")).toBe(RULES.length);
  });

  it("registers every rule defined in policy/rules, and each has its own test file", async () => {
    const defined: string[] = [];
    for (const file of readdirSync(RULES_DIR).filter((f) => f.endsWith(".ts"))) {
      const mod = (await import(pathToFileURL(join(RULES_DIR, file)).href)) as Record<string, unknown>;
      for (const value of Object.values(mod)) {
        if (typeof value === "object" && value !== null && "id" in value && "evaluate" in value) {
          defined.push(String(value.id));
        }
      }
    }
    expect(defined.sort()).toEqual(RULES.map((r) => r.id).sort());
    const untested = RULES.map((r) => r.id).filter((id) => !existsSync(join(here, `${id}.test.ts`)));
    expect(untested).toEqual([]);
  });

  it("describes every rule in one line", () => {
    for (const r of RULES) expect(r.description).toMatch(/^[a-z][^\n|]*[^.]$/);
  });
});
