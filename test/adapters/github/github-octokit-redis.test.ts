// Probot's own throttling shares its state through Redis when REDIS_URL is set (Probot builds a
// Bottleneck cluster on an ioredis connection): our githubOctokit() override must keep it.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import nock from "nock";
import { Redis } from "ioredis";
import { Probot, type ProbotOctokit } from "probot";
import { githubOctokit } from "../../../src/adapters/github/github-octokit.js";
import { startRedis, type RedisProcess } from "../../../src/dev/harness/redis-server.js";
import { RecordingLogger, testPrivateKey } from "../../app/support/fixtures.js";
import { API, mockInstallationToken } from "../../app/support/github-api.js";

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect("127.0.0.1");
});
afterAll(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

interface Disconnectable {
  disconnect(flush?: boolean): Promise<void>;
}

/** The keys in a fresh Redis after one request of an installation client. */
async function keysAfterOneRequest(Base: typeof ProbotOctokit): Promise<string[]> {
  const redis: RedisProcess = await startRedis();
  const client = new Redis(redis.url);
  // Probot's Bottleneck connection, so the test can close it (Probot never does).
  const connections = new Set<Disconnectable>();
  const Octokit = Base.defaults((o: { throttle?: { connection?: Disconnectable } }) => {
    if (o.throttle?.connection) connections.add(o.throttle.connection);
    return o;
  });
  try {
    const probot = new Probot({
      appId: 123,
      privateKey: testPrivateKey(),
      secret: "s",
      redisConfig: redis.url,
      Octokit,
      log: new RecordingLogger().asLogger(),
    });
    mockInstallationToken();
    nock(API).get("/repos/o/r").reply(200, { id: 1 });
    const octokit = await probot.auth(1);
    await octokit.request("GET /repos/o/r");
    // Bottleneck frees the job's slot in Redis after the answer: let it finish.
    await new Promise((r) => setTimeout(r, 300));
    return (await client.keys("*")).sort();
  } finally {
    client.disconnect();
    await Promise.all([...connections].map((c) => c.disconnect(false).catch(() => undefined)));
    await redis.stop();
  }
}

describe("githubOctokit with REDIS_URL", () => {
  it("installation clients go through Probot's Redis-backed limiter (Bottleneck keys appear in Redis)", async () => {
    // Probot's plugin-throttling keeps its limiter groups per process (module state), so this file
    // checks our Octokit only; a Probot without the override writes the same keys.
    const keys = await keysAfterOneRequest(githubOctokit());
    // The installation token request (group "auth") and the API request (group "global"), both
    // keyed by the installation id, so every process of one deployment shares one budget.
    expect(keys).toEqual(expect.arrayContaining(["b_octokit-auth-1_settings", "b_octokit-global-1_settings"]));
  });
});
