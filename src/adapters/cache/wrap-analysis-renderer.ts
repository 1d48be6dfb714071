// The renderer one analysis uses for both sides: a shared limit on concurrent renders and, unless
// caching is off, the content-addressed render cache. Renders of the real renderer are kept on
// disk (reruns of a pull request reuse them); an injected renderer (a test fake) only gets the
// in-memory layer, so its made-up output never reaches the shared cache directory.
import type { Config } from "../../config/config.js";
import type { Renderer } from "../../core/ports.js";
import { createCachingRenderer } from "./create-caching-renderer.js";
import { createDiskRenderCache } from "./create-disk-render-cache.js";
import { createMemoryRenderCache } from "./create-memory-render-cache.js";
import { describeToolVersions } from "./describe-tool-versions.js";
import { limitRenderer } from "./limit-renderer.js";
import type { RenderCache } from "./render-cache.js";

export interface WrapAnalysisRendererParams {
  inner: Renderer;
  /** the inner renderer is the real one (its renders may go to the disk cache) */
  real: boolean;
  config: Config;
  /** renders in flight across both sides */
  concurrency: number;
  /** AnalyzeParams.noCache: no reuse at all, every app rendered on both sides */
  noCache?: boolean;
  /** an explicit cache (tests, a server keeping one across analyses) */
  cache?: RenderCache;
  /** the disk cache's directory (AnalyzeParams.cacheDir); without it, renders stay in memory */
  cacheDir?: string;
}

export function wrapAnalysisRenderer(params: WrapAnalysisRendererParams): Renderer {
  const limited = limitRenderer({ inner: params.inner, concurrency: params.concurrency });
  if (params.noCache) return limited;
  const cache =
    params.cache ??
    (params.real && params.cacheDir !== undefined
      ? createDiskRenderCache({ dir: params.cacheDir })
      : createMemoryRenderCache());
  return createCachingRenderer({ inner: limited, cache, toolVersions: describeToolVersions(), config: params.config });
}
