// BullMQ on a real redis-server: generations and group slots shared across
// queue instances (processes), stalled-job recovery, drain.
import { describe, it, expect, beforeAll, afterAll } from "@jest/globals";
import { BullmqQueue } from "../../../src/adapters/queue/bullmq-queue.js";
import { startRedis, type RedisProcess } from "../../../src/dev/harness/redis-server.js";

let redis: RedisProcess;
let n = 0;
beforeAll(async () => {
  redis = await startRedis();
});
const opened: BullmqQueue<string>[] = [];
afterAll(async () => {
  await Promise.all(opened.map((q) => q.close(0).catch(() => undefined)));
  await redis.stop();
});

function queue(name: string, extra: { concurrency?: number; perGroupLimit?: number; lockMs?: number } = {}) {
  const q = new BullmqQueue<string>({
    url: redis.url,
    name,
    concurrency: extra.concurrency ?? 2,
    perGroupLimit: extra.perGroupLimit ?? 4,
    lockMs: extra.lockMs ?? 2000,
  });
  opened.push(q);
  return q;
}

async function until(cond: () => boolean | Promise<boolean>, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe("BullmqQueue", () => {
  it("a newer job of a key, queued by another process, aborts the running older one within about a second", async () => {
    const name = `q${n++}`;
    const web = queue(name);
    const worker = queue(name);
    const events: string[] = [];
    worker.work(async (job, ctx) => {
      if (job.id === "2") return void events.push("2 ran");
      events.push("1 started");
      await new Promise((r) => ctx.signal.addEventListener("abort", r));
      events.push(`1 aborted, latest: ${await ctx.isLatest()}`);
    });
    await web.enqueue({ id: "1", key: "pr", group: "i", payload: "a" });
    await until(() => events.includes("1 started"));
    const t0 = Date.now();
    await web.enqueue({ id: "2", key: "pr", group: "i", payload: "b" });
    await until(() => events.length >= 3);
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(events.sort()).toEqual(["1 aborted, latest: false", "1 started", "2 ran"]);
    await Promise.all([web.close(0), worker.close(0)]);
  });

  it("the newest job of a key is known to every process; older ones see they are stale", async () => {
    const name = `q${n++}`;
    const web = queue(name);
    const worker = queue(name);
    const seen: { id: string; latest: boolean }[] = [];
    await web.enqueue({ id: "1", key: "pr", group: "i", payload: "a" });
    await web.enqueue({ id: "2", key: "pr", group: "i", payload: "b" });
    // Same id again (a second reconcile): no second job.
    await web.enqueue({ id: "2", key: "pr", group: "i", payload: "b" });
    expect(await web.has("2")).toBe(true);
    worker.work(async (job, ctx) => void seen.push({ id: job.id, latest: await ctx.isLatest() }));
    await until(() => seen.length >= 2);
    await new Promise((r) => setTimeout(r, 200));
    expect(seen.sort((a, b) => a.id.localeCompare(b.id))).toEqual([
      { id: "1", latest: false },
      { id: "2", latest: true },
    ]);
    await until(async () => !(await web.has("2")));
    expect(await web.ready()).toBe(true);
    await Promise.all([web.close(0), worker.close(0)]);
  });

  it("a group's cap holds across workers", async () => {
    const name = `q${n++}`;
    const web = queue(name);
    const workers = [queue(name, { perGroupLimit: 1 }), queue(name, { perGroupLimit: 1 })];
    let running = 0;
    let peak = 0;
    let done = 0;
    for (const w of workers)
      w.work(async () => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, 150));
        running--;
        done++;
      });
    for (let i = 0; i < 4; i++)
      await web.enqueue({ id: `j${i}`, key: `k${i}`, group: "one-installation", payload: "" });
    await until(() => done === 4);
    expect(peak).toBe(1);
    expect((await web.counts()).failed).toBe(0);
    await Promise.all([web.close(0), ...workers.map((w) => w.close(0))]);
  });

  it("a worker that dies mid-job: its job is handed to another worker", async () => {
    const name = `q${n++}`;
    const web = queue(name);
    const dying = queue(name, { lockMs: 1000 });
    const healthy = queue(name, { lockMs: 1000 });
    const ran: string[] = [];
    dying.work(async (_job, ctx) => {
      ran.push("dying");
      await new Promise((r) => ctx.signal.addEventListener("abort", r));
    });
    await web.enqueue({ id: "job", key: "pr", group: "i", payload: "" });
    await until(() => ran.length === 1);
    // As a SIGKILL would: the worker stops at once, its lock is never renewed, the job never returns.
    await (dying as unknown as { worker: { close(force: boolean): Promise<void> } }).worker.close(true);
    healthy.work(async (job, ctx) => {
      ran.push(`healthy ${job.id} latest=${await ctx.isLatest()}`);
    });
    await until(() => ran.length === 2, 30_000);
    expect(ran).toEqual(["dying", "healthy job latest=true"]);
    await Promise.all([web.close(0), healthy.close(0)]);
  }, 40_000);

  it("close: running jobs get the grace period, then their signal aborts", async () => {
    const name = `q${n++}`;
    const q = queue(name);
    const outcomes: string[] = [];
    q.work(
      (job, ctx) =>
        new Promise<void>((resolve) => {
          outcomes.push(`${job.id} started`);
          ctx.signal.addEventListener("abort", () => {
            outcomes.push(`${job.id} aborted`);
            resolve();
          });
        }),
    );
    await q.enqueue({ id: "long", key: "a", group: "i", payload: "" });
    await until(() => outcomes.length === 1);
    await q.close(100);
    expect(outcomes).toEqual(["long started", "long aborted"]);
  });
});
