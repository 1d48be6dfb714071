// Tests that run the built app need dist/ to be the build of src/ as it is now: rebuilt when any
// source file is newer than dist/app/main.js (CI builds it in `npm ci`, so this is for work trees).
import { execa } from "execa";
import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { APP_MAIN } from "../../../src/dev/harness/app-process.js";

const ROOT = fileURLToPath(new URL("../../..", import.meta.url));

async function newestSource(dir: string): Promise<number> {
  let newest = 0;
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, await newestSource(p));
    else if (e.name.endsWith(".ts")) newest = Math.max(newest, (await stat(p)).mtimeMs);
  }
  return newest;
}

export async function ensureBuilt(): Promise<void> {
  const built = await stat(APP_MAIN).then(
    (s) => s.mtimeMs,
    () => 0,
  );
  if (built >= (await newestSource(join(ROOT, "src")))) return;
  await execa("npm", ["run", "-s", "build"], { cwd: ROOT });
}
