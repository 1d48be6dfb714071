// Brings the two commits of a pull request onto this machine, into a fresh
// repository, without ever writing the installation token to argv, to the
// repository's config, or into an error message.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";

export interface PullRequestCheckout {
  /** A repository holding both commits (shallow), with an empty work tree: nothing is checked out. */
  repoDir: string;
  /** GitHub's test merge of head into base (refs/pull/N/merge), when it is current. */
  mergeSha?: string;
  /** Removes the repository; safe to call twice. */
  cleanup(): Promise<void>;
}

export interface FetchPullRequestParams {
  /** `repository.clone_url` of the BASE repository (fork heads are fetched from it too). */
  cloneUrl: string;
  baseSha: string;
  headSha: string;
  /** A fork's head is reachable in the base repository only as refs/pull/N/head. */
  prNumber: number;
  /** Installation token; absent for anonymous and file:// fetches. */
  token?: string;
  /** Accept file:// URLs (tests serve a local repository this way). */
  allowFileUrls?: boolean;
  /** Parent directory for the temporary repository (default: the OS temp dir). */
  workRoot?: string;
  /** all of the fetching together, ms (default 120 s) */
  timeoutMs?: number;
  /** a connection bringing less than 1 byte/s for this long is dropped by git (default 60 s) */
  lowSpeedSeconds?: number;
  /** aborting it kills the git command in flight (the app drains, a newer push supersedes the run) */
  signal?: AbortSignal;
}

export class GitFetchError extends Error {
  override name = "GitFetchError";
  /** the deadline passed or the server stalled: no fallback fetch may follow */
  constructor(
    message: string,
    readonly fatal = false,
  ) {
    super(message);
  }
}

/** A server that hangs must fail the check in minutes, not keep it in progress. */
export const DEFAULT_GIT_TIMEOUT_MS = 2 * 60 * 1000;
export const DEFAULT_LOW_SPEED_SECONDS = 60;

/** When the fetching as a whole must be over, for every git command of one checkout. */
export interface FetchDeadline {
  at: number;
  totalMs: number;
}

export function fetchDeadline(timeoutMs: number | undefined): FetchDeadline {
  const totalMs = timeoutMs ?? DEFAULT_GIT_TIMEOUT_MS;
  return { at: Date.now() + totalMs, totalMs };
}

export function isFatalFetchError(err: unknown): boolean {
  return err instanceof GitFetchError && err.fatal;
}

export async function fetchPullRequest(params: FetchPullRequestParams): Promise<PullRequestCheckout> {
  const url = checkedUrl(params);
  const repoDir = await mkdtemp(join(params.workRoot ?? tmpdir(), "blast-radius-"));
  const cleanup = () => rm(repoDir, { recursive: true, force: true });
  const git = gitRunner({
    repoDir,
    url,
    token: params.token,
    deadline: fetchDeadline(params.timeoutMs),
    ...(params.lowSpeedSeconds !== undefined ? { lowSpeedSeconds: params.lowSpeedSeconds } : {}),
    signal: params.signal,
  });
  try {
    // Not --bare: readers that materialise trees with `git checkout-index` need a
    // repository with a work tree, even an empty one that nothing is checked out into.
    await git(["init", "--quiet", repoDir]);
    try {
      await git(["fetch", "--quiet", "--no-tags", "--depth=1", url.href, params.baseSha, params.headSha]);
    } catch (err) {
      if (isFatalFetchError(err)) throw err;
      // A fork's head commit may only be advertised through the base repository's pull ref.
      await git(["fetch", "--quiet", "--no-tags", "--depth=1", url.href, params.baseSha]);
      await git(["fetch", "--quiet", "--no-tags", "--depth=1", url.href, `refs/pull/${params.prNumber}/head`]);
    }
    for (const sha of [params.baseSha, params.headSha]) {
      await git(["cat-file", "-e", `${sha}^{commit}`]).catch(() => {
        throw new GitFetchError(`commit ${sha.slice(0, 7)} is not in ${redactedUrl(url)}`);
      });
    }
    const mergeSha = await fetchTestMerge({
      git,
      url,
      repoDir,
      prNumber: params.prNumber,
      baseSha: params.baseSha,
      headSha: params.headSha,
    });
    return { repoDir, cleanup, ...(mergeSha ? { mergeSha } : {}) };
  } catch (err) {
    await cleanup();
    throw err;
  }
}

