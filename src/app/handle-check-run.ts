import type { Context } from "probot";
import { findPullRequestByHead } from "../adapters/github/find-pull-request-by-head.js";
import { CHECK_RUN_NAME } from "../publish/check-run-name.js";
import { pullRequestTarget } from "./pull-request-target.js";
import { runAnalysisFor, type HandlerDeps } from "./run-analysis.js";

/** "Re-run" on our check in the PR's checks tab: analyse that check's head commit again. */
export async function handleCheckRunRerequested(
  params: HandlerDeps & {
    context: Context<"check_run.rerequested">;
  },
): Promise<void> {
  const { context } = params;
  const checkRun = context.payload.check_run;
  if (checkRun.name !== CHECK_RUN_NAME) return;
  const target = pullRequestTarget(context.payload.repository);
  // GitHub leaves pull_requests empty when the head lives in a fork: look the PR up by its head.
  const pr =
    checkRun.pull_requests[0] ??
    (await findPullRequestByHead({ octokit: context.octokit, repo: target.repo, headSha: checkRun.head_sha }).then(
      (found) => found && { number: found.number, base: { sha: found.baseSha, ref: found.baseRef } },
    ));
  if (!pr) {
    context.log.warn({ sha: checkRun.head_sha }, "rerequested check has no open pull request");
    return;
  }
  await runAnalysisFor({
    ...params,
    request: {
      ...target,
      prNumber: pr.number,
      headSha: checkRun.head_sha,
      baseSha: pr.base.sha,
      baseRef: pr.base.ref,
    },
  });
}
