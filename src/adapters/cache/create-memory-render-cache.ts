// A RenderCache in memory: for tests, and for analyses whose renderer is not the real one (a fake
// renderer's output must never reach the shared disk cache).
import type { AppRender } from "../../core/model.js";
import type { RenderCache } from "./render-cache.js";

export function createMemoryRenderCache(): RenderCache & { readonly size: number } {
  const entries = new Map<string, AppRender>();
  return {
    get: async (key) => entries.get(key),
    set: async (key, render) => {
      entries.set(key, render);
    },
    get size() {
      return entries.size;
    },
  };
}
