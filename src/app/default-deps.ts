// The real dependencies main.ts runs with, read from the process environment once.
import { analyze } from "../analyze.js";
import { fetchPullRequest } from "../adapters/git/fetch-pull-request.js";
import { renderCheckOutput } from "../core/report/render-check-output.js";
import { renderMarkdown } from "../core/report/render-markdown.js";
import { COMMENT_MAX_CHARS } from "../core/report/budgets.js";
import type { AppDeps } from "./app-deps.js";

export function defaultDeps(env: NodeJS.ProcessEnv): AppDeps {
  return {
    analyze,
    renderMarkdown,
    renderCheckOutput,
    fetchPullRequest,
    commentMaxChars: COMMENT_MAX_CHARS,
    ...(env.BLAST_RADIUS_CONFIG ? { serverConfigPath: env.BLAST_RADIUS_CONFIG } : {}),
    allowRepoPlugins: env.BLAST_RADIUS_REPO_PLUGINS === "allow",
    ...(Number(env.BLAST_RADIUS_MAX_RUNS) > 0
      ? { maxConcurrentRuns: Math.floor(Number(env.BLAST_RADIUS_MAX_RUNS)) }
      : {}),
  };
}
