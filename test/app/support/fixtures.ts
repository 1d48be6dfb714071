// Real webhook payload shapes (from @octokit/webhooks-examples), canned
// reports, fake dependencies and a Probot wired for tests.
import { generateKeyPairSync } from "node:crypto";
import { createRequire } from "node:module";
import { Probot, ProbotOctokit, type Logger } from "probot";
import type { AnalyzeParams, AnalyzeOutcome } from "../../../src/analyze-types.js";
import type { AppReport, Finding, Report, Verdict } from "../../../src/core/model.js";
import type { AppDeps, RenderCheckOutput } from "../../../src/app/app-deps.js";
import type { RenderMarkdown } from "../../../src/publish/compose-comment-body.js";
import type { FetchPullRequestParams } from "../../../src/adapters/git/fetch-pull-request.js";
import { BASE_SHA, HEAD_SHA } from "./github-api.js";

const require = createRequire(import.meta.url);
type Example = { name: string; examples: Record<string, any>[] };
const examples = require("@octokit/webhooks-examples") as Example[];

function example(name: string, pick: (e: Record<string, any>) => boolean): Record<string, any> {
  const found = examples.find((e) => e.name === name)?.examples.find(pick);
  if (!found) throw new Error(`no ${name} example`);
  return structuredClone(found);
}

export function pullRequestPayload(action: string, headSha = HEAD_SHA): Record<string, any> {
  const p = example("pull_request", (e) => e.action === "opened" && e.installation);
  p.action = action;
  p.pull_request.head.sha = headSha;
  p.pull_request.base.sha = BASE_SHA;
  return p;
}

export function issueCommentPayload(params: {
  body: string;
  login?: string;
  senderType?: string;
  id?: number;
}): Record<string, any> {
  const p = example("issue_comment", (e) => e.action === "created" && e.installation);
  p.issue.number = 2;
  p.issue.pull_request = { url: "https://api.github.com/repos/Codertocat/Hello-World/pulls/2" };
  p.comment.id = params.id ?? 700;
  p.comment.body = params.body;
  p.comment.user.login = params.login ?? "Codertocat";
  p.sender.login = params.login ?? "Codertocat";
  p.sender.type = params.senderType ?? "User";
  return p;
}

export function checkRunRerequestedPayload(headSha = HEAD_SHA): Record<string, any> {
  const p = example("check_run", (e) => e.action === "rerequested" && e.installation);
  const pr = example("pull_request", (e) => e.action === "opened" && e.installation);
  p.repository = pr.repository;
  p.check_run.name = "Argo CD blast radius";
  p.check_run.head_sha = headSha;
  p.check_run.pull_requests = [
    {
      url: "https://api.github.com/repos/Codertocat/Hello-World/pulls/2",
      id: 1,
      number: 2,
      head: { ref: "changes", sha: headSha, repo: { id: 1, url: "", name: "Hello-World" } },
      base: { ref: "master", sha: BASE_SHA, repo: { id: 1, url: "", name: "Hello-World" } },
    },
  ];
  return p;
}

const ref = (kind: string, name: string, namespace = "") => ({ group: "", kind, namespace, name });

function app(name: string, change: AppReport["change"]): AppReport {
  return {
    name,
    generatedBy: `apps/${name}.yaml`,
    change,
    autoSync: true,
    autoPrune: true,
    errors: [],
    resources: { added: [], modified: [], removed: change === "modified" ? [ref("Namespace", "kube-system")] : [] },
  };
}

export function cannedReport(kind: "block" | "pass" | "no-change", headSha = HEAD_SHA): Report {
  const findings: Finding[] =
    kind === "block"
      ? [
          {
            rule: "protected-namespace-delete",
            severity: "block",
            message: "Namespace kube-system would be deleted.",
            app: "payments",
            refs: [ref("Namespace", "kube-system")],
          },
        ]
      : [];
  const verdict: Verdict = kind === "block" ? "block" : "pass";
  return {
    schemaVersion: 1,
    base: { rev: BASE_SHA, sha: BASE_SHA },
    head: { rev: headSha, sha: headSha },
    verdict,
    applications: [app("payments", kind === "no-change" ? "unchanged" : "modified")],
    deletions: [],
    findings,
  };
}

