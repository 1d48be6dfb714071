import type { GitHubClient, RepoRef } from "./github-client.js";
import { firstLine } from "../../core/first-line.js";
import { isTransientGitHubError, retryWithBackoff, type BackoffOptions } from "./retry-with-backoff.js";

export type CheckConclusion = "success" | "failure" | "neutral" | "cancelled";

export interface CheckRunOutput {
  conclusion: CheckConclusion;
  title: string;
  summary: string;
  text?: string;
}

/**
 * How long completing a check is retried: a check left in progress blocks the pull request
 * until someone reruns it, so an outage of several minutes is waited out (1, 2, 4 ... 60 s
 * between attempts, for up to 10 minutes).
 */
export const DEFAULT_COMPLETION_RETRY: BackoffOptions = {
  maxElapsedMs: 10 * 60 * 1000,
  firstDelayMs: 1000,
  maxDelayMs: 60 * 1000,
};

interface WarnLogger {
  warn(obj: object, msg: string): void;
}

/**
 * Marks a check run completed with its conclusion and output, through GitHub outages: each
 * failed attempt is one log line; a refusal (404, 422...) or the end of the retry time throws.
 */
export async function completeCheckRun(params: {
  octokit: GitHubClient;
  repo: RepoRef;
  checkRunId: number;
  output: CheckRunOutput;
  retry?: Partial<BackoffOptions>;
  log?: WarnLogger;
}): Promise<void> {
  const { conclusion, title, summary, text } = params.output;
  await retryWithBackoff({
    run: () =>
      params.octokit.rest.checks.update({
        ...params.repo,
        check_run_id: params.checkRunId,
        status: "completed",
        conclusion,
        output: text === undefined ? { title, summary } : { title, summary, text },
        // One request per attempt: the waits between attempts are this function's.
        request: { retries: 0 },
      }),
    retryable: isTransientGitHubError,
    options: { ...DEFAULT_COMPLETION_RETRY, ...params.retry },
    onRetry: ({ attempt, err, delayMs }) =>
      params.log?.warn(
        { checkRunId: params.checkRunId, attempt, retryInSeconds: delayMs / 1000, err: firstLine(err) },
        "check run completion failed, retrying",
      ),
  });
}
