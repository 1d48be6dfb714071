// The renderer one analysis uses for both sides: a shared limit on concurrent renders, the Secret
// masking boundary and, unless caching is off, the content-addressed render cache. Renders of the
// real renderer are kept on disk (reruns of a pull request reuse them); an injected renderer (a
// test fake) only gets the in-memory layer, so its made-up output never reaches the shared cache
// directory. Every render passes the masking boundary before anything keeps it: no Secret value
// exists past it (core/secrets/mask-secrets), so no cache layer and no report can hold one.
import type { Config } from "../../config/config.js";
import type { Renderer } from "../../core/ports.js";
import type { AppRender, SecretNeedle } from "../../core/model.js";
import {
  createSecretDigester,
  maskRender,
  scrubByNeedles,
  type SecretDigester,
} from "../../core/secrets/mask-secrets.js";
import { scrubRender } from "../../core/secrets/scrub-sides.js";
import { resolveCacheKey } from "./cache-key.js";
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
  /** the key Secret values are masked with (AnalyzeParams.cacheKey); default: cache-key.ts */
  cacheKey?: Uint8Array;
}

export interface AnalysisRenderer extends Renderer {
  /** what the renders' Secret values were masked with: the report scrubs messages with it */
  readonly secrets: SecretDigester;
  /** Call once every render of the analysis is done: keeps the renders that carry a tool's
   *  message, scrubbed of every Secret value any render of the analysis holds. */
  flush(): Promise<void>;
  /** Scrubs a render as flush does: of every Secret value any render so far holds. */
  scrubber(): (render: AppRender) => AppRender;
}

export function wrapAnalysisRenderer(params: WrapAnalysisRendererParams): AnalysisRenderer {
  const limited = limitRenderer({ inner: params.inner, concurrency: params.concurrency });
  const onDisk = !params.noCache && !params.cache && params.real && params.cacheDir !== undefined;
  const secrets = createSecretDigester(
    resolveCacheKey({
      ...(params.cacheKey ? { key: params.cacheKey } : {}),
      ...(onDisk ? { cacheDir: params.cacheDir } : {}),
    }),
  );
  const masked: Renderer = { render: async (job) => maskRender(await limited.render(job), secrets) };
  if (params.noCache) {
    // Every app rendered on both sides, nothing reused; each render still carries the content key
    // of what it reads, as the fast path's do: whether an app that fails on both sides had its
    // inputs changed (inputsChanged) is then decided on the same input set, not on its source
    // directories alone (a `../shared` file is an input too).
    const keyer = createCachingRenderer({
      inner: masked,
      cache: createMemoryRenderCache(),
      toolVersions: describeToolVersions(),
      config: params.config,
      keyId: secrets.keyId,
    });
    return {
      render: async (job) => {
        const [r, keys] = await Promise.all([masked.render(job), keyer.inputsKeysOf(job).catch(() => ({}))]);
        return { ...r, ...keys };
      },
      secrets,
      flush: async () => undefined,
      scrubber: () => (r) => r,
    };
  }
  const cache =
    params.cache ??
    (onDisk ? createDiskRenderCache({ dir: params.cacheDir!, keyId: secrets.keyId }) : createMemoryRenderCache());
  const caching = createCachingRenderer({
    inner: masked,
    cache,
    toolVersions: describeToolVersions(),
    config: params.config,
    keyId: secrets.keyId,
  });
  // Every needle any render of this analysis carried, cached or fresh.
  const needles = new Map<string, SecretNeedle>();
  const learn = (r: AppRender): void => {
    for (const n of r.secretNeedles ?? []) needles.set(`${n.length}:${n.digest}`, n);
  };
  return {
    async render(job) {
      const r = await caching.render(job);
      learn(r);
      return r;
    },
    deferKey: (job) => caching.deferKey(job),
    summaryOf: (key) => caching.summaryOf(key),
    readsOf: (side, tree) => caching.readsOf(side, tree),
    exportKeys: (side, tree) => caching.exportKeys(side, tree),
    importKeys: (keys, tree) => caching.importKeys(keys, tree),
    learn,
    secrets,
    flush: () => {
      const list = [...needles.values()];
      return caching.flush((r) => scrubRender(r, (t) => scrubByNeedles(t, list, secrets)));
    },
    scrubber: () => {
      const list = [...needles.values()];
      return (r) => scrubRender(r, (t) => scrubByNeedles(t, list, secrets));
    },
  };
}
