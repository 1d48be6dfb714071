import { describe, expect, it } from "@jest/globals";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { RULES } from "../../../src/core/policy/rules/registry.js";
import { rulesTable, withRulesTable } from "../../../src/dev/docs/readme-rules.js";

const README = join(dirname(fileURLToPath(import.meta.url)), "../../../README.md");

describe("the README's rules table", () => {
  it("is the registry's (run `npm run readme:rules` after changing a rule)", () => {
    const readme = readFileSync(README, "utf8");
    expect(withRulesTable(readme)).toBe(readme);
  });

  it("has one row per rule, worst first", () => {
    const rows = rulesTable().split("\n").slice(2);
    expect(rows.map((row) => /^\| `([^`]+)` \| (\w+) \|/.exec(row)?.slice(1, 3))).toEqual(
      RULES.map((r) => [r.id, r.defaultSeverity]),
    );
  });

  it("refuses a README without the markers rather than losing text", () => {
    expect(() => withRulesTable("# no table here\n")).toThrow(/no <!-- rules table/);
  });
});
