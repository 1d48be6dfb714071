import type { Context } from "probot";
import { pullRequestTarget } from "./pull-request-target.js";
import { runAnalysisFor, type HandlerDeps } from "./run-analysis.js";

/** The PR events that change what would be merged where (INTERFACE.md section 4). */
export const PULL_REQUEST_EVENTS = [
  "pull_request.opened",
  "pull_request.synchronize",
  "pull_request.reopened",
  "pull_request.ready_for_review",
  "pull_request.edited",
] as const;

export async function handlePullRequest(
  params: HandlerDeps & {
    context: Context<"pull_request">;
  },
): Promise<void> {
  const { context } = params;
  const payload = context.payload;
  // A title or body edit changes nothing the analysis reads; a new base branch does.
  if (payload.action === "edited" && !("changes" in payload && payload.changes.base)) return;
  const pr = payload.pull_request;
  await runAnalysisFor({
    ...params,
    request: {
      ...pullRequestTarget(payload.repository),
      prNumber: pr.number,
      headSha: pr.head.sha,
      baseSha: pr.base.sha,
      baseRef: pr.base.ref,
    },
  });
}
