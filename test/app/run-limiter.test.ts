import { describe, it, expect } from "@jest/globals";
import { RunLimiter } from "../../src/app/run-limiter.js";

describe("RunLimiter", () => {
  it("runs at most `max` tasks at once, in arrival order, and survives failures", async () => {
    const limiter = new RunLimiter(2);
    let active = 0;
    let peak = 0;
    const order: number[] = [];
    const task = (i: number) => async () => {
      active++;
      peak = Math.max(peak, active);
      await new Promise((r) => setTimeout(r, 5));
      order.push(i);
      active--;
      if (i === 1) throw new Error("task failed");
      return i;
    };
    const results = await Promise.allSettled([0, 1, 2, 3, 4].map((i) => limiter.run(task(i))));
    expect(peak).toBe(2);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled", "fulfilled", "fulfilled"]);
    expect(order.sort()).toEqual([0, 1, 2, 3, 4]);
    expect(await limiter.run(async () => "free again")).toBe("free again");
  });
});
