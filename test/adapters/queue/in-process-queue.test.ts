import { describe, it, expect } from "@jest/globals";
import { InProcessQueue } from "../../../src/adapters/queue/in-process-queue.js";
import type { JobContext, QueuedJob } from "../../../src/adapters/queue/job-queue.js";

function gate(): { wait: Promise<void>; open: () => void } {
  let open!: () => void;
  const wait = new Promise<void>((r) => (open = r));
  return { wait, open };
}

describe("InProcessQueue", () => {
  it("runs at most `concurrency` jobs, and at most `perGroupLimit` of one group", async () => {
    const q = new InProcessQueue<number>({ concurrency: 2, perGroupLimit: 1 });
    const g = gate();
    const started: string[] = [];
    q.work(async (job) => {
      started.push(job.id);
      await g.wait;
    });
    await q.enqueue({ id: "a1", key: "a1", group: "A", payload: 1 });
    await q.enqueue({ id: "a2", key: "a2", group: "A", payload: 2 });
    await q.enqueue({ id: "b1", key: "b1", group: "B", payload: 3 });
    // a2 waits for group A's slot; b1 takes the second slot instead of being starved.
    expect(started).toEqual(["a1", "b1"]);
    expect(await q.counts()).toEqual({ waiting: 1, running: 2, failed: 0 });
    g.open();
    await q.idle();
    expect(started).toEqual(["a1", "b1", "a2"]);
  });

  it("a newer job of a key makes the older ones stale, waiting or running", async () => {
    const q = new InProcessQueue<string>({ concurrency: 1, perGroupLimit: 1 });
    const g = gate();
    const seen: { id: string; latest: boolean }[] = [];
    q.work(async (job: QueuedJob<string>, ctx: JobContext) => {
      if (job.id === "1") await g.wait;
      seen.push({ id: job.id, latest: await ctx.isLatest() });
    });
    await q.enqueue({ id: "1", key: "pr", group: "i", payload: "" });
    await q.enqueue({ id: "2", key: "pr", group: "i", payload: "" });
    await q.enqueue({ id: "3", key: "pr", group: "i", payload: "" });
    g.open();
    await q.idle();
    expect(seen).toEqual([
      { id: "1", latest: false },
      { id: "2", latest: false },
      { id: "3", latest: true },
    ]);
  });

  it("a newer job of a key aborts the running older one; other keys run on", async () => {
    const q = new InProcessQueue<string>({ concurrency: 2, perGroupLimit: 2 });
    const aborted: string[] = [];
    const g = gate();
    q.work(async (job, ctx) => {
      if (job.id === "new") return;
      ctx.signal.addEventListener("abort", () => aborted.push(job.id));
      await Promise.race([g.wait, new Promise((r) => ctx.signal.addEventListener("abort", r))]);
    });
    await q.enqueue({ id: "old", key: "pr", group: "i", payload: "" });
    await q.enqueue({ id: "other", key: "pr2", group: "i", payload: "" });
    await q.enqueue({ id: "new", key: "pr", group: "i", payload: "" });
    expect(aborted).toEqual(["old"]);
    g.open();
    await q.idle();
    expect(aborted).toEqual(["old"]);
  });

  it("close: waits for running jobs within the grace period, then aborts them; takes no new ones", async () => {
    const q = new InProcessQueue<string>({ concurrency: 1, perGroupLimit: 1 });
    const outcomes: string[] = [];
    q.work(
      (job, ctx) =>
        new Promise<void>((resolve) => {
          ctx.signal.addEventListener("abort", () => {
            outcomes.push(`${job.id} aborted`);
            resolve();
          });
        }),
    );
    await q.enqueue({ id: "slow", key: "a", group: "i", payload: "" });
    await q.enqueue({ id: "next", key: "b", group: "i", payload: "" });
    const t = Date.now();
    await q.close(100);
    expect(Date.now() - t).toBeGreaterThanOrEqual(90);
    expect(outcomes).toEqual(["slow aborted"]);
    expect(await q.has("next")).toBe(true);
    expect(await q.ready()).toBe(false);
  });

  it("a failing handler is counted and frees its slot", async () => {
    const q = new InProcessQueue<string>({ concurrency: 1, perGroupLimit: 1 });
    q.work(async (job) => {
      if (job.id === "bad") throw new Error("boom");
    });
    await q.enqueue({ id: "bad", key: "a", group: "i", payload: "" });
    await q.enqueue({ id: "good", key: "b", group: "i", payload: "" });
    await q.idle();
    expect(await q.counts()).toEqual({ waiting: 0, running: 0, failed: 1 });
  });
});
