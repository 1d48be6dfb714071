// The Action end to end: its entry (runAction) with the real analyze on real repositories checked
// out as actions/checkout does, real event payloads (@octokit/webhooks-examples), and every GitHub
// call mocked and asserted: nothing unexpected, nothing left unused.
import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import nock from "nock";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { analyze } from "../../src/analyze.js";
import { createTokenClient } from "../../src/adapters/github/create-token-client.js";
import type { ActionDeps } from "../../src/action/action-deps.js";
import { runAction } from "../../src/action/run-action.js";
import {
  Captured,
  mockCompleteCheckRun,
  mockCreateComment,
  mockGetPull,
  mockPermission,
  mockReaction,
  mockUpdateComment,
} from "../app/support/github-api.js";
import { issueCommentPayload, pullRequestPayload } from "../app/support/fixtures.js";
import { application, configMap, REPO_URL, type Files } from "../scenario/scenario-repo.js";
import {
  mockAppBySlug,
  mockCreateCheckRunAsAction,
  mockCreateCommentRefused,
  mockListCommentsOf,
  type ActionComment,
} from "./support/actions-api.js";
import { git, makeOrigin, shallowCheckout, type Origin } from "./support/action-repo.js";

const TOKEN = "ghs_ACTIONTOKEN0123456789abcdefSECRET";
const MARKER = "<!-- argocd-blast-radius -->";

// An app whose Namespace is protected (kube-node-lease): removing it blocks.
const BASE: Files = {
  "apps/web.yaml": application({ name: "web", path: "web", destNs: "web" }),
  "web/a.yaml": configMap("a"),
  "web/ns.yaml": "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: kube-node-lease\n",
};
const BLOCKING: Files = { "web/ns.yaml": null };
const PASSING: Files = { "web/a.yaml": configMap("a").replace("value", "v2") };

let unexpected: string[];
const onNoMatch = (req: { method?: string; path?: string }) => unexpected.push(`${req.method} ${req.path}`);
let cleanups: (() => Promise<void>)[];

beforeEach(() => {
  nock.disableNetConnect();
  unexpected = [];
  cleanups = [];
  nock.emitter.on("no match", onNoMatch);
});

afterEach(async () => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  nock.emitter.removeListener("no match", onNoMatch);
  for (const c of cleanups) await c();
  expect(unexpected).toEqual([]);
  expect(pending).toEqual([]);
});

interface Run {
  code: number;
  log: string;
  summary: string;
  outputs: Record<string, string>;
}

const deps = (extra: Partial<ActionDeps> = {}): ActionDeps => ({
  analyze,
  createClient: (p) => createTokenClient({ ...p, retries: false }),
  allowFileUrls: true,
  ...extra,
});

async function run(params: {
  event: string;
  payload: Record<string, any>;
  workspace: string;
  sha?: string;
  inputs?: Record<string, string>;
  deps?: ActionDeps;
}): Promise<Run> {
  const dir = await mkdtemp(join(tmpdir(), "action-run-"));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const files = { event: join(dir, "event.json"), summary: join(dir, "summary.md"), output: join(dir, "output") };
  await writeFile(files.event, JSON.stringify(params.payload));
  await writeFile(files.summary, "");
  await writeFile(files.output, "");
  const lines: string[] = [];
  const code = await runAction({
    env: {
      GITHUB_EVENT_NAME: params.event,
      GITHUB_EVENT_PATH: files.event,
      GITHUB_WORKSPACE: params.workspace,
      GITHUB_REPOSITORY: "Codertocat/Hello-World",
      GITHUB_API_URL: "https://api.github.com",
      GITHUB_SERVER_URL: "https://github.com",
      GITHUB_RUN_ID: "77",
      GITHUB_STEP_SUMMARY: files.summary,
      GITHUB_OUTPUT: files.output,
      RUNNER_TEMP: dir,
      ...(params.sha ? { GITHUB_SHA: params.sha } : {}),
      "INPUT_GITHUB-TOKEN": TOKEN,
      INPUT_CONFIG: "",
      INPUT_COMMENT: "true",
      INPUT_CHECK: "true",
      "INPUT_FAIL-ON": "block",
      ...params.inputs,
    },
    deps: params.deps ?? deps(),
    write: (l) => lines.push(l),
  });
  const outputs = Object.fromEntries(
    (await readFile(files.output, "utf8"))
      .split("\n")
      .filter(Boolean)
      .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
  );
  const result = { code, log: lines.join(""), summary: await readFile(files.summary, "utf8"), outputs };
  expect(JSON.stringify(result)).not.toContain(TOKEN);
  return result;
}

