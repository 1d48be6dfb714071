// Webhooks answered before their GitHub writes: under a burst, Octokit spaces one installation's
// writes about a second apart, so an answer that waited for the check run came after ~9 s.
import { describe, it, expect, beforeEach, afterEach } from "@jest/globals";
import nock from "nock";
import { BackgroundWork } from "../../src/app/background-work.js";
import { createApp, defaultQueue } from "../../src/app/create-app.js";
import {
  Captured,
  HEAD_SHA,
  mockCompleteCheckRun,
  mockCreateCheckRun,
  mockCreateComment,
  mockGetPull,
  mockInstallationToken,
  mockListComments,
  mockRepoConfig,
} from "./support/github-api.js";
import {
  cannedReport,
  fakeDeps,
  okOutcome,
  pullRequestPayload,
  RecordingLogger,
  testProbot,
} from "./support/fixtures.js";

describe("BackgroundWork", () => {
  it("tracks what it started until it ends, and settle waits for it", async () => {
    const work = new BackgroundWork();
    let release!: () => void;
    work.run(() => new Promise<void>((r) => (release = r)));
    expect(work.size).toBe(1);
    const settled = work.settle(10_000);
    release();
    await settled;
    expect(work.size).toBe(0);
  });

  it("settle gives up after its bound (a drain is never held by a hung write)", async () => {
    const work = new BackgroundWork();
    work.run(() => new Promise<void>(() => undefined));
    const t0 = Date.now();
    await work.settle(50);
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(work.size).toBe(1);
  });
});

describe("createApp with background work", () => {
  beforeEach(() => nock.disableNetConnect());
  afterEach(() => nock.cleanAll());

  it("answers the webhook before creating the check; the check, the job and the run follow", async () => {
    const fake = fakeDeps(() => okOutcome(cannedReport("pass")));
    const [check, done, comment] = [new Captured(), new Captured(), new Captured()];
    mockInstallationToken();
    mockCreateCheckRun(check);
    mockRepoConfig(undefined);
    mockGetPull({ headSha: HEAD_SHA });
    mockListComments([]);
    mockCreateComment(comment);
    mockCompleteCheckRun(done);
    const background = new BackgroundWork();
    const queue = defaultQueue(fake.deps);
    const probot = testProbot({ log: new RecordingLogger() });
    await probot.load(createApp(fake.deps, { queue, background }));

    await probot.receive({ id: "d1", name: "pull_request", payload: pullRequestPayload("synchronize") } as never);
    // Answered: nothing written to GitHub yet, the write is pending in the background.
    expect(check.bodies).toEqual([]);
    expect(background.size).toBe(1);

    await background.settle(10_000);
    await queue.idle();
    expect(check.bodies).toHaveLength(1);
    expect(done.last).toMatchObject({ conclusion: "success" });
    expect(nock.pendingMocks()).toEqual([]);
  });
});