/**
 * What would be deployed is head merged into base. Shallow clones hold no merge base, so take
 * the merge GitHub already computed, if it is for exactly these two commits (it is computed
 * asynchronously and may lag a push, or be absent when the pull request conflicts).
 */
async function fetchTestMerge(params: {
  git: (args: string[]) => Promise<void>;
  url: URL;
  prNumber: number;
  baseSha: string;
  headSha: string;
  repoDir: string;
}): Promise<string | undefined> {
  try {
    await params.git([
      "fetch",
      "--quiet",
      "--no-tags",
      "--depth=2",
      params.url.href,
      `refs/pull/${params.prNumber}/merge`,
    ]);
  } catch (err) {
    // No test merge is an answer (analyze merges locally); a stalled server or the deadline is a failure.
    if (isFatalFetchError(err)) throw err;
    return undefined;
  }
  const r = await execa("git", ["-C", params.repoDir, "rev-list", "--parents", "-n", "1", "FETCH_HEAD"], {
    reject: false,
    extendEnv: false,
    env: { PATH: process.env.PATH ?? "" },
  });
  const [sha, ...parents] = r.stdout.trim().split(" ");
  if (r.exitCode !== 0 || !sha) return undefined;
  return parents.length === 2 && parents[0] === params.baseSha && parents[1] === params.headSha ? sha : undefined;
}

export function checkedUrl(params: Pick<FetchPullRequestParams, "cloneUrl" | "allowFileUrls">): URL {
  let url: URL;
  try {
    url = new URL(params.cloneUrl);
  } catch {
    throw new GitFetchError("the repository clone URL is not a URL");
  }
  const allowed = ["https:", "http:", ...(params.allowFileUrls ? ["file:"] : [])];
  if (!allowed.includes(url.protocol)) {
    throw new GitFetchError(`clone URL scheme ${url.protocol} is not allowed`);
  }
  if (url.username || url.password) throw new GitFetchError("the clone URL must not carry credentials");
  return url;
}

/**
 * Runs git in the repository. The token travels as an `http.<origin>/.extraheader`
 * set through GIT_CONFIG_* variables of the child process only: argv (visible
 * in `ps` and in execa's error text) and the repository config never see it,
 * and the header is scoped to the clone URL's origin so a redirect elsewhere
 * does not receive it. Every command ends by the shared deadline, and git itself drops a
 * connection that stalls (http.lowSpeedLimit / lowSpeedTime).
 */
