// The Probot application: which events lead where, and who analyses. Each
// entry point catches what its handler did not, so one failing delivery never
// crashes the server. The web side only creates the check and queues the job;
// the worker side (this process, or another one in Redis mode) analyses.
import type { ApplicationFunction, Logger } from "probot";
import type { AppDeps } from "./app-deps.js";
import { handleCheckRunRerequested } from "./handle-check-run.js";
import { handleIssueComment } from "./handle-issue-comment.js";
import { handlePullRequest, PULL_REQUEST_EVENTS } from "./handle-pull-request.js";
import { analysisWorker, type AnalysisJob, type AnalysisQueue } from "./run-analysis.js";
import { firstLine } from "../core/first-line.js";
import { InProcessQueue } from "../adapters/queue/in-process-queue.js";
import type { BackgroundWork } from "./background-work.js";

const DEFAULT_MAX_CONCURRENT_RUNS = 2;

/** BLAST_RADIUS_ROLE: `web` answers webhooks, `worker` analyses, `all` does both. */
export type AppRole = "web" | "worker" | "all";

export interface AppOptions {
  queue?: AnalysisQueue;
  role?: AppRole;
  /** Given: webhooks are answered at once and their GitHub writes (the check run) and enqueue run
   *  here in the background (what the server does). Absent: the answer waits for them (tests). */
  background?: BackgroundWork;
}

/** The embedded default: jobs in this process, BLAST_RADIUS_MAX_RUNS at once. */
export function defaultQueue(deps: AppDeps): InProcessQueue<AnalysisJob> {
  const concurrency = deps.maxConcurrentRuns ?? DEFAULT_MAX_CONCURRENT_RUNS;
  return new InProcessQueue({ concurrency, perGroupLimit: deps.maxRunsPerInstallation ?? concurrency });
}

export function createApp(deps: AppDeps, options: AppOptions = {}): ApplicationFunction {
  const queue = options.queue ?? defaultQueue(deps);
  const role = options.role ?? "all";
  return (app) => {
    if (role !== "worker") {
      const start = (log: Logger, handler: () => Promise<void>): Promise<void> => {
        if (!options.background) return guard(log, handler);
        options.background.run(() => guard(log, handler));
        return Promise.resolve();
      };
      app.on([...PULL_REQUEST_EVENTS], (context) =>
        start(context.log, () => handlePullRequest({ context: context, deps, queue })),
      );
      app.on("issue_comment.created", (context) =>
        start(context.log, () => handleIssueComment({ context, deps, queue })),
      );
      app.on("check_run.rerequested", (context) =>
        start(context.log, () => handleCheckRunRerequested({ context, deps, queue })),
      );
    }
    if (role !== "web") {
      queue.work(analysisWorker({ deps, log: app.log, auth: async (id) => await app.auth(id) }));
    }
  };
}

async function guard(log: Logger, handler: () => Promise<void>): Promise<void> {
  try {
    await handler();
  } catch (err) {
    log.error({ err: firstLine(err) }, "webhook handler failed");
  }
}
