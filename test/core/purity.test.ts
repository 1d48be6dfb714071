// src/core is pure (STYLE.md): data in, data out. A guard so that a later edit cannot quietly
// reach for the file system, a process, the network, the environment, the clock, randomness or a logger.
import { describe, expect, it } from "@jest/globals";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const CORE_DIR = join(dirname(fileURLToPath(import.meta.url)), "../../src/core");
// Pure node modules are allowed: path arithmetic (posix) and hashing.
const FORBIDDEN = [
  /from "node:(?!path"|path\/posix"|crypto")/,
  /from "(fs|fs\/promises|path|os|child_process|http|https|net|dns)"/,
  /from "(execa|simple-git|probot|bullmq|ioredis)"/,
  /from "@octokit\//,
  /child_process/,
  /process\.(env|cwd|exit|stdout|stderr|argv|platform|pid|on)\b/,
  /Date\.now/,
  /new Date\(\)/,
  /console\./,
  /Math\.random/,
  /\bfetch\(/,
  /\brequire\(/,
];

const walk = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : path.endsWith(".ts") ? [path] : [];
  });

describe("src/core is pure", () => {
  const files = walk(CORE_DIR).map((f) => relative(CORE_DIR, f));
  it("finds the core's files", () => expect(files.length).toBeGreaterThan(50));
  it.each(files)("%s", (file) => {
    const source = readFileSync(join(CORE_DIR, file), "utf8");
    const found = FORBIDDEN.filter((pattern) => pattern.test(source)).map(String);
    expect({ file, found }).toEqual({ file, found: [] });
    expect(source).not.toMatch(/^export default/m);
  });
});
