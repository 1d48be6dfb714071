import { describe, it, expect } from "@jest/globals";
import { mkdtemp, readdir, rm, utimes, writeFile, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createCachingRenderer, isDeterministic } from "../../../src/adapters/cache/create-caching-renderer.js";
import { createMemoryRenderCache } from "../../../src/adapters/cache/create-memory-render-cache.js";
import { createDiskRenderCache } from "../../../src/adapters/cache/create-disk-render-cache.js";
import { DEFAULT_CONFIG } from "../../../src/config/defaults.js";
import type { AppRender, AppSpec, Side } from "../../../src/core/model.js";
import type { RenderJob, Renderer, SourceTrees } from "../../../src/core/ports.js";
import type { RenderCache } from "../../../src/adapters/cache/render-cache.js";
import { fakeSourceTrees } from "../../core/appset/fake-source-trees.js";

const REPO = "https://github.com/example-org/gitops.git";
const KEY_ID = "0123456789abcdef";

const FILES: Record<string, string> = {
  "apps/web/kustomization.yaml": "resources:\n- ../../base\n",
  "base/kustomization.yaml": "resources:\n- cm.yaml\n",
  "base/cm.yaml": "kind: ConfigMap\n",
  "README.md": "hello\n",
};

function app(path = "apps/web"): AppSpec {
  return {
    key: "argocd/web",
    name: "web",
    namespace: "argocd",
    instanceName: "web",
    origin: { kind: "file", file: "apps.yaml" },
    generatedBy: "apps.yaml",
    project: "default",
    destination: { namespace: "web" },
    sources: [{ repoURL: REPO, path }],
    syncPolicy: { automated: true, prune: true, allowEmpty: false, selfHeal: false, syncOptions: [] },
    finalizers: [],
    annotations: {},
    labels: {},
    manifest: {},
  };
}

function job(
  params: { files?: Record<string, string>; side?: Side; trees?: SourceTrees; spec?: AppSpec } = {},
): RenderJob {
  return {
    app: params.spec ?? app(),
    side: params.side ?? "base",
    trees: params.trees ?? fakeSourceTrees({ [REPO]: params.files ?? FILES }),
    config: DEFAULT_CONFIG,
  };
}

function countingRenderer(
  params: { delayMs?: number; result?: (j: RenderJob) => AppRender } = {},
): Renderer & { calls: number } {
  const r = {
    calls: 0,
    async render(j: RenderJob): Promise<AppRender> {
      r.calls++;
      if (params.delayMs) await new Promise((res) => setTimeout(res, params.delayMs));
      return (
        params.result?.(j) ?? {
          app: j.app.key,
          manifests: [{ apiVersion: "v1", kind: "ConfigMap", metadata: { name: `cm-${r.calls}` } }],
          sources: [],
        }
      );
    },
  };
  return r;
}

function caching(inner: Renderer, cache: RenderCache = createMemoryRenderCache()) {
  return createCachingRenderer({ inner, cache, toolVersions: "test-tools", config: DEFAULT_CONFIG });
}

