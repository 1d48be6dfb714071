// `npm start`: the GitHub App server. Settings come from Probot's usual
// variables (APP_ID, PRIVATE_KEY or PRIVATE_KEY_PATH, WEBHOOK_SECRET, PORT,
// HOST, GHE_HOST/GHE_PROTOCOL, LOG_LEVEL, REDIS_URL) plus BLAST_RADIUS_CONFIG,
// BLAST_RADIUS_REPO_PLUGINS, BLAST_RADIUS_ROLE and the queue settings. With
// REDIS_URL, one Redis serves Probot's shared rate-limit state and our queue.
import { createProbot } from "probot";
import { githubOctokit } from "../adapters/github/github-octokit.js";
import { defaultDeps } from "./default-deps.js";
import { startServer } from "./start-server.js";
import { defaultQueue, type AppRole } from "./create-app.js";
import { reconcile } from "./reconcile.js";
import type { AnalysisJob, AnalysisQueue } from "./run-analysis.js";
import { BullmqQueue } from "../adapters/queue/bullmq-queue.js";
import { firstLine } from "../core/first-line.js";
import { BackgroundWork } from "./background-work.js";

const SECRET_VARIABLES = ["PRIVATE_KEY", "WEBHOOK_SECRET"] as const;
const ROLES: readonly AppRole[] = ["web", "worker", "all"];
// The chart's terminationGracePeriodSeconds is 60: leave time to complete the checks and exit.
const DEFAULT_DRAIN_SECONDS = 45;
const DEFAULT_RECONCILE_MAX = 200;
const METRICS_LOG_MS = 60_000;

async function main(): Promise<void> {
  const env = process.env;
  if (!env.APP_ID || !(env.PRIVATE_KEY || env.PRIVATE_KEY_PATH) || !env.WEBHOOK_SECRET) {
    console.error("blast-radius app: set APP_ID, PRIVATE_KEY (or PRIVATE_KEY_PATH) and WEBHOOK_SECRET");
    process.exit(2);
  }
  const role = (env.BLAST_RADIUS_ROLE || "all") as AppRole;
  if (!ROLES.includes(role)) {
    console.error(`blast-radius app: BLAST_RADIUS_ROLE must be web, worker or all, not "${role}"`);
    process.exit(2);
  }
  if (role !== "all" && !env.REDIS_URL) {
    console.error(
      `blast-radius app: BLAST_RADIUS_ROLE=${role} needs REDIS_URL (web and worker processes share a Redis)`,
    );
    process.exit(2);
  }
  // githubOctokit: rate limits are waited out, bounded, where Probot's handlers give up.
  const probot = createProbot({ env: { LOG_LEVEL: "info", ...env }, overrides: { Octokit: githubOctokit() } });
  // Probot has read them; no child process (git, helm, plugins) may inherit them.
  for (const name of SECRET_VARIABLES) delete process.env[name];
  const deps = defaultDeps(env);
  const queue: AnalysisQueue = env.REDIS_URL
    ? new BullmqQueue<AnalysisJob>({
        url: env.REDIS_URL,
        concurrency: deps.maxConcurrentRuns ?? 2,
        perGroupLimit: deps.maxRunsPerInstallation ?? 4,
        ...(Number(env.BLAST_RADIUS_QUEUE_LOCK_MS) > 0 ? { lockMs: Number(env.BLAST_RADIUS_QUEUE_LOCK_MS) } : {}),
      })
    : defaultQueue(deps);
  if (env.REDIS_URL && !(await queue.ready())) {
    console.error("blast-radius app: Redis at REDIS_URL does not answer (check the URL and that Redis runs)");
    process.exit(2);
  }
  // Webhooks are answered before the check run is written (GitHub spaces one installation's writes).
  const background = new BackgroundWork();
  const running = await startServer({
    probot,
    deps,
    queue,
    role,
    background,
    port: Number(env.PORT) || 3000,
    ...(env.HOST ? { host: env.HOST } : {}),
  });
  probot.log.info({ role, queue: queue.kind }, "blast-radius app started");

  const metrics = setInterval(() => {
    void queue.counts().then(
      (counts) => probot.log.info({ ...counts, queue: queue.kind }, "queue"),
      () => undefined,
    );
  }, METRICS_LOG_MS);
  metrics.unref();

  if (role !== "web") {
    const auth = async (id: number) => await probot.auth(id);
    void (async () => {
      try {
        const result = await reconcile({
          appOctokit: await probot.auth(),
          auth,
          deps,
          queue,
          log: probot.log,
          maxPullRequests:
            Number(env.BLAST_RADIUS_RECONCILE_MAX) > 0 ? Number(env.BLAST_RADIUS_RECONCILE_MAX) : DEFAULT_RECONCILE_MAX,
        });
        probot.log.info(result, "reconcile done");
      } catch (err) {
        probot.log.error({ err: firstLine(err) }, "reconcile failed");
      }
    })();
  }

  const drainMs =
    (Number(env.BLAST_RADIUS_DRAIN_SECONDS) >= 0 && env.BLAST_RADIUS_DRAIN_SECONDS
      ? Number(env.BLAST_RADIUS_DRAIN_SECONDS)
      : DEFAULT_DRAIN_SECONDS) * 1000;
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    probot.log.info({ signal, drainSeconds: drainMs / 1000 }, "draining: no new jobs, finishing the running ones");
    clearInterval(metrics);
    // Stop taking webhooks and jobs; running analyses finish, or complete their check as interrupted.
    const closed = running.close().catch(() => undefined);
    // Webhooks already answered get their check and job first (bounded by the same grace period).
    const started = Date.now();
    void background
      .settle(drainMs)
      .then(() => queue.close(Math.max(0, drainMs - (Date.now() - started))))
      .then(() => closed)
      .then(
        () => process.exit(0),
        (err: unknown) => {
          probot.log.error({ err: firstLine(err) }, "drain failed");
          process.exit(1);
        },
      );
  };
  process.once("SIGINT", () => stop("SIGINT"));
  process.once("SIGTERM", () => stop("SIGTERM"));
}

await main();
