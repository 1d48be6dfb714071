// The embedded queue (no REDIS_URL): jobs in memory, a concurrency cap for the
// whole process and a smaller one per group, so one installation cannot take
// every slot. A restart loses waiting jobs; the app's reconcile on start
// completes or re-queues their checks.
import type { JobContext, JobHandler, JobQueue, QueueCounts, QueuedJob } from "./job-queue.js";
import { sleep } from "./job-queue.js";

export interface InProcessQueueOptions {
  concurrency: number;
  perGroupLimit: number;
}

interface Running {
  job: QueuedJob<unknown>;
  abort: AbortController;
  done: Promise<void>;
}

export class InProcessQueue<P> implements JobQueue<P> {
  readonly kind = "in-process";
  private readonly waiting: QueuedJob<P>[] = [];
  private readonly running = new Map<string, Running>();
  private readonly latest = new Map<string, number>();
  // Never reset: a new job must get a number no older job of its key holds.
  private counter = 0;
  private failed = 0;
  private handler: JobHandler<P> | undefined;
  private closing = false;
  private readonly idleWaiters: (() => void)[] = [];

  constructor(private readonly options: InProcessQueueOptions) {}

  enqueue(job: { id: string; key: string; group: string; payload: P }): Promise<QueuedJob<P>> {
    const queued: QueuedJob<P> = { ...job, generation: ++this.counter };
    this.latest.set(job.key, queued.generation);
    // A running job of the same key is stale now: told to stop (its tools killed), it publishes nothing.
    for (const r of this.running.values()) if (r.job.key === job.key) r.abort.abort();
    this.waiting.push(queued);
    this.pump();
    return Promise.resolve(queued);
  }

  has(id: string): Promise<boolean> {
    return Promise.resolve(this.running.has(id) || this.waiting.some((j) => j.id === id));
  }

  isLatest(job: { key: string; generation: number }): boolean {
    return this.latest.get(job.key) === job.generation;
  }

  work(handler: JobHandler<P>): void {
    this.handler = handler;
    this.pump();
  }

  counts(): Promise<QueueCounts> {
    return Promise.resolve({ waiting: this.waiting.length, running: this.running.size, failed: this.failed });
  }

  ready(): Promise<boolean> {
    return Promise.resolve(!this.closing);
  }

  /** Resolves when nothing waits and nothing runs (tests, benchmarks). */
  idle(): Promise<void> {
    if (this.waiting.length === 0 && this.running.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  async close(graceMs: number): Promise<void> {
    this.closing = true;
    const all = () => Promise.all([...this.running.values()].map((r) => r.done)).then(() => undefined);
    const grace = new AbortController();
    await Promise.race([all(), sleep(graceMs, grace.signal)]);
    grace.abort();
    for (const r of this.running.values()) r.abort.abort();
    await all();
  }

  /** The jobs that were waiting when the queue closed: the app completes their checks. */
  drainWaiting(): QueuedJob<P>[] {
    return this.waiting.splice(0);
  }

  private pump(): void {
    const handler = this.handler;
    if (!handler || this.closing) return;
    while (this.running.size < this.options.concurrency) {
      const index = this.waiting.findIndex((j) => this.groupRunning(j.group) < this.options.perGroupLimit);
      if (index < 0) break;
      const [job] = this.waiting.splice(index, 1) as [QueuedJob<P>];
      this.start(job, handler);
    }
    this.notifyIdle();
  }

  private start(job: QueuedJob<P>, handler: JobHandler<P>): void {
    const abort = new AbortController();
    const context: JobContext = { signal: abort.signal, isLatest: () => Promise.resolve(this.isLatest(job)) };
    const done = handler(job, context)
      .catch(() => void this.failed++)
      .finally(() => {
        this.running.delete(job.id);
        if (this.isLatest(job) && !this.waiting.some((j) => j.key === job.key)) this.latest.delete(job.key);
        this.pump();
      });
    this.running.set(job.id, { job, abort, done });
  }

  private groupRunning(group: string): number {
    let n = 0;
    for (const r of this.running.values()) if (r.job.group === group) n++;
    return n;
  }

  private notifyIdle(): void {
    if (this.waiting.length > 0 || this.running.size > 0) return;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}
