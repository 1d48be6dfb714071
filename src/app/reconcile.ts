// On start: no check of this app may stay queued or in progress because a
// process died, and pull requests pushed while the app was down get analysed.
// For every open pull request of every installation (bounded), a check of ours
// on its head that is not completed and whose job no queue holds is re-queued
// under the same check id; a head with no check of ours at all gets a new run.
import type { Logger } from "probot";
import type { GitHubClient } from "../adapters/github/github-client.js";
import { CHECK_RUN_NAME } from "../publish/check-run-name.js";
import type { AppDeps } from "./app-deps.js";
import { pullRequestTarget, type RepositoryPayload } from "./pull-request-target.js";
import { enqueueRun, type AnalysisQueue } from "./run-analysis.js";

export interface ReconcileResult {
  requeued: number;
  started: number;
  pullRequests: number;
}

/** A listed repository: the facts every trigger's payload carries, and whether it is archived. */
type RepositoryFacts = RepositoryPayload & { archived?: boolean };

export async function reconcile(params: {
  /** The app-authenticated client (lists installations). */
  appOctokit: GitHubClient;
  auth: (installationId: number) => Promise<GitHubClient>;
  deps: AppDeps;
  queue: AnalysisQueue;
  log: Logger;
  /** At most this many pull requests are looked at (rate limit). */
  maxPullRequests: number;
}): Promise<ReconcileResult> {
  const result: ReconcileResult = { requeued: 0, started: 0, pullRequests: 0 };
  const installations = await params.appOctokit.paginate(params.appOctokit.rest.apps.listInstallations, {
    per_page: 100,
  });
  for (const installation of installations) {
    const octokit = await params.auth(installation.id);
    const repos = (await octokit.paginate(octokit.rest.apps.listReposAccessibleToInstallation, {
      per_page: 100,
    })) as unknown as RepositoryFacts[];
    for (const repository of repos) {
      if (repository.archived) continue;
      const target = pullRequestTarget(repository);
      const { data: pulls } = await octokit.rest.pulls.list({ ...target.repo, state: "open", per_page: 100 });
      for (const pr of pulls) {
        if (result.pullRequests >= params.maxPullRequests) return result;
        result.pullRequests++;
        const request = {
          ...target,
          prNumber: pr.number,
          headSha: pr.head.sha,
          baseSha: pr.base.sha,
          baseRef: pr.base.ref,
        };
        const { data } = await octokit.rest.checks.listForRef({
          ...target.repo,
          ref: pr.head.sha,
          check_name: CHECK_RUN_NAME,
          filter: "all",
          per_page: 100,
        });
        const appId = params.deps.identity.appId;
        const ours = data.check_runs.filter((r) => appId === undefined || r.app?.id === appId);
        // Oldest first, so the newest re-queued check is the one that publishes.
        const orphans = ours.filter((r) => r.status !== "completed").sort((a, b) => a.id - b.id);
        for (const check of orphans) {
          if (await params.queue.has(String(check.id))) continue;
          await enqueueRun({
            octokit,
            log: params.log,
            queue: params.queue,
            installationId: installation.id,
            request,
            checkRunId: check.id,
          });
          result.requeued++;
        }
        if (ours.length === 0) {
          await enqueueRun({ octokit, log: params.log, queue: params.queue, installationId: installation.id, request });
          result.started++;
        }
      }
    }
  }
  return result;
}
