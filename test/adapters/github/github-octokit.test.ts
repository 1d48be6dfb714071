// Rate limits are waited out, bounded: GitHub's real answer shapes (secondary: 403 or 429 with
// `retry-after` and the "secondary rate limit" message; primary: `x-ratelimit-remaining: 0` and
// `x-ratelimit-reset`), through the app's Probot setup and through the token client.
import { describe, it, expect, beforeEach, afterEach } from "@jest/globals";
import nock from "nock";
import { Probot } from "probot";
import { githubOctokit, type RateLimitPolicy } from "../../../src/adapters/github/github-octokit.js";
import { createTokenClient } from "../../../src/adapters/github/create-token-client.js";
import { getPullRequest } from "../../../src/adapters/github/get-pull-request.js";
import { createCheckRun } from "../../../src/adapters/github/create-check-run.js";
import type { GitHubClient } from "../../../src/adapters/github/github-client.js";
import { API, mockInstallationToken, OWNER, REPO } from "../../app/support/github-api.js";
import { RecordingLogger, testPrivateKey } from "../../app/support/fixtures.js";

// One "second" of GitHub's retry-after is 1 ms here.
const FAST: RateLimitPolicy = { retries: 3, maxWaitSeconds: 300, msPerSecond: 1 };
const repo = { owner: OWNER, repo: REPO };
const PULL = `/repos/${OWNER}/${REPO}/pulls/2`;
const pull = { number: 2, state: "open", head: { sha: "h".repeat(40) }, base: { sha: "b".repeat(40), ref: "main" } };

const SECONDARY = {
  message:
    "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID 0000:1111:2222:3333:4444.",
  documentation_url: "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits",
  status: "403",
};
const secondaryHeaders = { "retry-after": "60", "x-ratelimit-remaining": "4000", "x-ratelimit-limit": "5000" };

function primaryHeaders(resetInSeconds: number): Record<string, string> {
  return {
    "x-ratelimit-limit": "5000",
    "x-ratelimit-remaining": "0",
    "x-ratelimit-used": "5000",
    "x-ratelimit-resource": "core",
    "x-ratelimit-reset": String(Math.floor(Date.now() / 1000) + resetInSeconds),
  };
}
const PRIMARY = {
  message: "API rate limit exceeded for installation ID 1.",
  documentation_url: "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api",
  status: "403",
};

let log: RecordingLogger;

beforeEach(() => {
  nock.disableNetConnect();
  log = new RecordingLogger();
});

afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

/** The installation client as the app gets it: Probot's own setup around our Octokit class. */
async function appClient(policy: RateLimitPolicy = FAST): Promise<GitHubClient> {
  const probot = new Probot({
    appId: 123,
    privateKey: testPrivateKey(),
    Octokit: githubOctokit(policy),
    log: log.asLogger(),
  });
  mockInstallationToken();
  return probot.auth(1);
}

describe("the app's client", () => {
  it("waits out a secondary rate limit (403, retry-after) and goes on", async () => {
    const octokit = await appClient();
    nock(API).get(PULL).reply(403, SECONDARY, secondaryHeaders).get(PULL).reply(200, pull);
    const pr = await getPullRequest({ octokit, repo, pullNumber: 2 });
    expect(pr.number).toBe(2);
    expect(log.lines.join("\n")).toContain(
      `GitHub secondary rate limit on GET /repos/{owner}/{repo}/pulls/{pull_number}: retry 1 of 3 in 60 s`,
    );
  });

  it("also as a 429, and for a write (creating the check run)", async () => {
    const octokit = await appClient();
    nock(API)
      .post(`/repos/${OWNER}/${REPO}/check-runs`)
      .reply(429, { ...SECONDARY, status: "429" }, secondaryHeaders)
      .post(`/repos/${OWNER}/${REPO}/check-runs`)
      .reply(201, { id: 7 });
    const check = await createCheckRun({ octokit, repo, name: "n", headSha: "h".repeat(40) });
    expect(check.id).toBe(7);
    expect(nock.pendingMocks()).toEqual([]);
  });

  it("waits until x-ratelimit-reset on an exhausted primary limit", async () => {
    const octokit = await appClient();
    nock(API).get(PULL).reply(403, PRIMARY, primaryHeaders(0)).get(PULL).reply(200, pull);
    expect((await getPullRequest({ octokit, repo, pullNumber: 2 })).number).toBe(2);
    expect(log.lines.join("\n")).toMatch(/GitHub rate limit on GET \/repos\/.*: retry 1 of 3 in \d+ s/);
  });

  it("gives up after the bounded number of retries, with GitHub's message", async () => {
    const octokit = await appClient();
    nock(API).get(PULL).times(4).reply(403, SECONDARY, secondaryHeaders);
    await expect(getPullRequest({ octokit, repo, pullNumber: 2 })).rejects.toThrow(/secondary rate limit/);
    expect(nock.pendingMocks()).toEqual([]);
    expect(log.lines.join("\n")).toContain("giving up after 3 retries");
  });

  it("does not wait longer than allowed: a limit resetting in an hour fails at once", async () => {
    const octokit = await appClient();
    nock(API).get(PULL).reply(403, PRIMARY, primaryHeaders(3600));
    const started = Date.now();
    await expect(getPullRequest({ octokit, repo, pullNumber: 2 })).rejects.toThrow(/API rate limit exceeded/);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(log.lines.join("\n")).toMatch(/asks to wait 360\d s, more than 300 s: giving up/);
  });

  it("a 403 that is no rate limit (a missing permission) is not retried", async () => {
    const octokit = await appClient();
    nock(API).get(PULL).reply(403, { message: "Resource not accessible by integration", status: "403" });
    await expect(getPullRequest({ octokit, repo, pullNumber: 2 })).rejects.toThrow(/not accessible/);
  });
});

describe("the token client (the Action's)", () => {
  it("waits out a secondary rate limit, bounded", async () => {
    const octokit = createTokenClient({ token: "t", baseUrl: API, rateLimits: FAST });
    nock(API).get(PULL).reply(403, SECONDARY, secondaryHeaders).get(PULL).reply(200, pull);
    expect((await getPullRequest({ octokit, repo, pullNumber: 2 })).number).toBe(2);
    nock(API).get(PULL).times(4).reply(403, SECONDARY, secondaryHeaders);
    await expect(getPullRequest({ octokit, repo, pullNumber: 2 })).rejects.toThrow(/secondary rate limit/);
    expect(nock.pendingMocks()).toEqual([]);
  });
});