describe("createCachingRenderer", () => {
  it("serves a hit without calling the inner renderer, across sides and renderer instances", async () => {
    const inner = countingRenderer();
    const cache = createMemoryRenderCache();
    const first = await caching(inner, cache).render(job({ side: "base" }));
    const second = caching(inner, cache);
    // head, a different commit of the same content: the base render's entry
    const trees = fakeSourceTrees({ [REPO]: { ...FILES, "README.md": "changed\n" } });
    expect(await second.render(job({ side: "head", trees }))).toEqual(first);
    expect(inner.calls).toBe(1);
    expect(second.stats).toMatchObject({ requests: 1, diskHits: 1, misses: 0 });
  });

  it("misses when a transitively read file changes", async () => {
    const inner = countingRenderer();
    const r = caching(inner);
    await r.render(job());
    await r.render(job({ files: { ...FILES, "base/cm.yaml": "kind: Secret\n" } }));
    expect(inner.calls).toBe(2);
  });

  it("misses when the spec changes", async () => {
    const inner = countingRenderer();
    const r = caching(inner);
    await r.render(job());
    const spec = app();
    spec.destination = { namespace: "other" };
    await r.render(job({ spec }));
    expect(inner.calls).toBe(2);
  });

  it("renders concurrent identical requests once", async () => {
    const inner = countingRenderer({ delayMs: 50 });
    const r = caching(inner);
    const renders = await Promise.all([
      r.render(job({ side: "base" })),
      r.render(job({ side: "head" })),
      r.render(job({ side: "head" })),
    ]);
    expect(inner.calls).toBe(1);
    expect(renders[1]).toBe(renders[0]);
    expect(r.stats.memoryHits).toBe(2);
  });

  it("always renders when the input set cannot be determined", async () => {
    const inner = countingRenderer();
    const r = caching(inner);
    const files = { "apps/web/kustomization.yaml": "resources:\n- https://github.com/org/repo//x?ref=v1\n" };
    await r.render(job({ files }));
    await r.render(job({ files }));
    expect(inner.calls).toBe(2);
    expect(r.stats.undeterminable).toBe(2);
  });

  it("never keeps a timed-out render", async () => {
    const timedOut = (j: RenderJob): AppRender => ({
      app: j.app.key,
      manifests: [],
      sources: [
        { status: "error", tool: "kustomize", kind: "timeout", message: "kustomize: timed out after 60s (killed)" },
      ],
      error: "kustomize: timed out after 60s (killed)",
      errorKind: "timeout",
    });
    const inner = countingRenderer({ result: timedOut });
    const cache = createMemoryRenderCache();
    const r = caching(inner, cache);
    await r.render(job());
    await r.render(job());
    expect(inner.calls).toBe(2);
    expect(cache.size).toBe(0);
    expect(
      isDeterministic({
        app: "a",
        manifests: [],
        sources: [{ status: "error", kind: "exit", message: "helm: template: x.yaml:3: bad" }],
        error: "helm: template: x.yaml:3: bad",
        errorKind: "exit",
      }),
    ).toBe(true);
  });

  // The kind decides, never the words of the message.
  it.each([
    ["exit", true],
    ["invalid-input", true],
    ["memory-limit", true],
    ["unsupported", true],
    ["timeout", false],
    ["output-limit", false],
    ["spawn", false],
    ["missing-tool", false],
    ["network", false],
    ["infrastructure", false],
    ["internal", false],
  ] as const)("a render failed by %s is kept: %s", (kind, kept) => {
    const message = "tool: a message that says nothing of its kind";
    expect(
      isDeterministic({
        app: "a",
        manifests: [],
        sources: [{ status: "error", kind, message }],
        error: message,
        errorKind: kind,
      }),
    ).toBe(kept);
  });
});

describe("createDiskRenderCache", () => {
  const withDir = async (fn: (dir: string) => Promise<void>) => {
    const dir = await mkdtemp(join(tmpdir(), "br-cache-test-"));
    try {
      await fn(dir);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  };
  const render = (name: string, size = 10): AppRender => ({
    app: name,
    manifests: [{ kind: "ConfigMap", data: { x: "y".repeat(size), inf: Infinity } }],
    sources: [],
  });
  const entryFiles = async (dir: string): Promise<string[]> => {
    const root = join(dir, "renders-v2", KEY_ID);
    const out: string[] = [];
    for (const shard of await readdir(root).catch(() => [] as string[]))
      for (const f of await readdir(join(root, shard))) out.push(join(root, shard, f));
    return out.sort();
  };

  it("round-trips a render, values JSON cannot hold included", async () => {
    await withDir(async (dir) => {
      const cache = createDiskRenderCache({ dir, keyId: KEY_ID });
      await cache.set("ab".repeat(32), render("a"));
      expect(await createDiskRenderCache({ dir, keyId: KEY_ID }).get("ab".repeat(32))).toEqual(render("a"));
      expect(await cache.get("cd".repeat(32))).toBeUndefined();
    });
  });

  it("treats a corrupt entry as a miss, and the caching renderer renders again", async () => {
    await withDir(async (dir) => {
      const cache = createDiskRenderCache({ dir, keyId: KEY_ID });
      const inner = countingRenderer();
      await caching(inner, cache).render(job());
      const [file] = await entryFiles(dir);
      const bytes = await readFile(file!);
      bytes[bytes.length - 3] = bytes[bytes.length - 3]! ^ 0xff;
      await writeFile(file!, bytes);
      await caching(inner, cache).render(job());
      expect(inner.calls).toBe(2);
      await writeFile(file!, "garbage");
      expect(await cache.get(file!.split("/").pop()!.replace(".bin", ""))).toBeUndefined();
    });
  });

  it("evicts the least recently used entries past its size bound", async () => {
    await withDir(async (dir) => {
      const big = 4000;
      const cache = createDiskRenderCache({ dir, keyId: KEY_ID, maxBytes: 3 * big + 1500 });
      const keys = ["01", "02", "03"].map((k) => k.repeat(32));
      for (const [i, k] of keys.entries()) {
        await cache.set(k, render(k, big));
        const files = await entryFiles(dir);
        const f = files.find((p) => p.includes(k))!;
        const t = new Date(Date.UTC(2026, 0, 1, 0, i));
        await utimes(f, t, t);
      }
      // a hit makes the oldest entry the most recently used
      expect(await cache.get(keys[0]!)).toBeDefined();
      await cache.set("04".repeat(32), render("04", big));
      expect(await cache.get(keys[1]!)).toBeUndefined();
      expect(await cache.get(keys[0]!)).toBeDefined();
      expect(await cache.get("04".repeat(32))).toBeDefined();
    });
  });
});
