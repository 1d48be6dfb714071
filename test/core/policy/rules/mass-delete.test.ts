import { describe, expect, it } from "@jest/globals";
import { app, cm, config, side } from "../../support/side-fixture.js";
import { summaries, type RuleCase } from "./support/findings-of.js";

const tenant = app({ name: "tenant" });
const cms = (n: number): string => Array.from({ length: n }, (_, i) => cm(`cm-${i}`)).join("");
const pruning = (n: number, maxDeletions: number): RuleCase => ({
  base: side({ apps: [{ app: tenant, manifests: cms(n) + cm("keep") }] }),
  head: side({ apps: [{ app: tenant, manifests: cm("keep") }] }),
  config: config({ policy: { maxDeletions } }),
});
// INTERFACE.md section 3: more deletions than policy.maxDeletions (default 25) block.
const cases: { fact: string; c: RuleCase; expected: string[] }[] = [
  {
    fact: "more deletions than the limit block",
    c: pruning(4, 3),
    expected: ["block: 4 resources would be deleted, more than the limit of 3 (policy.maxDeletions)."],
  },
  { fact: "as many as the limit is fine", c: pruning(3, 3), expected: [] },
  {
    fact: "the default limit is 25",
    c: { ...pruning(26, 0), config: config() },
    expected: ["block: 26 resources would be deleted, more than the limit of 25 (policy.maxDeletions)."],
  },
];

describe("mass-delete", () => {
  it.each(cases)("$fact", ({ c, expected }) => {
    expect(summaries("mass-delete", c)).toEqual(expected);
  });
});
