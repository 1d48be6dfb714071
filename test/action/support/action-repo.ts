// A real GitHub-like origin for Action tests: main (base), a pull request branch (head), and the
// refs GitHub keeps for it (refs/pull/N/head, and refs/pull/N/merge, its test merge), served
// through file://; plus workspaces checked out the way actions/checkout does it.
import { execa } from "execa";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { Files } from "../../scenario/scenario-repo.js";

const ENV = {
  PATH: process.env.PATH ?? "",
  GIT_AUTHOR_NAME: "t",
  GIT_AUTHOR_EMAIL: "t@example.com",
  GIT_COMMITTER_NAME: "t",
  GIT_COMMITTER_EMAIL: "t@example.com",
  GIT_AUTHOR_DATE: "2026-01-01T00:00:00Z",
  GIT_COMMITTER_DATE: "2026-01-01T00:00:00Z",
  GIT_CONFIG_NOSYSTEM: "1",
  HOME: tmpdir(),
};

export async function git(dir: string, ...args: string[]): Promise<string> {
  const r = await execa("git", ["-C", dir, "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", ...args], {
    env: ENV,
    extendEnv: false,
  });
  return r.stdout.trim();
}

async function writeFiles(dir: string, files: Files): Promise<void> {
  for (const [path, text] of Object.entries(files)) {
    const abs = join(dir, path);
    if (text === null) await rm(abs, { force: true, recursive: true });
    else {
      await mkdir(dirname(abs), { recursive: true });
      await writeFile(abs, text);
    }
  }
}

export interface Origin {
  root: string;
  url: string;
  baseSha: string;
  headSha: string;
  mergeSha: string;
  prNumber: number;
  cleanup(): Promise<void>;
}

/** `baseLater`: files main gains after the branch was cut (head then does not contain base). */
export async function makeOrigin(params: { base: Files; head: Files; baseLater?: Files }): Promise<Origin> {
  const root = await mkdtemp(join(tmpdir(), "action-origin-"));
  const dir = join(root, "origin");
  await mkdir(dir);
  await git(dir, "init", "-q");
  await writeFiles(dir, params.base);
  await git(dir, "add", "-A");
  await git(dir, "commit", "-q", "--allow-empty", "-m", "base");
  await git(dir, "checkout", "-q", "-b", "changes");
  await writeFiles(dir, params.head);
  await git(dir, "add", "-A");
  await git(dir, "commit", "-q", "--allow-empty", "-m", "head");
  const headSha = await git(dir, "rev-parse", "HEAD");
  await git(dir, "checkout", "-q", "main");
  if (params.baseLater) {
    await writeFiles(dir, params.baseLater);
    await git(dir, "add", "-A");
    await git(dir, "commit", "-q", "-m", "base moves on");
  }
  const baseSha = await git(dir, "rev-parse", "HEAD");
  // GitHub's test merge: head merged into base, with exactly these two parents.
  await git(dir, "checkout", "-q", "--detach", baseSha);
  await git(dir, "merge", "-q", "--no-ff", "--no-edit", headSha);
  const mergeSha = await git(dir, "rev-parse", "HEAD");
  await git(dir, "checkout", "-q", "main");
  const prNumber = 2;
  await git(dir, "update-ref", `refs/pull/${prNumber}/head`, headSha);
  await git(dir, "update-ref", `refs/pull/${prNumber}/merge`, mergeSha);
  await git(dir, "branch", "-q", "-D", "changes");
  return {
    root,
    url: `file://${dir}`,
    baseSha,
    headSha,
    mergeSha,
    prNumber,
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
}

/** A workspace as actions/checkout leaves it: one commit, fetched with --depth=1, detached. */
export async function shallowCheckout(origin: Origin, sha: string): Promise<string> {
  const ws = await mkdtemp(join(origin.root, "workspace-"));
  await git(ws, "init", "-q");
  await git(ws, "remote", "add", "origin", origin.url);
  await git(ws, "fetch", "-q", "--no-tags", "--depth=1", "origin", sha);
  await git(ws, "checkout", "-q", "--detach", sha);
  return ws;
}
