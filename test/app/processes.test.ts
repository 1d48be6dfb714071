// End to end across processes: the built app (node dist/app/main.js) against the fake GitHub
// (a real HTTP server in this process; git served by `git http-backend`), the analysis made slow
// and observable by a plugin that sleeps with a unique command line.
//  - Redis mode: one web and two workers; the worker that took the job is killed with SIGKILL
//    mid-analysis; BullMQ's stalled-job recovery hands the job to the other, which completes the
//    same check run.
//  - Embedded (no Redis): the app is killed with SIGKILL mid-analysis and started again; the
//    reconcile on start completes the check it left behind.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { execa } from "execa";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { deliverWebhook, startFakeGitHub, type FakeGitHub } from "../../src/dev/harness/fake-github-server.js";
import {
  startAppProcess,
  WEBHOOK_SECRET,
  writeServerConfig,
  type AppProcess,
} from "../../src/dev/harness/app-process.js";
import { makeRepo } from "../scenario/scenario-repo.js";
import { processesMatching, uniqueSleep, waitFor } from "../support/processes.js";
import { startRedis, type RedisProcess } from "../../src/dev/harness/redis-server.js";
import { ensureBuilt } from "./support/ensure-built.js";
import { SLOW_APP } from "../support/slow-app.js";

/** A plugin that runs `sleep` (unique per process) and then renders one ConfigMap. */
function pluginConfig(sleep: string): string {
  const script = `${sleep}; printf 'apiVersion: v1\\nkind: ConfigMap\\nmetadata:\\n  name: slow\\n'`;
  return [
    "repoURLs: [https://github.com/example-org/gitops.git]",
    "plugins:",
    "  - name: slow",
    "    generate:",
    "      command: [sh, -c]",
    `      args: [${JSON.stringify(script)}]`,
    "",
  ].join("\n");
}

let repo: { dir: string; cleanup: () => Promise<void> };
let github: FakeGitHub;
const cleanups: (() => Promise<unknown>)[] = [];

async function sha(rev: string): Promise<string> {
  return (await execa("git", ["-C", repo.dir, "rev-parse", rev])).stdout.trim();
}

beforeAll(async () => {
  await ensureBuilt();
  repo = await makeRepo({
    base: { "apps.yaml": SLOW_APP, "apps/slow/a.txt": "a\n" },
    head: { "apps/slow/a.txt": "b\n" },
  });
  github = await startFakeGitHub({
    owner: "example-org",
    repo: "gitops",
    gitDir: repo.dir,
    appId: 123,
    installationId: 1,
  });
  github.pulls.set(7, {
    number: 7,
    headSha: await sha("feature"),
    baseSha: await sha("main"),
    baseRef: "main",
    headRef: "feature",
  });
}, 240_000);

afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
  await github?.close();
  await repo?.cleanup();
});

async function app(params: { name: string; sleep: string; env?: Record<string, string> }): Promise<AppProcess> {
  const config = await writeServerConfig(pluginConfig(params.sleep));
  cleanups.push(config.dispose);
  const cacheDir = join(config.path, "..", "cache");
  const proc = await startAppProcess({
    name: params.name,
    githubHost: github.host,
    env: { BLAST_RADIUS_CONFIG: config.path, BLAST_RADIUS_CACHE_DIR: cacheDir, ...params.env },
  });
  cleanups.push(() => proc.kill("SIGKILL"));
  cleanups.push(() => rm(cacheDir, { recursive: true, force: true }));
  return proc;
}

function onlyCheck() {
  expect(github.checkRuns.size).toBe(1);
  return [...github.checkRuns.values()][0]!;
}

