// src/core is pure (STYLE.md): a guard so that a later edit to the report faces
// cannot quietly reach for the file system, the environment, the clock or a logger.
import { describe, expect, it } from "@jest/globals";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const REPORT_DIR = join(dirname(fileURLToPath(import.meta.url)), "../../src/core/report");
const FORBIDDEN = [/from "node:/, /from "fs"/, /child_process/, /process\.env/, /Date\.now/, /new Date\(/, /console\./, /Math\.random/];

describe("src/core/report is pure", () => {
  const files = readdirSync(REPORT_DIR).filter((f) => f.endsWith(".ts"));
  it.each(files)("%s", (file) => {
    const source = readFileSync(join(REPORT_DIR, file), "utf8");
    for (const pattern of FORBIDDEN) expect({ file, found: pattern.test(source) ? String(pattern) : null }).toEqual({ file, found: null });
    expect(source).not.toMatch(/^export default/m);
  });
});
