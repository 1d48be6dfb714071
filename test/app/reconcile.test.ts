// Reconcile on start: a check of ours left queued or in progress by a dead
// process is re-queued under its own id and completed; a pull request pushed
// while the app was down gets its run; a completed check is left alone.
import { describe, it, expect, beforeEach, afterEach } from "@jest/globals";
import nock from "nock";
import { createApp, defaultQueue } from "../../src/app/create-app.js";
import { reconcile } from "../../src/app/reconcile.js";
import {
  API,
  Captured,
  mockCompleteCheckRun,
  mockCreateCheckRun,
  mockGetPull,
  mockInstallationToken,
  mockListComments,
  mockRepoConfig,
  OWNER,
  REPO,
} from "./support/github-api.js";
import {
  cannedReport,
  fakeDeps,
  okOutcome,
  pullRequestPayload,
  RecordingLogger,
  testProbot,
} from "./support/fixtures.js";

const R = `/repos/${OWNER}/${REPO}`;
let unexpected: string[];
const onNoMatch = (req: { method?: string; path?: string }) => unexpected.push(`${req.method} ${req.path}`);

beforeEach(() => {
  nock.disableNetConnect();
  unexpected = [];
  nock.emitter.on("no match", onNoMatch);
});
afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  nock.emitter.removeListener("no match", onNoMatch);
  expect(unexpected).toEqual([]);
  expect(pending).toEqual([]);
});

function checkRuns(sha: string, runs: { id: number; status: string; appId: number }[]): void {
  nock(API)
    .get(`${R}/commits/${sha}/check-runs`)
    .query({ check_name: "Argo CD blast radius", filter: "all", per_page: "100" })
    .reply(200, {
      total_count: runs.length,
      check_runs: runs.map((r) => ({ id: r.id, status: r.status, app: { id: r.appId } })),
    });
}

describe("reconcile", () => {
  it("re-queues our orphaned check, starts a run for an unanalysed head, leaves completed checks alone", async () => {
    const log = new RecordingLogger();
    const probot = testProbot({ log });
    const fake = fakeDeps((p) => okOutcome(cannedReport("no-change", p.head)));
    const queue = defaultQueue(fake.deps);
    await probot.load(createApp(fake.deps, { queue, role: "worker" }));
    const repository = pullRequestPayload("opened").repository as Record<string, unknown>;
    const pull = (number: number, sha: string) => ({
      number,
      state: "open",
      head: { sha, ref: `b${number}` },
      base: { sha: "f".repeat(40), ref: "master" },
    });
    const [orphan, fresh, created] = ["a".repeat(40), "b".repeat(40), "c".repeat(40)];

    nock(API)
      .get("/app/installations")
      .query(true)
      .reply(200, [{ id: 1, account: { login: OWNER } }]);
    mockInstallationToken();
    nock(API)
      .get("/installation/repositories")
      .query(true)
      .reply(200, { total_count: 1, repositories: [repository] });
    nock(API)
      .get(`${R}/pulls`)
      .query({ state: "open", per_page: "100" })
      .reply(200, [pull(1, orphan), pull(2, fresh), pull(3, created)]);
    // PR 1: our check in progress (its process died), another app's check ignored.
    checkRuns(orphan, [
      { id: 77, status: "in_progress", appId: 123 },
      { id: 5, status: "in_progress", appId: 999 },
    ]);
    // PR 2: no check of ours at all.
    checkRuns(fresh, [{ id: 6, status: "queued", appId: 999 }]);
    // PR 3: ours, completed: nothing to do.
    checkRuns(created, [{ id: 88, status: "completed", appId: 123 }]);

    const [done77, newCheck, done90] = [new Captured(), new Captured(), new Captured()];
    mockCreateCheckRun(newCheck, 90);
    for (const [sha, number] of [
      [orphan, 1],
      [fresh, 2],
    ] as const) {
      mockRepoConfig(undefined);
      mockGetPull({ headSha: sha, number });
      mockListComments([], number);
    }
    mockCompleteCheckRun(done77, 77);
    mockCompleteCheckRun(done90, 90);

    const result = await reconcile({
      appOctokit: await probot.auth(),
      auth: async (id) => await probot.auth(id),
      deps: fake.deps,
      queue,
      log: log.asLogger(),
      maxPullRequests: 10,
    });
    await queue.idle();

    expect(result).toEqual({ requeued: 1, started: 1, pullRequests: 3 });
    expect(newCheck.last).toMatchObject({ head_sha: fresh, status: "queued" });
    expect(done77.last).toMatchObject({ status: "completed", conclusion: "success" });
    expect(done90.last).toMatchObject({ status: "completed", conclusion: "success" });
    expect(fake.analyzeCalls.map((c) => c.head).sort()).toEqual([orphan, fresh]);
  });
});

describe("drain", () => {
  it("a run still going when the grace period ends completes its check as interrupted, naming the rerun command", async () => {
    const log = new RecordingLogger();
    const probot = testProbot({ log });
    const fake = fakeDeps(() => new Promise(() => undefined));
    const queue = defaultQueue(fake.deps);
    await probot.load(createApp(fake.deps, { queue }));
    const [check, done] = [new Captured(), new Captured()];
    mockInstallationToken();
    mockCreateCheckRun(check);
    mockRepoConfig(undefined);
    mockCompleteCheckRun(done);

    await probot.receive({ id: "d", name: "pull_request", payload: pullRequestPayload("opened") } as never);
    while (fake.analyzeCalls.length < 1) await new Promise((r) => setTimeout(r, 5));
    await queue.close(50);

    expect(done.last).toMatchObject({
      status: "completed",
      conclusion: "failure",
      output: { title: "Analysis interrupted" },
    });
    expect(JSON.stringify(done.last.output)).toContain("/blast-radius");
  });
});
