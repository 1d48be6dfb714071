#!/usr/bin/env node
// Runs `blast-radius analyze` on the bundled incident example: builds it into a real git
// repository in a temporary directory and analyses each of its pull requests.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const { buildExampleRepo } = await import(join(root, "dist/dev/examples/build-example-repo.js"));
const name = process.argv[2] ?? "incident";
const repo = mkdtempSync(join(tmpdir(), `blast-radius-example-${name}-`));
try {
  // Each pull request is analysed while open, then merged into main before the next one.
  await buildExampleRepo({
    exampleDir: join(root, "examples", name),
    targetDir: repo,
    onPullRequest: async (pr) => {
      process.stdout.write(`\n===== ${pr.name}: blast-radius analyze --base ${pr.base} --head ${pr.head} =====\n\n`);
      const r = spawnSync(
        process.execPath,
        [join(root, "dist/cli/main.js"), "analyze", "--repo", repo, "--base", pr.base, "--head", pr.head],
        { stdio: "inherit" },
      );
      process.stdout.write(
        `\n(exit status ${r.status}: ${r.status === 1 ? "the merge would be blocked" : r.status === 0 ? "pass" : "analysis failed"}; merged anyway, as the team did)\n`,
      );
    },
  });
} finally {
  rmSync(repo, { recursive: true, force: true });
}
