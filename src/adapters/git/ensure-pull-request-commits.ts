// Makes an existing clone (a CI workspace) hold what the analysis of a pull request reads: the
// base and head commits and, when GitHub has one for exactly these two, its test merge. CI
// checkouts are shallow (actions/checkout fetches one commit), so whatever is missing is fetched,
// with the token as a header only (fetch-pull-request.ts gitRunner). Nothing is checked out: the
// work tree and index stay as they are, and the pull request's content is only read.
import { execa } from "execa";
import { checkedUrl, fetchDeadline, GitFetchError, gitRunner, isFatalFetchError } from "./fetch-pull-request.js";
import { isShallowRepository } from "./is-shallow-repository.js";

export interface EnsurePullRequestCommitsParams {
  repoDir: string;
  /** the base repository's clone URL (a fork's head is fetched from it as refs/pull/N/head) */
  cloneUrl: string;
  token?: string;
  baseSha: string;
  headSha: string;
  prNumber: number;
  /** a commit that may already be the test merge (GITHUB_SHA of a pull_request event) */
  mergeCandidate?: string;
  /** tests serve the repository through a file:// URL */
  allowFileUrls?: boolean;
  /** all of the fetching together, ms (default 120 s) */
  timeoutMs?: number;
  /** a connection bringing less than 1 byte/s for this long is dropped by git (default 60 s) */
  lowSpeedSeconds?: number;
}

export interface PullRequestCommits {
  /** head merged into base by GitHub (refs/pull/N/merge), when it is for these two commits */
  mergeSha?: string;
  /** what had to be fetched, for the log */
  fetched: string[];
}

export async function ensurePullRequestCommits(params: EnsurePullRequestCommitsParams): Promise<PullRequestCommits> {
  const { repoDir, baseSha, headSha } = params;
  if (!(await isGitRepository(repoDir)))
    throw new GitFetchError(`${repoDir} is not a git repository: check the repository out first (actions/checkout)`);
  // A full clone stays full: --depth on a complete history would cut it off at the new commit.
  const depth = (await isShallowRepository(repoDir)) ? ["--depth=1"] : [];
  // One deadline for every fetch below, fallbacks included.
  const deadline = fetchDeadline(params.timeoutMs);
  const fetch = async (...refs: string[]) => {
    // Checked only when something must be fetched: a workspace that has it all needs no URL.
    const url = checkedUrl(params);
    const git = gitRunner({
      repoDir,
      url,
      token: params.token,
      deadline,
      ...(params.lowSpeedSeconds !== undefined ? { lowSpeedSeconds: params.lowSpeedSeconds } : {}),
    });
    await git(["fetch", "--quiet", "--no-tags", ...depth, url.href, ...refs]);
  };
  const fetched: string[] = [];

  const missing = [];
  for (const sha of [baseSha, headSha]) if (!(await hasCommit(repoDir, sha))) missing.push(sha);
  if (missing.length > 0) {
    fetched.push(...missing.map((s) => s.slice(0, 7)));
    await fetch(...missing).catch(async (err: unknown) => {
      if (isFatalFetchError(err)) throw err;
      // A fork's head commit may only be advertised through the base repository's pull ref.
      if (!(await hasCommit(repoDir, baseSha))) await fetch(baseSha);
      if (!(await hasCommit(repoDir, headSha))) await fetch(`refs/pull/${params.prNumber}/head`);
    });
    for (const sha of missing)
      if (!(await hasCommit(repoDir, sha)))
        throw new GitFetchError(`commit ${sha.slice(0, 7)} is not in the repository (fetched from its clone URL)`);
  }

  // Head contains base: head is what merging gives, no test merge needed.
  if ((await gitOut(repoDir, ["merge-base", "--is-ancestor", baseSha, headSha])) !== undefined) return { fetched };
  const isTestMerge = async (sha: string) => sameList(await parentsOf(repoDir, sha), [baseSha, headSha]);
  if (params.mergeCandidate && (await isTestMerge(params.mergeCandidate)))
    return { mergeSha: params.mergeCandidate, fetched };
  // GitHub computes the test merge asynchronously (it may lag a push) and has none for a
  // conflicting pull request: then analyze merges locally, or says why it could not.
  try {
    await fetch(`refs/pull/${params.prNumber}/merge`);
  } catch (err) {
    if (isFatalFetchError(err)) throw err;
    return { fetched };
  }
  const merge = await revParse(repoDir, "FETCH_HEAD");
  if (merge && (await isTestMerge(merge))) {
    fetched.push(`refs/pull/${params.prNumber}/merge`);
    return { mergeSha: merge, fetched };
  }
  return { fetched };
}

async function gitOut(repoDir: string, args: string[]): Promise<string | undefined> {
  const r = await execa("git", ["-C", repoDir, ...args], {
    reject: false,
    extendEnv: false,
    env: { PATH: process.env.PATH ?? "", GIT_CONFIG_NOSYSTEM: "1" },
    stdin: "ignore",
  });
  return r.exitCode === 0 ? r.stdout : undefined;
}

async function isGitRepository(repoDir: string): Promise<boolean> {
  return (await gitOut(repoDir, ["rev-parse", "--git-dir"])) !== undefined;
}

async function hasCommit(repoDir: string, sha: string): Promise<boolean> {
  return (await gitOut(repoDir, ["cat-file", "-e", `${sha}^{commit}`])) !== undefined;
}

async function revParse(repoDir: string, rev: string): Promise<string | undefined> {
  return (await gitOut(repoDir, ["rev-parse", "--verify", "--quiet", `${rev}^{commit}`]))?.trim() || undefined;
}

/** The parents a commit object names, read from the object itself: a shallow clone's boundary
 *  commits have their parents grafted away, so `rev-list --parents` would list none. */
async function parentsOf(repoDir: string, sha: string): Promise<string[] | undefined> {
  const raw = await gitOut(repoDir, ["cat-file", "commit", sha]);
  if (raw === undefined) return undefined;
  const header = raw.split("\n\n", 1)[0] ?? "";
  return header
    .split("\n")
    .filter((l) => l.startsWith("parent "))
    .map((l) => l.slice("parent ".length).trim());
}

function sameList(a: string[] | undefined, b: string[]): boolean {
  return a !== undefined && a.length === b.length && a.every((x, i) => x === b[i]);
}
