// `npm run bench:queue [-- --burst 100] [--drain 30] [--restart 10] [--cost 0.5]`: the app at
// scale, measured on the built app (node dist/app/main.js) in real processes against the fake
// GitHub (src/dev/harness), with a real redis-server. The analysis is the real one on a one-app
// repository whose Application renders with a plugin that sleeps `--cost` seconds: a stub of
// fixed cost (each pull request has its own head commit, so the head side is never a cache hit).
//   1. webhook answer time, p50/p99, of a burst of `--burst` pull_request events sent at once to
//      one web process (Redis mode; nothing else runs), and, since the answer no longer waits for
//      the check run (src/app/background-work.ts), when each event's queued check run appears;
//   2. drain time of `--drain` events (one per pull request) on 1 worker vs 2 workers (each
//      BLAST_RADIUS_MAX_RUNS=2), from the first delivery to the last completed check, and the
//      GitHub writes it made (each run's check and comment are written afresh);
//   3. the embedded app (no Redis) killed with SIGKILL while `--restart` checks are queued or in
//      progress: time from its restart to no check in progress.
import { execa } from "execa";
import { Redis } from "ioredis";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { startAppProcess, WEBHOOK_SECRET, writeServerConfig, type AppProcess } from "../harness/app-process.js";
import { deliverWebhook, startFakeGitHub, type FakeGitHub } from "../harness/fake-github-server.js";
import { startRedis } from "../harness/redis-server.js";

const log = (msg: string) => process.stderr.write(`${msg}\n`);
const load = () => loadavg()[0]!.toFixed(2);

const { values: args } = parseArgs({
  options: {
    burst: { type: "string", default: "100" },
    drain: { type: "string", default: "30" },
    restart: { type: "string", default: "10" },
    cost: { type: "string", default: "0.5" },
  },
});
const BURST = Number(args.burst);
const DRAIN = Number(args.drain);
const RESTART = Number(args.restart);
const COST = Number(args.cost);
const PULLS = Math.max(BURST, DRAIN, RESTART);

const APP = [
  "apiVersion: argoproj.io/v1alpha1",
  "kind: Application",
  "metadata: { name: slow, namespace: argocd }",
  "spec:",
  "  project: default",
  "  source: { repoURL: https://github.com/example-org/gitops.git, path: apps/slow, plugin: { name: slow } }",
  "  destination: { server: https://kubernetes.default.svc, namespace: slow }",
  "",
].join("\n");

const GIT_ENV = {
  GIT_AUTHOR_NAME: "b",
  GIT_AUTHOR_EMAIL: "b@example.com",
  GIT_COMMITTER_NAME: "b",
  GIT_COMMITTER_EMAIL: "b@example.com",
  GIT_CONFIG_NOSYSTEM: "1",
};

