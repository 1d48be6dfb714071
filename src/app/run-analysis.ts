// One analysis of one pull request head, from "check in progress" to "check
// completed + sticky comment". It owns the configuration and turns every
// failure into a completed check: a check run is never left in progress.
import type { Logger } from "probot";
import type { Report } from "../core/model.js";
import type { GitHubClient, RepoRef } from "../adapters/github/github-client.js";
import { createCheckRun } from "../adapters/github/create-check-run.js";
import { completeCheckRun, type CheckRunOutput } from "../adapters/github/complete-check-run.js";
import { findStickyComment, type StickyComment } from "../adapters/github/find-sticky-comment.js";
import { ensureStickyComment } from "../adapters/github/ensure-sticky-comment.js";
import { getPullRequest } from "../adapters/github/get-pull-request.js";
import { getRepoFile } from "../adapters/github/get-repo-file.js";
import type { AppDeps } from "./app-deps.js";
import { parseApprovalMarker, type Approval } from "../publish/approval-marker.js";
import { CHECK_RUN_NAME } from "../publish/check-run-name.js";
import { composeCommentBody, composeErrorCommentBody } from "../publish/compose-comment-body.js";
import { errorCheckOutput, SUPERSEDED_CHECK_OUTPUT } from "../publish/fixed-check-outputs.js";
import { loadAppConfig } from "./load-app-config.js";
import { CONFIG_PATH } from "../config/config-path.js";
import { sleep, type JobContext, type JobHandler, type JobQueue, type QueuedJob } from "../adapters/queue/job-queue.js";

/** Everything a run needs to know about the PR, whichever event asked for it. */
export interface RunRequest {
  repo: RepoRef;
  prNumber: number;
  headSha: string;
  baseSha: string;
  baseRef: string;
  cloneUrl: string;
  defaultBranch: string;
  /** Other URLs by which Applications may name this repository (html_url, ssh_url...). */
  repoURLs: string[];
  /** Set by `/blast-radius approve`: accept a blocking verdict for this head. */
  approval?: Approval;
}

/** What a queued job carries: JSON only, since BullMQ stores it in Redis. */
export interface AnalysisJob {
  request: RunRequest;
  installationId: number;
  checkRunId: number;
  checkUrl?: string;
}

export type AnalysisQueue = JobQueue<AnalysisJob>;

interface RunAnalysisParams {
  octokit: GitHubClient;
  log: Logger;
  deps: AppDeps;
  request: RunRequest;
}

type RunOutcome = "published" | "superseded" | "interrupted" | "failed";

type Analysis = { ok: true; report: Report } | { ok: false; error: string; interrupted?: true };

/** After an abort, how long the analysis may take to stop its tools and remove its checkout. */
const ABORT_SETTLE_MS = 2000;

/** What every webhook handler shares to start a run. */
export interface HandlerDeps {
  deps: AppDeps;
  queue: AnalysisQueue;
}

/** The check of a run that could not finish because this process stopped: never a pass. */
const INTERRUPTED_CHECK_OUTPUT: CheckRunOutput = {
  conclusion: "failure",
  title: "Analysis interrupted",
  summary:
    "The app stopped (a deploy or a restart) before this analysis finished. Comment `/blast-radius` on the pull request, or re-run this check, to analyse it again.",
};

export function pullRequestKey(params: { owner: string; repo: string; number: number }): string {
  return `${params.owner}/${params.repo}#${params.number}`.toLowerCase();
}

/** The web side of a run: the check run (queued) at once, then the job; the answer does not wait for the analysis. */
export async function runAnalysisFor(
  params: HandlerDeps & {
    context: { octokit: GitHubClient; log: Logger; payload: object };
    request: RunRequest;
  },
): Promise<void> {
  const { context, request } = params;
  const installationId = (context.payload as { installation?: { id?: unknown } }).installation?.id;
  if (typeof installationId !== "number") throw new Error("the event carries no installation id");
  await enqueueRun({ octokit: context.octokit, log: context.log, queue: params.queue, installationId, request });
}

export async function enqueueRun(params: {
  octokit: GitHubClient;
  log: Logger;
  queue: AnalysisQueue;
  installationId: number;
  request: RunRequest;
  /** An existing check of ours to complete (reconcile); otherwise a new one is created. */
  checkRunId?: number;
}): Promise<void> {
  const { octokit, request } = params;
  const check =
    params.checkRunId !== undefined
      ? { id: params.checkRunId }
      : await createCheckRun({
          octokit,
          repo: request.repo,
          name: CHECK_RUN_NAME,
          headSha: request.headSha,
          status: "queued",
        });
  try {
    await params.queue.enqueue({
      id: String(check.id),
      key: pullRequestKey({ ...request.repo, number: request.prNumber }),
      group: String(params.installationId),
      payload: {
        request,
        installationId: params.installationId,
        checkRunId: check.id,
        ...("htmlUrl" in check && check.htmlUrl ? { checkUrl: check.htmlUrl } : {}),
      },
    });
    params.log.info({ pr: request.prNumber, sha: request.headSha, checkRunId: check.id }, "analysis queued");
  } catch (err) {
    const message = oneLine(err);
    params.log.error({ err: message, pr: request.prNumber }, "analysis could not be queued");
    await completeCheckRun({
      octokit,
      repo: request.repo,
      checkRunId: check.id,
      output: errorCheckOutput(`the analysis could not be queued: ${message}`),
    });
  }
}