describe("across processes", () => {
  let redis: RedisProcess;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis.stop();
  });

  it("a worker killed mid-analysis: the other worker completes the same check run", async () => {
    github.checkRuns.clear();
    // The workers' reconcile on start finds nothing to do: the pull request arrives by webhook.
    github.unlisted.add(7);
    const sleeps = { a: uniqueSleep(4), b: uniqueSleep(4) };
    const env = { REDIS_URL: redis.url, BLAST_RADIUS_QUEUE_LOCK_MS: "2000", BLAST_RADIUS_DRAIN_SECONDS: "1" };
    const [web, a, b] = await Promise.all([
      app({ name: "web", sleep: sleeps.a, env: { ...env, BLAST_RADIUS_ROLE: "web" } }),
      app({ name: "worker-a", sleep: sleeps.a, env: { ...env, BLAST_RADIUS_ROLE: "worker" } }),
      app({ name: "worker-b", sleep: sleeps.b, env: { ...env, BLAST_RADIUS_ROLE: "worker" } }),
    ]);
    await Promise.all([a.waitForLog("reconcile done"), b.waitForLog("reconcile done")]);
    github.unlisted.delete(7);
    const t0 = Date.now();
    const answer = await deliverWebhook({
      url: web.webhookUrl,
      secret: WEBHOOK_SECRET,
      name: "pull_request",
      payload: github.pullRequestPayload("opened", 7),
    });
    expect(answer.status).toBe(200);
    // The answer does not wait for the check run (background-work.ts): it follows at once.
    await waitFor(async () => Promise.resolve(github.checkRuns.size > 0), 10_000);
    expect(onlyCheck().status).not.toBe("completed");

    // Whichever worker took the job runs its own plugin: kill that worker.
    let taken: "a" | "b" | undefined;
    await waitFor(async () => {
      if ((await processesMatching(sleeps.a)).length > 0) taken = "a";
      else if ((await processesMatching(sleeps.b)).length > 0) taken = "b";
      return taken !== undefined;
    }, 30_000);
    const [killed, survivor] = taken === "a" ? [a, b] : [b, a];
    await killed.kill("SIGKILL");
    // Its plugin dies with it (the wrappers' parent-death signal).
    await waitFor(async () => (await processesMatching(sleeps[taken!])).length === 0, 5000);

    // The survivor runs the job again (its own plugin), then completes the check.
    const other = taken === "a" ? sleeps.b : sleeps.a;
    let survivorRan = false;
    await waitFor(async () => {
      survivorRan ||= (await processesMatching(other)).length > 0;
      return onlyCheck().status === "completed";
    }, 30_000);
    const check = onlyCheck();
    expect(survivorRan).toBe(true);
    expect(await survivor.waitForLog("analysis run finished", 5000)).toMatchObject({ outcome: "published" });
    expect(killed.lines.join("\n")).not.toContain("analysis run finished");
    expect(check.conclusion).toBe("success");
    expect(check.updates.map((u) => (u.output as { title?: string } | undefined)?.title)).not.toContain(
      "Analysis interrupted",
    );
    expect(Date.now() - t0).toBeLessThan(30_000);
  }, 90_000);
});

describe("embedded (no Redis)", () => {
  it("killed mid-analysis and started again: the reconcile completes the check it left in progress", async () => {
    github.checkRuns.clear();
    github.unlisted.add(7);
    const sleep = uniqueSleep(600);
    const first = await app({ name: "embedded", sleep });
    await first.waitForLog("reconcile done");
    github.unlisted.delete(7);
    const answer = await deliverWebhook({
      url: first.webhookUrl,
      secret: WEBHOOK_SECRET,
      name: "pull_request",
      payload: github.pullRequestPayload("opened", 7),
    });
    expect(answer.status).toBe(200);
    await waitFor(async () => Promise.resolve(github.checkRuns.size > 0), 10_000);
    const checkId = onlyCheck().id;
    await waitFor(async () => (await processesMatching(sleep)).length > 0, 30_000);
    await first.kill("SIGKILL");
    await waitFor(async () => (await processesMatching(sleep)).length === 0, 5000);
    expect(onlyCheck().status).not.toBe("completed");

    const t0 = Date.now();
    const again = await app({ name: "embedded-restarted", sleep: uniqueSleep(1) });
    const reconciled = await again.waitForLog("reconcile done");
    expect(reconciled).toMatchObject({ requeued: 1, started: 0 });
    await waitFor(async () => Promise.resolve(onlyCheck().status === "completed"), 30_000);
    expect(onlyCheck()).toMatchObject({ id: checkId, status: "completed", conclusion: "success" });
    expect(Date.now() - t0).toBeLessThan(30_000);
  }, 90_000);
});
