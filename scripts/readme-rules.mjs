#!/usr/bin/env node
// Rewrites the rules table of README.md from the rule registry (after `npm run build`).
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const { withRulesTable } = await import(join(root, "dist/dev/docs/readme-rules.js"));
const file = join(root, "README.md");
const before = readFileSync(file, "utf8");
const after = withRulesTable(before);
if (after !== before) writeFileSync(file, after);
process.stdout.write(
  after === before ? "README.md: rules table already up to date\n" : "README.md: rules table rewritten\n",
);