/** Renderers with a fixed, obvious text, so tests assert what the app does with them. */
export const fakeRenderMarkdown: RenderMarkdown = (report, options) =>
  [
    `verdict: ${report.verdict}`,
    report.applications.every((a) => a.change === "unchanged") ? "No application changes." : "Applications changed.",
    options.approval ? `Accepted by @${options.approval.by} for ${options.approval.sha.slice(0, 7)}` : "",
    options.fullReportHint ?? "",
  ]
    .filter(Boolean)
    .join("\n");

export const fakeRenderCheckOutput: RenderCheckOutput = (report, options) => {
  if (options.error !== undefined || !report) {
    return { conclusion: "failure", title: "Analysis could not run", summary: `error: ${options.error}` };
  }
  const accepted = report.verdict === "block" && options.approval?.sha === report.head.sha;
  return {
    conclusion: report.verdict === "block" && !accepted ? "failure" : "success",
    title: accepted ? `Accepted by @${options.approval!.by}` : `verdict ${report.verdict}`,
    summary: `summary ${report.verdict}`,
  };
};

export interface FakeAnalysis {
  deps: AppDeps;
  analyzeCalls: AnalyzeParams[];
  fetchCalls: FetchPullRequestParams[];
  cleanups: number;
}

/** Deps whose analyze answers from `respond`; the fetcher only records its call. */
export function fakeDeps(
  respond: (params: AnalyzeParams) => AnalyzeOutcome | Promise<AnalyzeOutcome>,
  extra: Partial<AppDeps> = {},
): FakeAnalysis {
  const state: FakeAnalysis = {
    analyzeCalls: [],
    fetchCalls: [],
    cleanups: 0,
    deps: undefined as unknown as AppDeps,
  };
  state.deps = {
    identity: { appId: 123, login: "blast-radius[bot]" },
    analyze: async (params) => {
      state.analyzeCalls.push(params);
      return respond(params);
    },
    renderMarkdown: fakeRenderMarkdown,
    renderCheckOutput: fakeRenderCheckOutput,
    fetchPullRequest: async (params) => {
      state.fetchCalls.push(params);
      return { repoDir: "/nonexistent/checkout", cleanup: async () => void state.cleanups++ };
    },
    commentMaxChars: 65536,
    allowRepoPlugins: false,
    ...extra,
  };
  return state;
}

export function okOutcome(report: Report): AnalyzeOutcome {
  return { ok: true, report, config: undefined as never };
}

let key: string | undefined;
export function testPrivateKey(): string {
  key ??= generateKeyPairSync("rsa", {
    modulusLength: 2048,
    privateKeyEncoding: { type: "pkcs1", format: "pem" },
    publicKeyEncoding: { type: "spki", format: "pem" },
  }).privateKey;
  return key;
}

export const WEBHOOK_SECRET = "test-webhook-secret";

/** Everything the app logged, to prove secrets never reach a log line. */
export class RecordingLogger {
  readonly lines: string[] = [];
  level = "trace";
  private record = (...args: unknown[]) => {
    this.lines.push(args.map((a) => (typeof a === "string" ? a : safeJson(a))).join(" "));
  };
  trace = this.record;
  debug = this.record;
  info = this.record;
  warn = this.record;
  error = this.record;
  fatal = this.record;
  child = (): RecordingLogger => this;
  asLogger(): Logger {
    return this as unknown as Logger;
  }
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v, (_k, val) => (val instanceof Error ? { message: val.message, stack: val.stack } : val));
  } catch {
    return String(v);
  }
}

export function testProbot(params: { log: RecordingLogger; retry?: boolean }): Probot {
  const Octokit = ProbotOctokit.defaults((o: Record<string, any>) => ({
    ...o,
    retry: params.retry ? { enabled: true, retryAfterBaseValue: 1 } : { enabled: false },
    throttle: { ...o.throttle, enabled: false },
  }));
  return new Probot({
    appId: 123,
    privateKey: testPrivateKey(),
    secret: WEBHOOK_SECRET,
    Octokit,
    log: params.log.asLogger(),
  });
}
