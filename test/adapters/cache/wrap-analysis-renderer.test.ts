// The cache directory is a parameter the faces set: nothing inside the analysis reads the
// environment for it, and without one the renders of the real renderer stay in memory.
import { describe, it, expect } from "@jest/globals";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { wrapAnalysisRenderer } from "../../../src/adapters/cache/wrap-analysis-renderer.js";
import { DEFAULT_CONFIG } from "../../../src/config/defaults.js";
import type { AppRender, AppSpec } from "../../../src/core/model.js";
import type { RenderJob, Renderer } from "../../../src/core/ports.js";
import { fakeSourceTrees } from "../../core/appset/fake-source-trees.js";

const REPO = "https://github.com/example-org/gitops.git";

const spec: AppSpec = {
  key: "argocd/web",
  name: "web",
  namespace: "argocd",
  instanceName: "web",
  origin: { kind: "file", file: "apps.yaml" },
  generatedBy: "apps.yaml",
  project: "default",
  destination: { namespace: "web" },
  sources: [{ repoURL: REPO, path: "apps/web" }],
  syncPolicy: { automated: true, prune: true, allowEmpty: false, selfHeal: false, syncOptions: [] },
  finalizers: [],
  annotations: {},
  labels: {},
  manifest: {},
};

const job: RenderJob = {
  app: spec,
  side: "base",
  trees: fakeSourceTrees({ [REPO]: { "apps/web/cm.yaml": "kind: ConfigMap\n" } }),
  config: DEFAULT_CONFIG,
};

const inner: Renderer = {
  render: async (j: RenderJob): Promise<AppRender> => ({
    app: j.app.key,
    manifests: [{ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "cm" } }],
    sources: [],
  }),
};

async function filesUnder(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name);
}

describe("wrapAnalysisRenderer", () => {
  it("writes the renders of the real renderer to the cacheDir it is given", async () => {
    const dir = await mkdtemp(join(tmpdir(), "br-cache-"));
    try {
      const renderer = wrapAnalysisRenderer({
        inner,
        real: true,
        config: DEFAULT_CONFIG,
        concurrency: 2,
        cacheDir: dir,
      });
      await renderer.render(job);
      expect((await filesUnder(dir)).length).toBeGreaterThan(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("without a cacheDir keeps them in memory and never reads the environment for one", async () => {
    const dir = await mkdtemp(join(tmpdir(), "br-cache-env-"));
    const prev = process.env.BLAST_RADIUS_CACHE_DIR;
    process.env.BLAST_RADIUS_CACHE_DIR = dir;
    try {
      const renderer = wrapAnalysisRenderer({ inner, real: true, config: DEFAULT_CONFIG, concurrency: 2 });
      await renderer.render(job);
      await renderer.render(job);
      expect(await filesUnder(dir)).toEqual([]);
    } finally {
      if (prev === undefined) delete process.env.BLAST_RADIUS_CACHE_DIR;
      else process.env.BLAST_RADIUS_CACHE_DIR = prev;
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("masks Secret values at the boundary, and a render masked under another key is a miss", async () => {
    const dir = await mkdtemp(join(tmpdir(), "br-cache-key-"));
    let calls = 0;
    const secretInner: Renderer = {
      render: async (j: RenderJob): Promise<AppRender> => {
        calls++;
        const manifests = [
          { apiVersion: "v1", kind: "Secret", metadata: { name: "s" }, stringData: { k: "planted-value" } },
        ];
        return { app: j.app.key, manifests, sources: [{ status: "rendered", tool: "directory", manifests }] };
      },
    };
    const wrap = (n: number) =>
      wrapAnalysisRenderer({
        inner: secretInner,
        real: true,
        config: DEFAULT_CONFIG,
        concurrency: 2,
        cacheDir: dir,
        cacheKey: new Uint8Array(32).fill(n),
      });
    try {
      const first = await wrap(1).render(job);
      expect(JSON.stringify(first)).not.toContain("planted-value");
      await wrap(1).render(job);
      expect(calls).toBe(1);
      const other = await wrap(2).render(job);
      expect(calls).toBe(2);
      expect(other.manifests[0]!.data).not.toEqual(first.manifests[0]!.data);
      // one directory per key id (each holding the render and its summary)
      expect(await readdir(join(dir, "renders-v2"))).toHaveLength(2);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
