// What the app needs from the rest of the program, injected so tests can pass
// fakes (a canned analyze, a local fetcher) and main.ts passes the real ones.
import type { AnalyzeOutcome, AnalyzeParams } from "../analyze-types.js";
import type { Report } from "../core/model.js";
import type { CheckRunOutput } from "../adapters/github/complete-check-run.js";
import type { BackoffOptions } from "../adapters/github/retry-with-backoff.js";
import type { FetchPullRequestParams, PullRequestCheckout } from "../adapters/git/fetch-pull-request.js";
import type { OwnIdentity } from "../adapters/github/find-sticky-comment.js";
import type { Approval } from "../publish/approval-marker.js";
import type { RenderMarkdown } from "../publish/compose-comment-body.js";

/** With `error`, the report is ignored and may be absent: the analysis could not run. */
export type RenderCheckOutput = (
  report: Report | undefined,
  options: { approval?: Approval; error?: string },
) => CheckRunOutput;

export interface AppDeps {
  /** This app on GitHub (APP_ID): only its own comments' markers are trusted. */
  identity: OwnIdentity;
  analyze: (params: AnalyzeParams) => Promise<AnalyzeOutcome>;
  renderMarkdown: RenderMarkdown;
  renderCheckOutput: RenderCheckOutput;
  fetchPullRequest: (params: FetchPullRequestParams) => Promise<PullRequestCheckout>;
  /** GitHub's limit on a comment body. */
  commentMaxChars: number;
  /** BLAST_RADIUS_CONFIG: the operator's server configuration file. */
  serverConfigPath?: string;
  /** BLAST_RADIUS_REPO_PLUGINS=allow: repositories may declare plugins. */
  allowRepoPlugins: boolean;
  /** Analyses running at once; more wait their turn (BLAST_RADIUS_MAX_RUNS, default 2). */
  maxConcurrentRuns?: number;
  /** How long completing a check is retried through a GitHub outage (BLAST_RADIUS_CHECK_RETRY_SECONDS,
   *  default 600 s); tests inject the clock. */
  checkCompletionRetry?: Partial<BackoffOptions>;
  /** Analyses of one installation running at once (BLAST_RADIUS_MAX_RUNS_PER_INSTALLATION); in Redis mode across all workers. */
  maxRunsPerInstallation?: number;
  /** Tests serve repositories through file:// clone URLs. */
  allowFileUrls?: boolean;
}
