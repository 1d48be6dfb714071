// One analysis of a pull request from a workflow step: the check in progress, the workspace made
// to hold both commits, the analysis, then the sticky comment, the completed check, the step
// summary and outputs, and the exit status by `fail-on`. A token that cannot write (a fork's pull
// request) costs the comment and the check, never the summary, the outputs or the exit status.
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { isAbsolute, join, resolve } from "node:path";
import type { AnalyzeOutcome } from "../analyze-types.js";
import type { Config } from "../config/config.js";
import { parseConfig } from "../config/parse-config.js";
import { firstLine } from "../core/first-line.js";
import type { Report } from "../core/model.js";
import { COMMENT_MAX_CHARS, STEP_SUMMARY_MAX_CHARS } from "../core/report/budgets.js";
import { renderCheckOutput } from "../core/report/render-check-output.js";
import { renderJson } from "../core/report/render-json.js";
import { renderMarkdown } from "../core/report/render-markdown.js";
import { ensurePullRequestCommits } from "../adapters/git/ensure-pull-request-commits.js";
import { completeCheckRun, type CheckRunOutput } from "../adapters/github/complete-check-run.js";
import { createCheckRun, type CreatedCheckRun } from "../adapters/github/create-check-run.js";
import { ensureStickyComment } from "../adapters/github/ensure-sticky-comment.js";
import { findStickyComment, type OwnIdentity, type StickyComment } from "../adapters/github/find-sticky-comment.js";
import { getAppIdentity } from "../adapters/github/get-app-identity.js";
import type { GitHubClient, RepoRef } from "../adapters/github/github-client.js";
import { parseApprovalMarker, type Approval } from "../publish/approval-marker.js";
import { CHECK_RUN_NAME } from "../publish/check-run-name.js";
import { composeCommentBody, composeErrorCommentBody } from "../publish/compose-comment-body.js";
import { errorCheckOutput } from "../publish/fixed-check-outputs.js";
import { isNoChangeReport } from "../publish/is-no-change-report.js";
import type { ActionDeps } from "./action-deps.js";
import type { ActionsRuntime } from "./create-actions-runtime.js";
import type { ActionContext, FailOn } from "./read-action-context.js";

export const EXIT_OK = 0;
export const EXIT_FAILING_VERDICT = 1;
export const EXIT_ERROR = 2;

/** The pull request to analyse, whichever event asked for it. */
export interface PullRequestTarget {
  repo: RepoRef;
  number: number;
  headSha: string;
  baseSha: string;
  baseRef: string;
  cloneUrl: string;
  /** other URLs by which Applications may name this repository */
  repoURLs: string[];
  /** the head lives in a fork: its `pull_request` runs get a read-only token */
  fromFork?: boolean;
  /** `/blast-radius approve`: accept a blocking verdict for this head */
  approval?: Approval;
}

export interface RunPullRequestAnalysisParams {
  context: ActionContext;
  runtime: ActionsRuntime;
  octokit: GitHubClient;
  deps: ActionDeps;
  target: PullRequestTarget;
}

/** The app whose token `github.token` is; other tokens name their app in the check they create. */
const DEFAULT_TOKEN_APP = "github-actions";

const CANCELLED_CHECK_OUTPUT: CheckRunOutput = {
  conclusion: "cancelled",
  title: "Cancelled",
  summary:
    "The workflow run was cancelled before the analysis finished (a newer push, or by hand). Comment `/blast-radius` on the pull request, or re-run the workflow, to analyse it again.",
};

type Analysis = { ok: true; report: Report } | { ok: false; error: string };

