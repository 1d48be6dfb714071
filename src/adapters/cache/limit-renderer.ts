// One limit on tool runs for the whole analysis. Base and head each run a pool of `concurrency`
// renders; sharing this limiter through their one Renderer keeps the machine's cores busy
// without running twice as many tool processes as there are cores.
import type { Renderer } from "../../core/ports.js";

export function limitRenderer(params: { inner: Renderer; concurrency: number }): Renderer {
  const limit = Math.max(1, params.concurrency);
  let running = 0;
  const waiting: (() => void)[] = [];
  const acquire = async (): Promise<void> => {
    if (running < limit) {
      running++;
      return;
    }
    await new Promise<void>((resolve) => waiting.push(resolve));
  };
  const release = (): void => {
    const next = waiting.shift();
    if (next)
      next(); // the slot passes to the next waiter, `running` unchanged
    else running--;
  };
  return {
    async render(job) {
      await acquire();
      try {
        return await params.inner.render(job);
      } finally {
        release();
      }
    },
  };
}
