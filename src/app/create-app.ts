// The Probot application: which events lead where. Each entry point catches
// what its handler did not, so one failing delivery never crashes the server.
import type { ApplicationFunction, Logger } from "probot";
import type { AppDeps } from "./app-deps.js";
import { handleCheckRunRerequested } from "./handle-check-run.js";
import { handleIssueComment } from "./handle-issue-comment.js";
import { handlePullRequest, PULL_REQUEST_EVENTS } from "./handle-pull-request.js";
import { RunLimiter } from "./run-limiter.js";
import { RunTracker } from "./run-tracker.js";
import { firstLine } from "../core/first-line.js";

const DEFAULT_MAX_CONCURRENT_RUNS = 2;

export function createApp(deps: AppDeps): ApplicationFunction {
  // Per app instance: which run of each PR is current, and how many analyses run at once.
  const tracker = new RunTracker();
  const limiter = new RunLimiter(deps.maxConcurrentRuns ?? DEFAULT_MAX_CONCURRENT_RUNS);
  return (app) => {
    app.on([...PULL_REQUEST_EVENTS], (context) =>
      guard(context.log, () => handlePullRequest({ context: context, deps, tracker, limiter })),
    );
    app.on("issue_comment.created", (context) =>
      guard(context.log, () => handleIssueComment({ context, deps, tracker, limiter })),
    );
    app.on("check_run.rerequested", (context) =>
      guard(context.log, () => handleCheckRunRerequested({ context, deps, tracker, limiter })),
    );
  };
}

async function guard(log: Logger, handler: () => Promise<void>): Promise<void> {
  try {
    await handler();
  } catch (err) {
    log.error({ err: firstLine(err) }, "webhook handler failed");
  }
}