export async function runPullRequestAnalysis(params: RunPullRequestAnalysisParams): Promise<number> {
  const { context, runtime, octokit, target } = params;
  const { inputs } = context;
  const repo = target.repo;
  const notes: string[] = [];

  // 1. The check, in progress at once; its answer also says which app this token belongs to.
  let check: CreatedCheckRun | undefined;
  if (inputs.check) {
    try {
      check = await createCheckRun({ octokit, repo, name: CHECK_RUN_NAME, headSha: target.headSha });
    } catch (err) {
      notes.push(cannotWrite({ what: "The check run could not be created", err, target }));
    }
  }
  const unregister = check
    ? params.deps.onCancel?.(() => completeQuietly(params, check, CANCELLED_CHECK_OUTPUT))
    : undefined;
  let checkOutput: CheckRunOutput = errorCheckOutput("internal error");
  try {
    // 2. Both commits in the workspace, the configuration, the analysis.
    const analysis = await analyzeWorkspace(params);
    // 3. The one sticky comment: found among this token's own comments only.
    const identity = await ownIdentity({ octokit, check, notes, commenting: inputs.comment });
    let existing: StickyComment | undefined;
    let commentReadable = false;
    if (inputs.comment && identity) {
      try {
        existing = await findStickyComment({ octokit, repo, issueNumber: target.number, identity });
        commentReadable = true;
      } catch (err) {
        notes.push(cannotWrite({ what: "The comment could not be read or posted", err, target }));
      }
    }
    const approval = analysis.ok ? currentApproval({ target, existing }) : undefined;
    if (commentReadable && identity) {
      const body = analysis.ok
        ? composeCommentBody({
            report: analysis.report,
            renderMarkdown,
            maxChars: COMMENT_MAX_CHARS,
            ...(approval ? { approval } : {}),
            ...fullReportHint({ check, context }),
          })
        : composeErrorCommentBody(analysis.error);
      try {
        await ensureStickyComment({
          octokit,
          repo,
          issueNumber: target.number,
          identity,
          existing,
          body,
          // A change that touches no application gets no new comment; an existing one is updated.
          createIfMissing: analysis.ok && !isNoChangeReport(analysis.report),
        });
      } catch (err) {
        notes.push(cannotWrite({ what: "The comment could not be posted", err, target }));
      }
    }

    // 4. The check's conclusion, the step summary and outputs, the exit status.
    checkOutput = analysis.ok
      ? renderCheckOutput(analysis.report, approval ? { approval } : {})
      : renderCheckOutput(undefined, { error: analysis.error });
    return await finish({ ...params, analysis, approval, notes });
  } catch (err) {
    const message = firstLine(err);
    checkOutput = errorCheckOutput(message);
    runtime.error(`Argo CD blast radius: ${message}`);
    return EXIT_ERROR;
  } finally {
    unregister?.();
    if (check) await completeQuietly(params, check, checkOutput);
  }
}

async function analyzeWorkspace(params: RunPullRequestAnalysisParams): Promise<Analysis> {
  const { context, runtime, target, deps } = params;
  let mergeSha: string | undefined;
  try {
    const commits = await ensurePullRequestCommits({
      repoDir: context.workspace,
      cloneUrl: target.cloneUrl,
      token: context.inputs.token,
      baseSha: target.baseSha,
      headSha: target.headSha,
      prNumber: target.number,
      ...(context.sha ? { mergeCandidate: context.sha } : {}),
      ...(deps.allowFileUrls ? { allowFileUrls: true } : {}),
    });
    mergeSha = commits.mergeSha;
    if (commits.fetched.length > 0) runtime.info(`fetched ${commits.fetched.join(", ")} into the workspace`);
  } catch (err) {
    return { ok: false, error: `could not fetch the pull request's commits: ${firstLine(err)}` };
  }
  const config = await loadConfigInput(context);
  if (typeof config === "string") return { ok: false, error: config };
  const started = Date.now();
  const outcome: AnalyzeOutcome = await deps.analyze({
    repoDir: context.workspace,
    base: target.baseSha,
    head: target.headSha,
    ...(config ? { config } : {}),
    repoURLs: [target.cloneUrl, ...target.repoURLs],
    baseBranches: [target.baseRef],
    ...(mergeSha ? { mergedRev: mergeSha } : {}),
    onProgress: (e) => {
      if (e.phase === "discovered") runtime.info(`${e.side}: ${e.apps} applications, ${e.appSets} ApplicationSets`);
    },
  });
  runtime.info(`analysed in ${((Date.now() - started) / 1000).toFixed(1)}s`);
  return outcome.ok ? { ok: true, report: outcome.report } : { ok: false, error: outcome.error };
}

/** The `config` input, a file in the workspace; without it analyze reads the base revision's. */
async function loadConfigInput(context: ActionContext): Promise<Config | string | undefined> {
  const path = context.inputs.configPath;
  if (!path) return undefined;
  const abs = isAbsolute(path) ? path : resolve(context.workspace, path);
  let text: string;
  try {
    text = await readFile(abs, "utf8");
  } catch {
    return `cannot read the config file ${path}`;
  }
  const parsed = parseConfig(text, path);
  return parsed.ok ? parsed.config : parsed.error;
}

/**
 * Who "we" are, so only our own comments are trusted (INTERFACE.md section 4): the app that
 * created the check run, else the app behind `github.token`. Undefined when it cannot be told:
 * then no comment is read or written, rather than one comment per run.
 */
async function ownIdentity(params: {
  octokit: GitHubClient;
  check: CreatedCheckRun | undefined;
  notes: string[];
  commenting: boolean;
}): Promise<OwnIdentity | undefined> {
  const app = params.check?.app;
  if (app) return { appId: app.id, ...(app.slug ? { login: `${app.slug}[bot]` } : {}) };
  if (!params.commenting) return undefined;
  try {
    return await getAppIdentity({ octokit: params.octokit, slug: DEFAULT_TOKEN_APP });
  } catch (err) {
    params.notes.push(
      `The comment was not posted: which comments are this action's own could not be told (${firstLine(err)}).`,
    );
    return undefined;
  }
}

