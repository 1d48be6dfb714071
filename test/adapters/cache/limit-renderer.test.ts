import { describe, it, expect } from "@jest/globals";
import { limitRenderer } from "../../../src/adapters/cache/limit-renderer.js";
import { defaultCacheDir } from "../../../src/adapters/cache/default-cache-dir.js";
import type { AppRender } from "../../../src/core/model.js";
import type { RenderJob } from "../../../src/core/ports.js";

describe("limitRenderer", () => {
  it("keeps at most `concurrency` renders in flight across all callers (both sides)", async () => {
    let running = 0;
    let peak = 0;
    const inner = {
      async render(job: RenderJob): Promise<AppRender> {
        running++;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, 5));
        running--;
        return { app: job.app.key, manifests: [], sources: [] };
      },
    };
    const limited = limitRenderer({ inner, concurrency: 2 });
    const jobs = Array.from({ length: 10 }, (_, i) => ({ app: { key: `a/${i}` } }) as unknown as RenderJob);
    const out = await Promise.all(jobs.map((j) => limited.render(j)));
    expect(out.map((r) => r.app)).toEqual(jobs.map((j) => j.app.key));
    expect(peak).toBe(2);
  });
});

describe("defaultCacheDir", () => {
  it.each([
    [{ BLAST_RADIUS_CACHE_DIR: "/c", XDG_CACHE_HOME: "/x", HOME: "/h" }, "/c"],
    [{ XDG_CACHE_HOME: "/x" }, "/x/argocd-blast-radius"],
  ])("%j -> %s", (env, dir) => {
    expect(defaultCacheDir(env)).toBe(dir);
  });
});
