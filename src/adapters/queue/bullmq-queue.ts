// The queue on Redis (REDIS_URL): BullMQ holds the jobs, so any number of web
// and worker processes share them, a killed worker's job is handed to another
// one by BullMQ's stalled-job recovery, and jobs queued while no worker runs
// wait in Redis. The newest generation of each key and the per-group running
// set live in Redis too, so "is this still the newest run?" and "may this
// installation start another one?" have one answer across processes.
import { DelayedError, Queue, Worker, type Job } from "bullmq";
import { Redis } from "ioredis";
import type { JobHandler, JobQueue, QueueCounts, QueuedJob } from "./job-queue.js";
import { sleep } from "./job-queue.js";

export interface BullmqQueueOptions {
  url: string;
  /** Queue name and key prefix in Redis. */
  name?: string;
  /** Jobs this process runs at once. */
  concurrency: number;
  /** Jobs of one group running at once across every worker. */
  perGroupLimit: number;
  /** How long a worker's lock lasts without renewal: a killed worker's job is recovered after about this long. */
  lockMs?: number;
}

const GENERATION_TTL_SECONDS = 7 * 24 * 3600;
const GROUP_RETRY_MS = 1000;
/** How often a running job asks Redis whether a newer job of its key was queued (by any process). */
const SUPERSEDED_POLL_MS = 1000;

// One atomic step: a fresh number from the global counter becomes the key's newest generation.
const NEXT_GENERATION = `
local g = redis.call('INCR', KEYS[1])
redis.call('SET', KEYS[2], g, 'EX', ARGV[1])
return g`;

// Takes (or renews) a slot of the group unless it is full; slots of dead workers expire.
const ACQUIRE_SLOT = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', tonumber(ARGV[1]) - tonumber(ARGV[2]))
if redis.call('ZSCORE', KEYS[1], ARGV[3]) or redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[4]) then
  redis.call('ZADD', KEYS[1], ARGV[1], ARGV[3])
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
return 0`;

export class BullmqQueue<P> implements JobQueue<P> {
  readonly kind = "bullmq";
  private readonly redis: Redis;
  private readonly queue: Queue;
  private readonly name: string;
  private readonly lockMs: number;
  private worker: Worker | undefined;
  private workerRedis: Redis | undefined;
  private readonly aborts = new Map<string, AbortController>();

  constructor(private readonly options: BullmqQueueOptions) {
    this.name = options.name ?? "blast-radius";
    this.lockMs = options.lockMs ?? 30_000;
    // BullMQ's blocking connections require maxRetriesPerRequest null.
    this.redis = new Redis(options.url, { maxRetriesPerRequest: null, lazyConnect: false });
    this.redis.on("error", () => undefined);
    this.queue = new Queue(this.name, { connection: this.redis });
    this.queue.on("error", () => undefined);
  }

  async enqueue(job: { id: string; key: string; group: string; payload: P }): Promise<QueuedJob<P>> {
    // The same check queued twice (two reconciles): the job that waits stays the one.
    const existing = await this.queue.getJob(jobIdOf(job.id));
    if (existing && (await this.has(job.id))) return existing.data as QueuedJob<P>;
    const generation = Number(
      await this.redis.eval(NEXT_GENERATION, 2, this.k("counter"), this.k(`gen:${job.key}`), GENERATION_TTL_SECONDS),
    );
    const queued: QueuedJob<P> = { ...job, generation };
    // The job id makes a second enqueue of the same check (two reconciles) a no-op.
    await this.queue.add("analysis", queued, {
      // BullMQ refuses integer-looking custom ids (check run ids are numbers).
      jobId: jobIdOf(job.id),
      removeOnComplete: { count: 1000 },
      removeOnFail: { count: 1000 },
    });
    return queued;
  }

  async has(id: string): Promise<boolean> {
    const job = await this.queue.getJob(jobIdOf(id));
    if (!job) return false;
    const state = await job.getState();
    return state !== "completed" && state !== "failed" && state !== "unknown";
  }

  async isLatest(job: { key: string; generation: number }): Promise<boolean> {
    return Number(await this.redis.get(this.k(`gen:${job.key}`))) === job.generation;
  }

  work(handler: JobHandler<P>): void {
    this.workerRedis = this.redis.duplicate({ maxRetriesPerRequest: null });
    this.workerRedis.on("error", () => undefined);
    this.worker = new Worker(this.name, (job: Job, token?: string) => this.process(job, token, handler), {
      connection: this.workerRedis,
      concurrency: this.options.concurrency,
      lockDuration: this.lockMs,
      stalledInterval: Math.max(500, Math.floor(this.lockMs / 2)),
      maxStalledCount: 2,
    });
    this.worker.on("error", () => undefined);
  }

  async counts(): Promise<QueueCounts> {
    const c = await this.queue.getJobCounts("waiting", "delayed", "prioritized", "active", "failed");
    return {
      waiting: (c.waiting ?? 0) + (c.delayed ?? 0) + (c.prioritized ?? 0),
      running: c.active ?? 0,
      failed: c.failed ?? 0,
    };
  }

  async ready(): Promise<boolean> {
    const timeout = new AbortController();
    const ping = this.redis.ping().then(
      (r) => r === "PONG",
      () => false,
    );
    const result = await Promise.race([ping, sleep(2000, timeout.signal).then(() => false)]);
    timeout.abort();
    return result;
  }

  async close(graceMs: number): Promise<void> {
    const worker = this.worker;
    if (worker) {
      // Stops fetching at once; resolves when the running jobs have returned.
      const closing = worker.close();
      const grace = new AbortController();
      await Promise.race([closing, sleep(graceMs, grace.signal)]);
      grace.abort();
      for (const abort of this.aborts.values()) abort.abort();
      await closing;
    }
    await this.queue.close();
    // Connections we pass in are ours to close, not BullMQ's.
    await this.workerRedis?.quit().catch(() => undefined);
    await this.redis.quit().catch(() => undefined);
  }

  private async process(job: Job, token: string | undefined, handler: JobHandler<P>): Promise<void> {
    const data = job.data as QueuedJob<P>;
    const jobId = job.id ?? jobIdOf(data.id);
    if (!(await this.acquire(data.group, jobId))) {
      // The installation has its share running: try again shortly, behind other installations' jobs.
      await job.moveToDelayed(Date.now() + GROUP_RETRY_MS, token);
      throw new DelayedError();
    }
    const abort = new AbortController();
    this.aborts.set(jobId, abort);
    const renew = setInterval(() => void this.acquire(data.group, jobId).catch(() => undefined), this.lockMs / 3);
    // A newer job of this key, queued by any web process: this one stops (its tools killed).
    const superseded = setInterval(() => {
      void this.isLatest(data).then(
        (latest) => latest || abort.abort(),
        () => undefined,
      );
    }, SUPERSEDED_POLL_MS);
    try {
      await handler(data, { signal: abort.signal, isLatest: () => this.isLatest(data) });
    } finally {
      clearInterval(renew);
      clearInterval(superseded);
      this.aborts.delete(jobId);
      await this.redis.zrem(this.k(`group:${data.group}`), jobId).catch(() => undefined);
    }
  }

  private async acquire(group: string, jobId: string): Promise<boolean> {
    const result = await this.redis.eval(
      ACQUIRE_SLOT,
      1,
      this.k(`group:${group}`),
      Date.now(),
      this.lockMs,
      jobId,
      this.options.perGroupLimit,
    );
    return Number(result) === 1;
  }

  private k(suffix: string): string {
    return `${this.name}:br:${suffix}`;
  }
}

function jobIdOf(id: string): string {
  return `job-${id}`;
}