/** The approval that applies: the command's own, or one our comment recorded for this very head. */
function currentApproval(params: {
  target: PullRequestTarget;
  existing: StickyComment | undefined;
}): Approval | undefined {
  const { target, existing } = params;
  if (target.approval?.sha === target.headSha) return target.approval;
  return existing ? parseApprovalMarker({ body: existing.body, headSha: target.headSha }) : undefined;
}

async function finish(
  params: RunPullRequestAnalysisParams & { analysis: Analysis; approval: Approval | undefined; notes: string[] },
): Promise<number> {
  const { analysis, approval, notes, runtime, context } = params;
  const noteLines = notes.map((n) => `> [!NOTE]\n> ${n}\n`).join("\n");
  for (const n of notes) runtime.warning(n);
  if (!analysis.ok) {
    await runtime.appendSummary(
      `### Argo CD blast radius\n\nThe analysis could not run: ${analysis.error}\n\n${noteLines}`,
    );
    runtime.error(`Argo CD blast radius: the analysis could not run: ${analysis.error}`);
    return EXIT_ERROR;
  }
  const report = analysis.report;
  const dir = await mkdtemp(join(context.tempDir, "argocd-blast-radius-"));
  const reportPath = join(dir, "report.json");
  await writeFile(reportPath, renderJson(report));
  const markdown = renderMarkdown(report, {
    maxChars: STEP_SUMMARY_MAX_CHARS,
    ...(approval ? { approval } : {}),
    fullReportHint: "the step output `report` is the path of the full JSON report",
  });
  await runtime.appendSummary(`${markdown.trimEnd()}\n\n${noteLines}`);
  await runtime.setOutput("verdict", report.verdict);
  await runtime.setOutput("deletions", String(report.deletions.length));
  await runtime.setOutput("report", reportPath);

  const accepted = report.verdict === "block" && approval !== undefined;
  const level = accepted ? "warn" : report.verdict;
  if (failsStep(level, context.inputs.failOn)) {
    runtime.error(
      `Argo CD blast radius: verdict ${report.verdict}, ${report.deletions.length} deletion(s) (fail-on: ${context.inputs.failOn}); the step summary says what and why`,
    );
    return EXIT_FAILING_VERDICT;
  }
  if (accepted) runtime.notice(`Argo CD blast radius: verdict block, accepted by @${approval.by} for this head commit`);
  else runtime.info(`Argo CD blast radius: verdict ${report.verdict}, ${report.deletions.length} deletion(s)`);
  return EXIT_OK;
}

function failsStep(level: Report["verdict"], failOn: FailOn): boolean {
  if (failOn === "never") return false;
  return level === "block" || (failOn === "warn" && level === "warn");
}

function fullReportHint(params: { check: CreatedCheckRun | undefined; context: ActionContext }): {
  fullReportHint?: string;
} {
  if (params.check?.htmlUrl)
    return { fullReportHint: `the [check run](${params.check.htmlUrl}) lists every deletion and finding` };
  if (params.context.runUrl)
    return { fullReportHint: `the [workflow run's summary](${params.context.runUrl}) has the full report` };
  return {};
}

/** A write GitHub refused, said so that the reader knows why and what to change. */
function cannotWrite(params: { what: string; err: unknown; target: PullRequestTarget }): string {
  const status = (params.err as { status?: unknown }).status;
  if (status !== 403 && status !== 404) return `${params.what}: ${firstLine(params.err)}.`;
  const why = params.target.fromFork
    ? "a fork's pull request runs `pull_request` workflows with a read-only token (see the README for `pull_request_target`)"
    : "give the workflow `permissions: { checks: write, pull-requests: write }`";
  return `${params.what}: this token may not write to the pull request (${why}). The report is in this summary and in the step outputs.`;
}

/** A check must never stay in progress; a failure to complete it is only logged. */
async function completeQuietly(
  params: RunPullRequestAnalysisParams,
  check: CreatedCheckRun,
  output: CheckRunOutput,
): Promise<void> {
  try {
    await completeCheckRun({
      octokit: params.octokit,
      repo: params.target.repo,
      checkRunId: check.id,
      output,
      log: { warn: (meta, msg) => params.runtime.info(`${msg}: ${JSON.stringify(meta)}`) },
    });
  } catch (err) {
    params.runtime.warning(`The check run could not be completed: ${firstLine(err)}`);
  }
}