async function origin(head: Files, extra: { baseLater?: Files } = {}): Promise<Origin> {
  const o = await makeOrigin({ base: BASE, head, ...extra });
  cleanups.push(() => o.cleanup());
  return o;
}

/** A pull_request payload for this origin, as GitHub sends it. */
function prPayload(o: Origin, action = "opened", fork = false): Record<string, any> {
  const p = pullRequestPayload(action, o.headSha);
  p.pull_request.base.sha = o.baseSha;
  p.pull_request.number = o.prNumber;
  p.repository.clone_url = o.url;
  p.repository.html_url = REPO_URL.replace(/\.git$/, "");
  if (fork) p.pull_request.head.repo.full_name = "someone/Hello-World";
  return p;
}

function commentPayload(o: Origin, body: string, login = "Codertocat"): Record<string, any> {
  const p = issueCommentPayload({ body, login });
  p.issue.number = o.prNumber;
  p.repository.clone_url = o.url;
  p.repository.html_url = REPO_URL.replace(/\.git$/, "");
  return p;
}

/** The calls of one complete pull-request run with a writable token. */
function mockRun(params: {
  check: Captured;
  done: Captured;
  comment: Captured;
  comments?: ActionComment[];
  updateId?: number;
}): void {
  mockCreateCheckRunAsAction(params.check);
  mockListCommentsOf(params.comments ?? []);
  if (params.updateId !== undefined) mockUpdateComment(params.comment, params.updateId);
  else mockCreateComment(params.comment);
  mockCompleteCheckRun(params.done);
}

async function report(r: Run): Promise<any> {
  return JSON.parse(await readFile(r.outputs.report!, "utf8"));
}