/** The worker side: one job, from the queued check to the completed check and the sticky comment. */
export function analysisWorker(params: {
  deps: AppDeps;
  log: Logger;
  auth: (installationId: number) => Promise<GitHubClient>;
}): JobHandler<AnalysisJob> {
  return async (job, context) => {
    const octokit = await params.auth(job.payload.installationId);
    await runAnalysis({ octokit, log: params.log, deps: params.deps, request: job.payload.request }, job, context);
  };
}

async function runAnalysis(
  params: RunAnalysisParams,
  job: QueuedJob<AnalysisJob>,
  context: JobContext,
): Promise<RunOutcome> {
  const { octokit, log, request } = params;
  const repo = request.repo;
  const checkRunId = job.payload.checkRunId;
  const secrets: string[] = [];
  let output: CheckRunOutput = failureOutput(params.deps, "internal error");
  let outcome: RunOutcome = "failed";
  try {
    // 1. A run overtaken while it waited does not analyse at all.
    if (!(await context.isLatest())) {
      output = SUPERSEDED_CHECK_OUTPUT;
      outcome = "superseded";
      return outcome;
    }
    // 2. Configuration, checkout, analysis. The queue aborts it when the drain's grace period ends
    //    or a newer job of this pull request arrives: git and the tools are killed, nothing is published.
    const analysis = await untilAborted(
      analyzePullRequest({ ...params, secrets, signal: context.signal }),
      context.signal,
    );
    if (analysis === undefined || (!analysis.ok && analysis.interrupted)) {
      const superseded = !(await context.isLatest().catch(() => true));
      output = superseded ? SUPERSEDED_CHECK_OUTPUT : INTERRUPTED_CHECK_OUTPUT;
      outcome = superseded ? "superseded" : "interrupted";
      return outcome;
    }
    // 3. A newer run or a newer push owns the PR now: drop this result unseen.
    if (!(await isCurrent(params, context))) {
      output = SUPERSEDED_CHECK_OUTPUT;
      outcome = "superseded";
      return outcome;
    }
    // 4. Publish: the sticky comment first, so a failure there shows in the check.
    output = await publish({
      ...params,
      analysis,
      ...(job.payload.checkUrl ? { checkUrl: job.payload.checkUrl } : {}),
    });
    outcome = analysis.ok ? "published" : "failed";
    return outcome;
  } catch (err) {
    const message = scrub(oneLine(err), secrets);
    log.error({ err: message, pr: request.prNumber }, "analysis run failed");
    output = failureOutput(params.deps, message);
    outcome = "failed";
    return outcome;
  } finally {
    // 5. Always complete the check, whatever happened above.
    try {
      const retry = params.deps.checkCompletionRetry;
      await completeCheckRun({ octokit, repo, checkRunId, output, log, ...(retry ? { retry } : {}) });
    } catch (err) {
      log.error({ err: scrub(oneLine(err), secrets), checkRunId }, "check run completion failed");
    }
    log.info({ pr: request.prNumber, sha: request.headSha, outcome }, "analysis run finished");
  }
}

/** The task's value, or undefined once the signal aborts first. The task is given the same signal,
 *  so it stops (its tools killed): wait a moment for that, then leave it unobserved. */
function untilAborted<T>(task: Promise<T>, signal: AbortSignal): Promise<T | undefined> {
  const settled = async () => {
    const timer = new AbortController();
    await Promise.race([task.catch(() => undefined), sleep(ABORT_SETTLE_MS, timer.signal)]);
    timer.abort();
    return undefined;
  };
  if (signal.aborted) return settled();
  return new Promise<T | undefined>((resolve, reject) => {
    const onAbort = () => resolve(settled());
    signal.addEventListener("abort", onAbort, { once: true });
    task.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (err: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(err instanceof Error ? err : new Error(String(err)));
      },
    );
  });
}

