// The real dependencies main.ts runs with, read from the process environment once.
import { analyze } from "../analyze.js";
import { defaultCacheDir } from "../adapters/cache/default-cache-dir.js";
import { deriveCacheKey } from "../adapters/cache/cache-key.js";
import { fetchPullRequest } from "../adapters/git/fetch-pull-request.js";
import { renderCheckOutput } from "../core/report/render-check-output.js";
import { renderMarkdown } from "../core/report/render-markdown.js";
import { COMMENT_MAX_CHARS } from "../core/report/budgets.js";
import type { AppDeps } from "./app-deps.js";

export function defaultDeps(env: NodeJS.ProcessEnv): AppDeps {
  const gitTimeout = seconds(env.BLAST_RADIUS_GIT_TIMEOUT_SECONDS);
  const checkRetry = seconds(env.BLAST_RADIUS_CHECK_RETRY_SECONDS);
  return {
    identity: ownIdentity(env),
    // Every worker of one deployment masks Secret values with the same key (BLAST_RADIUS_CACHE_KEY
    // wins), so renders they share through a cache compare equal.
    analyze: (params) =>
      analyze({
        ...params,
        cacheDir: defaultCacheDir(env),
        ...(!env.BLAST_RADIUS_CACHE_KEY && env.WEBHOOK_SECRET
          ? { cacheKey: deriveCacheKey(env.WEBHOOK_SECRET, "webhook-secret") }
          : {}),
      }),
    renderMarkdown,
    renderCheckOutput,
    // BLAST_RADIUS_GIT_TIMEOUT_SECONDS: how long fetching a repository may take (default 120 s).
    fetchPullRequest: gitTimeout
      ? (params) => fetchPullRequest({ timeoutMs: gitTimeout * 1000, ...params })
      : fetchPullRequest,
    commentMaxChars: COMMENT_MAX_CHARS,
    ...(env.BLAST_RADIUS_CONFIG ? { serverConfigPath: env.BLAST_RADIUS_CONFIG } : {}),
    allowRepoPlugins: env.BLAST_RADIUS_REPO_PLUGINS === "allow",
    ...(Number(env.BLAST_RADIUS_MAX_RUNS) > 0
      ? { maxConcurrentRuns: Math.floor(Number(env.BLAST_RADIUS_MAX_RUNS)) }
      : {}),
    // BLAST_RADIUS_CHECK_RETRY_SECONDS: how long completing a check is retried (default 600 s).
    ...(checkRetry !== undefined ? { checkCompletionRetry: { maxElapsedMs: checkRetry * 1000 } } : {}),
    ...(Number(env.BLAST_RADIUS_MAX_RUNS_PER_INSTALLATION) > 0
      ? { maxRunsPerInstallation: Math.floor(Number(env.BLAST_RADIUS_MAX_RUNS_PER_INSTALLATION)) }
      : {}),
  };
}

/** APP_ID is required by Probot itself; BLAST_RADIUS_BOT_LOGIN (`<slug>[bot]`) is the fallback for
 *  comments that do not carry `performed_via_github_app` (older GitHub Enterprise servers). */
function ownIdentity(env: NodeJS.ProcessEnv): AppDeps["identity"] {
  const appId = Number(env.APP_ID);
  return {
    ...(Number.isInteger(appId) && appId > 0 ? { appId } : {}),
    ...(env.BLAST_RADIUS_BOT_LOGIN ? { login: env.BLAST_RADIUS_BOT_LOGIN } : {}),
  };
}

/** A number of seconds from the environment, or undefined when unset or not a number >= 0. */
function seconds(value: string | undefined): number | undefined {
  const n = value?.trim() ? Number(value) : NaN;
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}