describe("pull_request", () => {
  it("blocking PR: check in progress on the head, one sticky comment, check failure, step fails", async () => {
    const o = await origin(BLOCKING);
    const ws = await shallowCheckout(o, o.mergeSha);
    const [check, done, comment] = [new Captured(), new Captured(), new Captured()];
    mockRun({ check, done, comment });

    const r = await run({ event: "pull_request", payload: prPayload(o), workspace: ws, sha: o.mergeSha });

    expect(r.code).toBe(1);
    expect(check.bodies).toEqual([{ name: "Argo CD blast radius", head_sha: o.headSha, status: "in_progress" }]);
    const body = String(comment.last.body);
    expect(body.startsWith(`${MARKER}\n`)).toBe(true);
    expect(body).toContain("🛑 Blocked");
    expect(body).toContain("`Namespace kube-node-lease` pruned by app `web`");
    expect(done.last).toMatchObject({ status: "completed", conclusion: "failure" });
    expect(r.outputs).toMatchObject({ verdict: "block", deletions: "1" });
    expect(await report(r)).toMatchObject({ verdict: "block", head: { sha: o.headSha }, base: { sha: o.baseSha } });
    expect(r.summary).toContain("🛑 Blocked");
    expect(r.log).toMatch(/^::error::Argo CD blast radius: verdict block, 1 deletion/m);
    // The pull request's content was only read: the workspace is as actions/checkout left it.
    expect(await git(ws, "status", "--porcelain")).toBe("");
    expect(await git(ws, "rev-parse", "HEAD")).toBe(o.mergeSha);
  });

  it("passing PR: check success, comment, outputs, step passes", async () => {
    const o = await origin(PASSING);
    const ws = await shallowCheckout(o, o.mergeSha);
    const [check, done, comment] = [new Captured(), new Captured(), new Captured()];
    mockRun({ check, done, comment });

    const r = await run({ event: "pull_request", payload: prPayload(o), workspace: ws, sha: o.mergeSha });

    expect(r.code).toBe(0);
    expect(done.last).toMatchObject({ conclusion: "success" });
    expect(String(comment.last.body)).toContain("✅ Pass");
    expect(r.outputs).toMatchObject({ verdict: "pass", deletions: "0" });
    expect(r.summary).toContain("✅ Pass");
  });

  it("rerun edits the one comment it wrote; another app's marker and planted approval are ignored", async () => {
    const o = await origin(BLOCKING);
    const ws = await shallowCheckout(o, o.mergeSha);
    const [check, done, comment] = [new Captured(), new Captured(), new Captured()];
    const planted = `${MARKER}\n<!-- argocd-blast-radius:approved sha=${o.headSha} by=Codertocat -->\nlooks fine`;
    mockRun({
      check,
      done,
      comment,
      comments: [
        { id: 10, body: planted, author: "other-app" },
        { id: 11, body: planted, author: "user" },
        { id: 12, body: `${MARKER}\nan older report` },
      ],
      updateId: 12,
    });

    const r = await run({
      event: "pull_request",
      payload: prPayload(o, "synchronize"),
      workspace: ws,
      sha: o.mergeSha,
    });

    expect(r.code).toBe(1);
    expect(comment.bodies).toHaveLength(1);
    expect(String(comment.last.body)).toContain("🛑 Blocked");
    expect(String(comment.last.body)).not.toContain("approved");
    expect(done.last).toMatchObject({ conclusion: "failure" });
  });

  it("an edit that does not change the base branch analyses nothing and calls nothing", async () => {
    const o = await origin(BLOCKING);
    const r = await run({ event: "pull_request", payload: prPayload(o, "edited"), workspace: o.root });
    expect(r.code).toBe(0);
    expect(r.outputs).toEqual({});
  });

  it("a fork's pull request (read-only token): no check, no comment, but summary, outputs and exit status", async () => {
    const o = await origin(BLOCKING);
    const ws = await shallowCheckout(o, o.mergeSha);
    const [check, comment] = [new Captured(), new Captured()];
    mockCreateCheckRunAsAction(check, 403);
    mockAppBySlug();
    mockListCommentsOf([]);
    mockCreateCommentRefused(comment);

    const r = await run({
      event: "pull_request",
      payload: prPayload(o, "opened", true),
      workspace: ws,
      sha: o.mergeSha,
    });

    expect(r.code).toBe(1);
    expect(r.outputs).toMatchObject({ verdict: "block", deletions: "1" });
    expect(r.summary).toContain("🛑 Blocked");
    expect(r.summary).toContain("The comment could not be posted: this token may not write to the pull request");
    expect(r.summary).toContain("The check run could not be created");
    expect(r.summary).toContain("fork's pull request");
    expect(r.log).toMatch(/^::warning::The comment could not be posted/m);
  });

  it("shallow checkout of the head only: base and GitHub's test merge are fetched; base's newer apps are not deleted", async () => {
    const later: Files = {
      "apps/other.yaml": application({ name: "other", path: "other", destNs: "other" }),
      "other/c.yaml": configMap("c"),
    };
    const o = await origin(PASSING, { baseLater: later });
    // pull_request_target with `ref: head.sha`: the workspace has the head and nothing else.
    const ws = await shallowCheckout(o, o.headSha);
    expect(await git(ws, "rev-parse", "--is-shallow-repository")).toBe("true");
    const [check, done, comment] = [new Captured(), new Captured(), new Captured()];
    mockRun({ check, done, comment });

    const r = await run({ event: "pull_request_target", payload: prPayload(o), workspace: ws, sha: o.baseSha });

    expect(r.code).toBe(0);
    expect(r.log).toContain(`fetched ${o.baseSha.slice(0, 7)}`);
    expect(r.log).toContain("refs/pull/2/merge");
    const rep = await report(r);
    expect(rep.verdict).toBe("pass");
    expect(rep.deletions).toEqual([]);
    expect(rep.applications.find((a: any) => a.name === "other")?.change).toBe("unchanged");
    expect(await git(ws, "rev-parse", "HEAD")).toBe(o.headSha);
    expect(await git(ws, "status", "--porcelain")).toBe("");
  });

  it("helm missing: the check fails naming helm, the step fails, never a pass", async () => {
    const o = await origin(PASSING);
    const ws = await shallowCheckout(o, o.mergeSha);
    const [check, done] = [new Captured(), new Captured()];
    mockCreateCheckRunAsAction(check);
    mockListCommentsOf([]);
    mockCompleteCheckRun(done);
    const saved = process.env.HELM_BIN;
    process.env.HELM_BIN = "/nonexistent/helm";
    let r: Run;
    try {
      r = await run({ event: "pull_request", payload: prPayload(o), workspace: ws, sha: o.mergeSha });
    } finally {
      if (saved === undefined) delete process.env.HELM_BIN;
      else process.env.HELM_BIN = saved;
    }
    expect(r.code).toBe(2);
    expect(done.last).toMatchObject({ conclusion: "failure" });
    expect(JSON.stringify(done.last)).toContain("helm not found at /nonexistent/helm (HELM_BIN)");
    expect(r.summary).toContain("The analysis could not run: helm not found");
    expect(r.outputs).toEqual({});
    expect(r.log).toMatch(/^::error::Argo CD blast radius: the analysis could not run: helm not found/m);
  });

  it("fail-on: warn fails on warnings, never passes a block; bad input values are errors", async () => {
    const o = await origin(BLOCKING);
    const ws = await shallowCheckout(o, o.mergeSha);
    const r = await run({
      event: "pull_request",
      payload: prPayload(o),
      workspace: ws,
      sha: o.mergeSha,
      inputs: { "INPUT_FAIL-ON": "never", INPUT_CHECK: "false", INPUT_COMMENT: "false" },
    });
    expect(r.code).toBe(0);
    expect(r.outputs.verdict).toBe("block");
    const bad = await run({
      event: "pull_request",
      payload: prPayload(o),
      workspace: ws,
      inputs: { "INPUT_FAIL-ON": "sometimes" },
    });
    expect(bad.code).toBe(2);
    expect(bad.log).toContain("the fail-on input must be block, warn or never, not sometimes");
  });

  it("the job cancelled mid-run: the check is completed as cancelled, naming how to run again", async () => {
    const o = await origin(PASSING);
    const ws = await shallowCheckout(o, o.mergeSha);
    const [check, cancelled, done, comment] = [new Captured(), new Captured(), new Captured(), new Captured()];
    mockCreateCheckRunAsAction(check);
    mockCompleteCheckRun(cancelled);
    mockListCommentsOf([]);
    mockCreateComment(comment);
    mockCompleteCheckRun(done);
    let hook: (() => Promise<void>) | undefined;
    const r = await run({
      event: "pull_request",
      payload: prPayload(o),
      workspace: ws,
      sha: o.mergeSha,
      deps: deps({
        onCancel: (h) => {
          hook = h;
          return () => (hook = undefined);
        },
        analyze: async (p) => {
          await hook?.(); // the runner's SIGINT arrives while the analysis runs
          return analyze(p);
        },
      }),
    });
    expect(r.code).toBe(0);
    expect(cancelled.last).toMatchObject({ status: "completed", conclusion: "cancelled" });
    expect(String((cancelled.last.output as any).summary)).toContain("/blast-radius");
    expect(hook).toBeUndefined();
  });
});

