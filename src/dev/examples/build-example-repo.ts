// Builds a bundled example (examples/<name>/repo plus pr-* overlays) into a real git repository:
// `main` holds repo/; each pull request is a branch off `main`, shown to `onPullRequest` while
// open, then merged (fast-forward) before the next one, as the team did. An overlay file named
// `<path>.delete` removes <path>.
import { execa } from "execa";
import { cp, readdir, rm } from "node:fs/promises";
import { join } from "node:path";

export interface ExamplePullRequest {
  name: string;
  base: string;
  head: string;
}

const FIXED_ENV = {
  GIT_AUTHOR_NAME: "example",
  GIT_AUTHOR_EMAIL: "example@example.com",
  GIT_COMMITTER_NAME: "example",
  GIT_COMMITTER_EMAIL: "example@example.com",
  GIT_AUTHOR_DATE: "2026-01-01T00:00:00Z",
  GIT_COMMITTER_DATE: "2026-01-01T00:00:00Z",
  GIT_CONFIG_NOSYSTEM: "1",
};

async function git(dir: string, args: string[]): Promise<void> {
  await execa("git", ["-C", dir, "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", ...args], { env: FIXED_ENV });
}

export async function buildExampleRepo(params: {
  exampleDir: string;
  targetDir: string;
  onPullRequest?: (pr: ExamplePullRequest) => Promise<void>;
}): Promise<ExamplePullRequest[]> {
  const { exampleDir, targetDir } = params;
  await git(targetDir, ["init", "-q"]);
  await cp(join(exampleDir, "repo"), targetDir, { recursive: true });
  await git(targetDir, ["add", "-A"]);
  await git(targetDir, ["commit", "-q", "-m", "main"]);
  const overlays = (await readdir(exampleDir, { withFileTypes: true }))
    .filter((e) => e.isDirectory() && e.name.startsWith("pr-"))
    .map((e) => e.name)
    .sort();
  const prs: ExamplePullRequest[] = [];
  for (const name of overlays) {
    await git(targetDir, ["checkout", "-q", "-b", name, "main"]);
    await applyOverlay(join(exampleDir, name), targetDir);
    await git(targetDir, ["add", "-A"]);
    await git(targetDir, ["commit", "-q", "-m", name]);
    await git(targetDir, ["checkout", "-q", "main"]);
    const pr = { name, base: "main", head: name };
    prs.push(pr);
    await params.onPullRequest?.(pr);
    await git(targetDir, ["merge", "-q", "--ff-only", name]);
  }
  return prs;
}

async function applyOverlay(from: string, to: string): Promise<void> {
  const entries = await readdir(from, { withFileTypes: true, recursive: true });
  for (const e of entries) {
    if (!e.isFile()) continue;
    const rel = join(e.parentPath, e.name).slice(from.length + 1);
    if (rel.endsWith(".delete")) await rm(join(to, rel.slice(0, -".delete".length)), { recursive: true, force: true });
    else await cp(join(from, rel), join(to, rel));
  }
}
