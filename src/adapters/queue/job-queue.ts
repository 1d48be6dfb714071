// The work queue port: what the app's web side puts in and its worker side takes
// out, whichever store holds the jobs (in process, or BullMQ on Redis).
// One job per key (a pull request): a newer job makes every older one stale,
// waiting or running, and the generation that says so lives in the queue's
// store, so the check holds across processes.

export interface QueuedJob<P> {
  /** Unique per job (the app uses its check run id): what reconcile asks `has` about. */
  id: string;
  /** The unit of supersession (a pull request). */
  key: string;
  /** Fairness unit: at most `perGroupLimit` running jobs per group (an installation). */
  group: string;
  generation: number;
  payload: P;
}

export interface JobContext {
  /** Aborted when the process drains past its grace period, or when a newer job of the same key
   *  is queued (then `isLatest()` is false): stop the work, finish quickly and report why. */
  signal: AbortSignal;
  /** Whether this job is still the newest of its key (asks the store). */
  isLatest(): Promise<boolean>;
}

export type JobHandler<P> = (job: QueuedJob<P>, context: JobContext) => Promise<void>;

export interface QueueCounts {
  waiting: number;
  running: number;
  failed: number;
}

export interface JobQueue<P> {
  readonly kind: "in-process" | "bullmq";
  /** Makes this the newest job of its key and queues it. */
  enqueue(job: { id: string; key: string; group: string; payload: P }): Promise<QueuedJob<P>>;
  /** Whether a job of this id is waiting or running somewhere. */
  has(id: string): Promise<boolean>;
  /** Starts taking jobs in this process. */
  work(handler: JobHandler<P>): void;
  counts(): Promise<QueueCounts>;
  /** Readiness: the store answers. */
  ready(): Promise<boolean>;
  /** Stops taking jobs, waits up to `graceMs` for the running ones, then aborts them and waits for their handlers. */
  close(graceMs: number): Promise<void>;
}

/** Resolves after `ms`, or at once when the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}