export function gitRunner(params: {
  repoDir: string;
  url: URL;
  token?: string;
  deadline: FetchDeadline;
  lowSpeedSeconds?: number;
  signal?: AbortSignal;
}) {
  const secrets = params.token ? [params.token, basicAuth(params.token)] : [];
  const env: Record<string, string> = {
    ...inheritedEnv(),
    GIT_TERMINAL_PROMPT: "0",
    GIT_ASKPASS: "",
    GIT_CONFIG_NOSYSTEM: "1",
  };
  if (params.token && params.url.protocol !== "file:") {
    // The empty value first resets headers a repository's own config sets for the same origin
    // (actions/checkout persists one): git would send both, and GitHub refuses two.
    env.GIT_CONFIG_COUNT = "2";
    env.GIT_CONFIG_KEY_0 = `http.${params.url.origin}/.extraheader`;
    env.GIT_CONFIG_VALUE_0 = "";
    env.GIT_CONFIG_KEY_1 = `http.${params.url.origin}/.extraheader`;
    env.GIT_CONFIG_VALUE_1 = `AUTHORIZATION: basic ${basicAuth(params.token)}`;
  }
  const lowSpeedSeconds = params.lowSpeedSeconds ?? DEFAULT_LOW_SPEED_SECONDS;
  const lowSpeed = ["-c", "http.lowSpeedLimit=1", "-c", `http.lowSpeedTime=${lowSpeedSeconds}`];
  const what = `fetching ${repositoryName(params.url)}`;
  const timedOut = () => new GitFetchError(`${what} timed out after ${seconds(params.deadline.totalMs)} s`, true);
  const interrupted = () => new GitFetchError(`${what} was interrupted`, true);
  return async (args: string[]): Promise<void> => {
    if (params.signal?.aborted) throw interrupted();
    const remainingMs = params.deadline.at - Date.now();
    if (remainingMs <= 0) throw timedOut();
    // Its own process group, killed as a whole at the deadline: killing git alone leaves its
    // git-remote-http child blocked on the stalled socket, holding the pipes open.
    const sub = execa("git", [...lowSpeed, "-C", params.repoDir, ...args], {
      env,
      extendEnv: false,
      reject: false,
      stdin: "ignore",
      detached: true,
      cleanup: true,
    });
    let expired = false;
    const killGroup = () => {
      try {
        if (sub.pid !== undefined) process.kill(-sub.pid, "SIGKILL");
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => {
      expired = true;
      killGroup();
    }, remainingMs);
    params.signal?.addEventListener("abort", killGroup, { once: true });
    let result;
    try {
      result = await sub;
    } finally {
      clearTimeout(timer);
      params.signal?.removeEventListener("abort", killGroup);
    }
    if (params.signal?.aborted) throw interrupted();
    if (expired) throw timedOut();
    if (result.exitCode === 0) return;
    if (/Operation too slow|curl 28/.test(String(result.stderr)))
      throw new GitFetchError(`${what} stalled: less than 1 byte/s for ${lowSpeedSeconds} s`, true);
    const detail = lastLine(result.stderr) || `exit code ${result.exitCode}`;
    throw new GitFetchError(scrub(`git ${args[0]} failed: ${detail}`, secrets));
  };
}

// What git needs from our environment to reach a server (proxies, CAs), and
// nothing else: the app's own secrets stay out of the child process.
const INHERITED_VARIABLES = [
  "PATH",
  "HOME",
  "TMPDIR",
  "LANG",
  "LC_ALL",
  "HTTPS_PROXY",
  "HTTP_PROXY",
  "NO_PROXY",
  "https_proxy",
  "http_proxy",
  "no_proxy",
  "SSL_CERT_FILE",
  "SSL_CERT_DIR",
  "GIT_SSL_CAINFO",
  "GIT_SSL_CAPATH",
];

function inheritedEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of INHERITED_VARIABLES) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  return env;
}

function basicAuth(token: string): string {
  // GitHub accepts an installation token as the password of user x-access-token.
  return Buffer.from(`x-access-token:${token}`).toString("base64");
}

function scrub(text: string, secrets: string[]): string {
  return secrets.reduce((t, s) => t.split(s).join("***"), text);
}

function lastLine(text: unknown): string {
  const lines = String(text ?? "")
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
  return lines[lines.length - 1] ?? "";
}

/** owner/repo of a clone URL, as the check names it. */
function repositoryName(url: URL): string {
  if (url.protocol === "file:") return "the repository";
  const path = url.pathname.replace(/^\/+|\/+$/g, "").replace(/\.git$/, "");
  return path || url.host;
}

function seconds(ms: number): number {
  return Math.round(ms / 100) / 10;
}

function redactedUrl(url: URL): string {
  return url.protocol === "file:" ? "the repository" : `${url.origin}${url.pathname}`;
}
