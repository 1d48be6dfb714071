import type { Context } from "probot";
import type { AppDeps } from "./app-deps.js";
import { pullRequestTarget } from "./pull-request-target.js";
import { runAnalysis } from "./run-analysis.js";
import type { RunLimiter } from "./run-limiter.js";
import type { RunTracker } from "./run-tracker.js";

/** The PR events that change what would be merged where (INTERFACE.md section 4). */
export const PULL_REQUEST_EVENTS = [
  "pull_request.opened",
  "pull_request.synchronize",
  "pull_request.reopened",
  "pull_request.ready_for_review",
  "pull_request.edited",
] as const;

export async function handlePullRequest(params: {
  context: Context<"pull_request">;
  deps: AppDeps;
  tracker: RunTracker;
  limiter: RunLimiter;
}): Promise<void> {
  const { context } = params;
  const payload = context.payload;
  // A title or body edit changes nothing the analysis reads; a new base branch does.
  if (payload.action === "edited" && !("changes" in payload && payload.changes.base)) return;
  const pr = payload.pull_request;
  await runAnalysis({
    octokit: context.octokit,
    log: context.log,
    deps: params.deps,
    tracker: params.tracker,
    limiter: params.limiter,
    request: {
      ...pullRequestTarget(payload.repository),
      prNumber: pr.number,
      headSha: pr.head.sha,
      baseSha: pr.base.sha,
      baseRef: pr.base.ref,
    },
  });
}