async function analyzePullRequest(
  params: RunAnalysisParams & { secrets: string[]; signal: AbortSignal },
): Promise<Analysis> {
  const { octokit, deps, request } = params;
  const repoConfigText = await getRepoFile({
    octokit,
    repo: request.repo,
    path: CONFIG_PATH,
    ref: request.defaultBranch,
  });
  const config = await loadAppConfig({
    serverConfigPath: deps.serverConfigPath,
    repoConfigText,
    allowRepoPlugins: deps.allowRepoPlugins,
  });
  if (!config.ok) return { ok: false, error: config.error };

  const isFile = request.cloneUrl.startsWith("file:");
  const token = isFile ? undefined : await installationToken(octokit);
  if (token) params.secrets.push(token);
  let checkout;
  try {
    checkout = await deps.fetchPullRequest({
      cloneUrl: request.cloneUrl,
      baseSha: request.baseSha,
      headSha: request.headSha,
      prNumber: request.prNumber,
      ...(token ? { token } : {}),
      ...(deps.allowFileUrls ? { allowFileUrls: true } : {}),
      signal: params.signal,
    });
  } catch (err) {
    if (params.signal.aborted) return { ok: false, error: "interrupted", interrupted: true };
    return { ok: false, error: `could not fetch the repository: ${scrub(oneLine(err), params.secrets)}` };
  }
  try {
    const outcome = await deps.analyze({
      repoDir: checkout.repoDir,
      base: request.baseSha,
      head: request.headSha,
      config: config.config,
      repoURLs: [request.cloneUrl, ...request.repoURLs],
      baseBranches: [request.baseRef],
      ...(checkout.mergeSha ? { mergedRev: checkout.mergeSha } : {}),
      signal: params.signal,
    });
    if (!outcome.ok && (outcome.interrupted || params.signal.aborted))
      return { ok: false, error: outcome.error, interrupted: true };
    return outcome.ok ? { ok: true, report: outcome.report } : { ok: false, error: outcome.error };
  } finally {
    await checkout.cleanup();
  }
}

async function isCurrent(params: RunAnalysisParams, context: JobContext): Promise<boolean> {
  if (!(await context.isLatest())) return false;
  const pr = await getPullRequest({
    octokit: params.octokit,
    repo: params.request.repo,
    pullNumber: params.request.prNumber,
  });
  // The GET took time: a newer run may have started meanwhile.
  return pr.headSha === params.request.headSha && (await context.isLatest());
}

async function publish(params: RunAnalysisParams & { analysis: Analysis; checkUrl?: string }): Promise<CheckRunOutput> {
  const { octokit, deps, request, analysis } = params;
  const issue = { octokit, repo: request.repo, issueNumber: request.prNumber, identity: deps.identity };
  const existing = await findStickyComment(issue);
  if (!analysis.ok) {
    if (existing)
      await ensureStickyComment({
        ...issue,
        existing,
        body: composeErrorCommentBody(analysis.error),
        createIfMissing: false,
      });
    return failureOutput(deps, analysis.error);
  }
  const report = analysis.report;
  const approval = currentApproval({ request, report, existing });
  const body = composeCommentBody({
    report,
    renderMarkdown: deps.renderMarkdown,
    maxChars: deps.commentMaxChars,
    ...(approval ? { approval } : {}),
    ...(params.checkUrl
      ? { fullReportHint: `the [check run](${params.checkUrl}) lists every deletion and finding` }
      : {}),
  });
  // A PR that changes no application gets no new comment (noise), but an
  // existing comment must not keep showing an outdated report.
  await ensureStickyComment({ ...issue, existing, body, createIfMissing: !isNoChange(report) });
  return deps.renderCheckOutput(report, approval ? { approval } : {});
}

/** The approval that applies to this report: the command's own, or one recorded for this very head. */
function currentApproval(params: {
  request: RunRequest;
  report: Report;
  existing: StickyComment | undefined;
}): Approval | undefined {
  const headSha = params.request.headSha;
  if (params.request.approval?.sha === headSha) return params.request.approval;
  return params.existing ? parseApprovalMarker({ body: params.existing.body, headSha }) : undefined;
}

function failureOutput(deps: AppDeps, message: string): CheckRunOutput {
  try {
    return deps.renderCheckOutput(undefined, { error: message });
  } catch {
    return errorCheckOutput(message);
  }
}

function isNoChange(report: Report): boolean {
  return report.findings.length === 0 && report.applications.every((a) => a.change === "unchanged");
}

async function installationToken(octokit: GitHubClient): Promise<string> {
  const auth = (await octokit.auth({ type: "installation" })) as { token?: unknown };
  if (typeof auth.token !== "string") throw new Error("no installation token available");
  return auth.token;
}

function oneLine(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  return (msg.split("\n").find((l) => l.trim()) ?? "unknown error").trim();
}

function scrub(text: string, secrets: string[]): string {
  return secrets.reduce((t, s) => t.split(s).join("***"), text);
}
