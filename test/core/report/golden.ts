// Golden files: compared byte for byte, rewritten only on purpose (UPDATE_GOLDEN=1), then reviewed as a diff.
import { expect } from "@jest/globals";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const GOLDEN_DIR = join(dirname(fileURLToPath(import.meta.url)), "__golden__");

export function expectGolden(name: string, actual: string): void {
  const file = join(GOLDEN_DIR, name);
  if (process.env.UPDATE_GOLDEN === "1") {
    mkdirSync(GOLDEN_DIR, { recursive: true });
    writeFileSync(file, actual);
  }
  if (!existsSync(file)) throw new Error(`golden file ${name} is missing: run with UPDATE_GOLDEN=1 and review it`);
  expect(actual).toBe(readFileSync(file, "utf8"));
}

/** Structural checks that hold for any markdown we emit, however it was cut:
 *  fences close, and <details>/<summary> tags outside code balance in order. */
export function markdownProblems(md: string): string[] {
  const problems: string[] = [];
  let fence = 0; // backtick count of the open fence, 0 outside code
  let depth = 0;
  let summaries = 0;
  for (const line of md.split("\n")) {
    const m = /^\s*(`{3,})(.*)$/.exec(line);
    if (fence === 0 && m) {
      fence = m[1]!.length;
      continue;
    }
    if (fence > 0) {
      if (m && m[1]!.length >= fence && m[2]!.trim() === "") fence = 0;
      continue;
    }
    const text = line.replace(/(`+)[^`]*?\1/g, ""); // code spans are literal
    for (const tag of text.matchAll(/<\/?(details|summary)>/g)) {
      const delta = tag[0].startsWith("</") ? -1 : 1;
      if (tag[1] === "summary") summaries += delta;
      else depth += delta;
      if (depth < 0) problems.push("</details> before its <details>");
    }
  }
  if (fence > 0) problems.push("unclosed code fence");
  if (depth !== 0) problems.push(`${depth} unclosed <details>`);
  if (summaries !== 0) problems.push("unbalanced <summary>");
  return problems;
}