/** main with the Application, and one head commit per pull request (pr-N changes a file). */
async function buildRepo(dir: string): Promise<{ base: string; heads: string[] }> {
  const git = async (...a: string[]) =>
    (await execa("git", ["-C", dir, "-c", "commit.gpgsign=false", ...a], { env: GIT_ENV })).stdout.trim();
  await execa("git", ["init", "-q", "-b", "main", dir]);
  await mkdir(join(dir, "apps/slow"), { recursive: true });
  await writeFile(join(dir, "apps.yaml"), APP);
  await writeFile(join(dir, "apps/slow/a.txt"), "base\n");
  await git("add", "-A");
  await git("commit", "-q", "-m", "base");
  const base = await git("rev-parse", "HEAD");
  const heads: string[] = [];
  for (let n = 1; n <= PULLS; n++) {
    await git("checkout", "-q", "-b", `pr-${n}`, base);
    await writeFile(join(dir, "apps/slow/a.txt"), `pr ${n}\n`);
    await git("commit", "-q", "-am", `pr ${n}`);
    heads.push(await git("rev-parse", "HEAD"));
  }
  await git("checkout", "-q", "main");
  return { base, heads };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function waitUntil(cond: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const completedAll = (github: FakeGitHub) => [...github.checkRuns.values()].every((c) => c.status === "completed");

async function main(): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), "br-bench-queue-"));
  const redis = await startRedis();
  const procs: AppProcess[] = [];
  try {
    const gitDir = join(root, "repo");
    const { base, heads } = await buildRepo(gitDir);
    const github = await startFakeGitHub({
      owner: "example-org",
      repo: "gitops",
      gitDir,
      appId: 123,
      installationId: 1,
    });
    heads.forEach((headSha, i) =>
      github.pulls.set(i + 1, { number: i + 1, headSha, baseSha: base, baseRef: "main", headRef: `pr-${i + 1}` }),
    );
    const script = `sleep ${COST}; printf 'apiVersion: v1\\nkind: ConfigMap\\nmetadata:\\n  name: slow\\n'`;
    const config = await writeServerConfig(
      `repoURLs: [https://github.com/example-org/gitops.git]\nplugins:\n  - name: slow\n    generate:\n      command: [sh, -c]\n      args: [${JSON.stringify(script)}]\n`,
    );
    // For the process killed in 3.: its analyses never finish, so every check is left behind.
    const stuck = await writeServerConfig(
      `repoURLs: [https://github.com/example-org/gitops.git]\nplugins:\n  - name: slow\n    generate:\n      command: [sh, -c]\n      args: ["sleep 600"]\n`,
    );
    let n = 0;
    const start = async (name: string, env: Record<string, string>, configPath = config.path) => {
      const p = await startAppProcess({
        name,
        githubHost: github.host,
        env: { BLAST_RADIUS_CONFIG: configPath, BLAST_RADIUS_CACHE_DIR: join(root, `cache-${n++}`), ...env },
      });
      procs.push(p);
      return p;
    };
    const deliver = (app: AppProcess, pr: number) =>
      deliverWebhook({
        url: app.webhookUrl,
        secret: WEBHOOK_SECRET,
        name: "pull_request",
        payload: github.pullRequestPayload("synchronize", pr),
      });
    const stopAll = async () => {
      await Promise.all(procs.splice(0).map((p) => p.kill("SIGKILL")));
      const client = new Redis(redis.url);
      await client.flushall().catch(() => undefined);
      client.disconnect();
      github.checkRuns.clear();
      // A sticky comment left by the previous measurement would be found unchanged and not
      // written again: the next drain would make one write fewer per run than this one.
      github.comments.splice(0);
    };
    const redisEnv = { REDIS_URL: redis.url, BLAST_RADIUS_DRAIN_SECONDS: "1" };
    log(`machine: ${cpus().length} cores (${cpus()[0]?.model ?? "?"}), load ${load()}`);

    // 1. The burst: answers only (no worker).
    {
      const web = await start("web", { ...redisEnv, BLAST_RADIUS_ROLE: "web" });
      const loadBefore = load();
      const t0 = performance.now();
      const answers = await Promise.all(Array.from({ length: BURST }, (_, i) => deliver(web, (i % PULLS) + 1)));
      const statuses = new Map<number, number>();
      for (const a of answers) statuses.set(a.status, (statuses.get(a.status) ?? 0) + 1);
      const byStatus = [...statuses].map(([status, count]) => `${count}x ${status}`).join(", ");
      const ms = answers.map((a) => a.ms).sort((a, b) => a - b);
      log(
        `1. burst of ${BURST} webhooks to one web process: p50 ${percentile(ms, 50).toFixed(0)} ms, p99 ${percentile(ms, 99).toFixed(0)} ms, max ${ms.at(-1)!.toFixed(0)} ms; answers ${byStatus} (load ${loadBefore} -> ${load()})`,
      );
      // The answers above say nothing of the check runs, created after them: sample the fake
      // GitHub (every 20 ms) for when each appears, counted from the first delivery.
      const created: number[] = [];
      await waitUntil(
        () => {
          while (created.length < github.checkRuns.size) created.push(performance.now() - t0);
          return created.length >= BURST;
        },
        600_000,
        "the burst's check runs",
      );
      log(
        `   its ${BURST} check runs (queued) created after: p50 ${(percentile(created, 50) / 1000).toFixed(1)} s, p99 ${(percentile(created, 99) / 1000).toFixed(1)} s, last ${(created.at(-1)! / 1000).toFixed(1)} s (load ${load()})`,
      );
      await stopAll();
    }

    // 2. Drain: 1 worker vs 2 workers.
    const drain = async (workers: number): Promise<number> => {
      const web = await start("web", { ...redisEnv, BLAST_RADIUS_ROLE: "web" });
      const ws = await Promise.all(
        Array.from({ length: workers }, (_, i) => start(`worker-${i}`, { ...redisEnv, BLAST_RADIUS_ROLE: "worker" })),
      );
      await Promise.all(ws.map((w) => w.waitForLog("reconcile done", 120_000)));
      github.checkRuns.clear();
      const loadBefore = load();
      const requestsBefore = github.requests.length;
      const t0 = performance.now();
      for (let pr = 1; pr <= DRAIN; pr++) await deliver(web, pr);
      await waitUntil(() => github.checkRuns.size === DRAIN && completedAll(github), 600_000, "the drain");
      const ms = performance.now() - t0;
      const failed = [...github.checkRuns.values()].filter((c) => c.conclusion !== "success").length;
      // The writes Octokit's throttling spaces about 1 s apart: check runs and comments.
      const writes = github.requests
        .slice(requestsBefore)
        .filter((r) => /^(POST|PATCH|PUT|DELETE) /.test(r) && r.includes("/repos/")).length;
      log(
        `2. drain of ${DRAIN} events on ${workers} worker(s): ${(ms / 1000).toFixed(1)} s, ${writes} GitHub writes, ${failed} not success (load ${loadBefore} -> ${load()})`,
      );
      await stopAll();
      return ms;
    };
    // The reconcile on the workers' start must not find these pull requests: they come by webhook.
    for (const pr of github.pulls.keys()) github.unlisted.add(pr);
    const one = await drain(1);
    const two = await drain(2);
    log(`   ratio 1 worker / 2 workers: ${(one / two).toFixed(2)}`);

    // 3. Restart: the embedded app killed with checks in progress, then started again.
    {
      for (const pr of github.pulls.keys()) github.unlisted.add(pr);
      const app = await start("embedded", {}, stuck.path);
      await app.waitForLog("reconcile done", 120_000);
      await Promise.all(Array.from({ length: RESTART }, (_, i) => deliver(app, i + 1)));
      await waitUntil(() => github.checkRuns.size === RESTART, 120_000, "the checks of 3.");
      await app.kill("SIGKILL");
      procs.splice(procs.indexOf(app), 1);
      const left = [...github.checkRuns.values()].filter((c) => c.status !== "completed").length;
      const early = [...github.checkRuns.values()].filter((c) => c.status === "completed");
      if (early.length > 0) log(`   completed before the kill: ${early.map((c) => c.output?.title).join("; ")}`);
      for (let pr = 1; pr <= RESTART; pr++) github.unlisted.delete(pr);
      const loadBefore = load();
      const t0 = performance.now();
      await start("embedded-again", {});
      await waitUntil(() => completedAll(github), 600_000, "no check in progress");
      const ms = performance.now() - t0;
      log(
        `3. embedded app SIGKILLed with ${left} of ${RESTART} checks not completed: restart to no check in progress ${(ms / 1000).toFixed(1)} s (process start included; load ${loadBefore} -> ${load()})`,
      );
      await stopAll();
    }
    await github.close();
    await config.dispose();
    await stuck.dispose();
  } finally {
    await Promise.all(procs.map((p) => p.kill("SIGKILL")));
    await redis.stop();
    await rm(root, { recursive: true, force: true });
  }
}

await main();