describe("issue_comment slash commands", () => {
  it("/blast-radius approve by a writer: the check turns success naming the approver, bound to the head", async () => {
    const o = await origin(BLOCKING);
    // issue_comment workflows check out the default branch: the PR's commits are fetched.
    const ws = await shallowCheckout(o, o.baseSha);
    const [reaction, check, done, comment] = [new Captured(), new Captured(), new Captured(), new Captured()];
    mockPermission("Codertocat", "write", "write");
    mockReaction(reaction, 700);
    mockGetPull({ headSha: o.headSha, baseSha: o.baseSha });
    mockRun({ check, done, comment, comments: [{ id: 12, body: `${MARKER}\nold` }], updateId: 12 });

    const r = await run({ event: "issue_comment", payload: commentPayload(o, "/blast-radius approve"), workspace: ws });

    expect(r.code).toBe(0);
    expect(reaction.bodies).toEqual([{ content: "+1" }]);
    expect(check.last).toMatchObject({ head_sha: o.headSha });
    expect(String(comment.last.body).split("\n")[1]).toBe(
      `<!-- argocd-blast-radius:approved sha=${o.headSha} by=Codertocat -->`,
    );
    expect(done.last).toMatchObject({ conclusion: "success" });
    expect(JSON.stringify(done.last)).toContain("Codertocat");
    expect(r.outputs.verdict).toBe("block");
    expect(r.log).toMatch(/^::notice::Argo CD blast radius: verdict block, accepted by @Codertocat/m);
  });

  it("an approval recorded in our own comment for this head keeps the next run green", async () => {
    const o = await origin(BLOCKING);
    const ws = await shallowCheckout(o, o.mergeSha);
    const [check, done, comment] = [new Captured(), new Captured(), new Captured()];
    const ours = `${MARKER}\n<!-- argocd-blast-radius:approved sha=${o.headSha} by=Codertocat -->\nold`;
    mockRun({ check, done, comment, comments: [{ id: 12, body: ours }], updateId: 12 });
    const r = await run({ event: "pull_request", payload: prPayload(o, "reopened"), workspace: ws, sha: o.mergeSha });
    expect(r.code).toBe(0);
    expect(done.last).toMatchObject({ conclusion: "success" });
  });

  it("/blast-radius approve by a reader is refused, with nothing analysed", async () => {
    const o = await origin(BLOCKING);
    const [reaction, reply] = [new Captured(), new Captured()];
    mockPermission("someone", "read", "read");
    mockReaction(reaction, 700);
    mockCreateComment(reply);

    const r = await run({
      event: "issue_comment",
      payload: commentPayload(o, "/blast-radius approve", "someone"),
      workspace: o.root,
    });

    expect(r.code).toBe(0);
    expect(reaction.bodies).toEqual([{ content: "-1" }]);
    expect(String(reply.last.body)).toContain("needs write access");
    expect(r.outputs).toEqual({});
  });

  it("/blast-radius help answers with the commands", async () => {
    const o = await origin(BLOCKING);
    const [reaction, reply] = [new Captured(), new Captured()];
    mockReaction(reaction, 700);
    mockCreateComment(reply);
    const r = await run({
      event: "issue_comment",
      payload: commentPayload(o, "/blast-radius help"),
      workspace: o.root,
    });
    expect(r.code).toBe(0);
    expect(String(reply.last.body)).toContain("/blast-radius approve");
  });

  it("a comment that is no command, or a bot's, does nothing at all", async () => {
    const o = await origin(BLOCKING);
    expect((await run({ event: "issue_comment", payload: commentPayload(o, "lgtm"), workspace: o.root })).code).toBe(0);
    const bot = commentPayload(o, "/blast-radius approve");
    bot.sender.type = "Bot";
    expect((await run({ event: "issue_comment", payload: bot, workspace: o.root })).code).toBe(0);
  });
});

describe("the run itself", () => {
  it("an unsupported event, or no workspace repository, fails the step with the reason", async () => {
    const o = await origin(BLOCKING);
    const push = await run({ event: "push", payload: {}, workspace: o.root });
    expect(push.code).toBe(2);
    expect(push.log).toContain("the push event is not supported");
    const [check, done] = [new Captured(), new Captured()];
    mockCreateCheckRunAsAction(check);
    mockListCommentsOf([]);
    mockCompleteCheckRun(done);
    const empty = await mkdtemp(join(tmpdir(), "action-empty-"));
    cleanups.push(() => rm(empty, { recursive: true, force: true }));
    const r = await run({ event: "pull_request", payload: prPayload(o), workspace: empty });
    expect(r.code).toBe(2);
    expect(r.log).toContain("is not a git repository: check the repository out first (actions/checkout)");
    expect(done.last).toMatchObject({ conclusion: "failure" });
  });
});
