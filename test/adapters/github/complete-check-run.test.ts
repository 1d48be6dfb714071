// Completing the check through a GitHub outage: retried with growing waits for minutes (the
// clock is injected, so ten minutes pass in milliseconds), one log line per failed attempt.
import { describe, it, expect, beforeEach, afterEach } from "@jest/globals";
import nock from "nock";
import { completeCheckRun, DEFAULT_COMPLETION_RETRY } from "../../../src/adapters/github/complete-check-run.js";
import { createTokenClient } from "../../../src/adapters/github/create-token-client.js";
import { API, OWNER, REPO } from "../../app/support/github-api.js";

const PATCH = `/repos/${OWNER}/${REPO}/check-runs/42`;
const repo = { owner: OWNER, repo: REPO };
const output = { conclusion: "success" as const, title: "t", summary: "s" };

function fakeClock() {
  let t = 0;
  const delays: number[] = [];
  return { delays, now: () => t, sleep: (ms: number) => ((t += ms), delays.push(ms), Promise.resolve()) };
}

function recordingLog() {
  const lines: string[] = [];
  return { lines, warn: (meta: object, msg: string) => void lines.push(`${msg} ${JSON.stringify(meta)}`) };
}

const octokit = () => createTokenClient({ token: "t", baseUrl: API, retries: false });

beforeEach(() => nock.disableNetConnect());
afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

describe("completeCheckRun", () => {
  it("waits out a few minutes of 5xx and network errors, then completes", async () => {
    const clock = fakeClock();
    const log = recordingLog();
    nock(API)
      .patch(PATCH)
      .times(4)
      .reply(503, { message: "Service Unavailable" })
      .patch(PATCH)
      .replyWithError("connect ECONNREFUSED")
      .patch(PATCH)
      .times(3)
      .reply(502, { message: "Bad Gateway" })
      .patch(PATCH)
      .reply(200, { id: 42 });
    await completeCheckRun({ octokit: octokit(), repo, checkRunId: 42, output, log, retry: clock });
    expect(nock.pendingMocks()).toEqual([]);
    expect(clock.delays).toEqual([1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000]);
    // more than three minutes of outage survived
    expect(clock.delays.reduce((a, b) => a + b)).toBeGreaterThan(3 * 60 * 1000);
    expect(log.lines).toHaveLength(8);
    expect(log.lines[0]).toMatch(/^check run completion failed, retrying \{"checkRunId":42,"attempt":1,/);
    expect(log.lines.every((l) => !l.includes("\n"))).toBe(true);
  });

  it("gives up when the retry time is over, with GitHub's error", async () => {
    const clock = fakeClock();
    nock(API).patch(PATCH).times(100).reply(500, { message: "Internal Server Error" });
    await expect(
      completeCheckRun({ octokit: octokit(), repo, checkRunId: 42, output, log: recordingLog(), retry: clock }),
    ).rejects.toThrow(/Internal Server Error/);
    const waited = clock.delays.reduce((a, b) => a + b);
    expect(waited).toBeLessThanOrEqual(DEFAULT_COMPLETION_RETRY.maxElapsedMs);
    expect(waited).toBeGreaterThan(DEFAULT_COMPLETION_RETRY.maxElapsedMs - DEFAULT_COMPLETION_RETRY.maxDelayMs);
  });

  it("the retry time is configurable", async () => {
    const clock = fakeClock();
    nock(API).patch(PATCH).times(100).reply(500, { message: "Internal Server Error" });
    await expect(
      completeCheckRun({ octokit: octokit(), repo, checkRunId: 42, output, retry: { ...clock, maxElapsedMs: 5000 } }),
    ).rejects.toThrow();
    expect(clock.delays).toEqual([1000, 2000]);
  });

  it("a refusal (422) is final: no retry", async () => {
    const clock = fakeClock();
    nock(API).patch(PATCH).reply(422, { message: "Invalid request" });
    await expect(completeCheckRun({ octokit: octokit(), repo, checkRunId: 42, output, retry: clock })).rejects.toThrow(
      /Invalid request/,
    );
    expect(clock.delays).toEqual([]);
  });
});
