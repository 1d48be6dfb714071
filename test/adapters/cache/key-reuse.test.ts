// The caching renderer keys the head side's apps through the base side's computation when nothing
// that computation read differs between the trees. Every case checks the reused key against a
// renderer that never saw base: reuse must never give a different key.
import { describe, expect, it } from "@jest/globals";
import { createHash } from "node:crypto";
import { createCachingRenderer } from "../../../src/adapters/cache/create-caching-renderer.js";
import { createMemoryRenderCache } from "../../../src/adapters/cache/create-memory-render-cache.js";
import { DEFAULT_CONFIG } from "../../../src/config/defaults.js";
import type { Config } from "../../../src/config/config.js";
import type { AppSource, AppSpec, Side } from "../../../src/core/model.js";
import type { RenderJob, RepoTree, SourceTrees } from "../../../src/core/ports.js";
import { makeApp } from "../render/support/fixtures.js";

const REPO = "https://github.com/example-org/gitops.git";

/** A tree with blob ids (content hashes) and no symlinks, as a git tree gives them. */
function tree(files: Record<string, string>, revision: string): RepoTree {
  const ids = new Map(
    Object.entries(files).map(([p, t]) => [p, createHash("sha1").update(t).digest("hex")] as [string, string]),
  );
  return {
    directory: async () => "/nonexistent",
    revision,
    listFiles: async () => Object.keys(files).sort(),
    readFile: async (p) => files[p],
    fileIds: async () => ids,
    symlinks: async () => new Set<string>(),
  };
}

const sourceTrees = (t: RepoTree): SourceTrees => ({ resolve: async () => ({ ok: true, tree: t }) });

/** A file Application of these sources (a reused key is compared with one computed afresh). */
const app = (name: string, sources: AppSource[]): AppSpec => makeApp({ name, destNamespace: name, sources });

const BASE: Record<string, string> = {
  "README.md": "hello\n",
  "charts/web/Chart.yaml": "apiVersion: v2\nname: web\nversion: 1.0.0\n",
  "charts/web/templates/cm.yaml": "kind: ConfigMap\n",
  "envs/a/values.yaml": "replicas: 1\n",
  "envs/b/values.yaml": "replicas: 2\n",
  "values/x.yaml": "replicas: 3\n",
  "overlays/o/kustomization.yaml": "resources:\n- ../../bases/shared\n",
  "bases/shared/kustomization.yaml": "resources:\n- svc.yaml\n",
  "bases/shared/svc.yaml": "kind: Service\n",
  "plain/p/cm.yaml": "kind: ConfigMap\n",
};

const APPS: AppSpec[] = [
  // a value file reached through `../`
  app("a", [{ repoURL: REPO, path: "charts/web", helm: { valueFiles: ["../../envs/a/values.yaml"] } }]),
  app("b", [{ repoURL: REPO, path: "charts/web", helm: { valueFiles: ["../../envs/b/values.yaml"] } }]),
  // a `$values` ref source
  app("r", [
    { repoURL: REPO, path: "charts/web", helm: { valueFiles: ["$values/values/x.yaml"] } },
    { repoURL: REPO, ref: "values" },
  ]),
  // a kustomize base shared through `../`
  app("k", [{ repoURL: REPO, path: "overlays/o" }]),
  app("d", [{ repoURL: REPO, path: "plain/p", directory: { recurse: true } }]),
];

const renderer = (config: Config = DEFAULT_CONFIG) =>
  createCachingRenderer({
    inner: { render: async (job) => ({ app: job.app.key, manifests: [], sources: [] }) },
    cache: createMemoryRenderCache(),
    toolVersions: "test",
    config,
  });

const job = (a: AppSpec, side: Side, t: RepoTree, config: Config = DEFAULT_CONFIG): RenderJob => ({
  app: a,
  side,
  trees: sourceTrees(t),
  config,
});

/** Keys of every app on head, through a renderer that keyed base first, and through a fresh one. */
async function keys(head: Record<string, string>, config: Config = DEFAULT_CONFIG) {
  const base = tree(BASE, "base");
  const headTree = tree(head, "head");
  const r = renderer();
  const baseKeys = await Promise.all(APPS.map((a) => r.deferKey(job(a, "base", base))));
  const reusedBefore = r.stats.keysReused;
  const reused = await Promise.all(APPS.map((a) => r.deferKey(job(a, "head", headTree, config))));
  const fresh = await Promise.all(APPS.map((a) => renderer().deferKey(job(a, "head", headTree, config))));
  const byName = (ks: (string | undefined)[]) => Object.fromEntries(APPS.map((a, i) => [a.name, ks[i]]));
  return {
    base: byName(baseKeys),
    reused: byName(reused),
    fresh: byName(fresh),
    reuses: r.stats.keysReused - reusedBefore,
  };
}

describe("caching renderer: keys reused from the other side", () => {
  it("a file no app reads changed: every key is reused, and equals a fresh computation", async () => {
    const k = await keys({ ...BASE, "README.md": "changed\n", "docs/new.md": "new\n" });
    expect(k.reused).toEqual(k.fresh);
    expect(k.reused).toEqual(k.base);
    expect(k.reuses).toBe(APPS.length);
    expect(Object.values(k.base).every((x) => typeof x === "string")).toBe(true);
  });

  it("a value file read through ../ changed: that app is keyed again, the others reused", async () => {
    const k = await keys({ ...BASE, "envs/a/values.yaml": "replicas: 9\n" });
    expect(k.reused).toEqual(k.fresh);
    expect(k.reused.a).not.toBe(k.base.a);
    expect(k.reused.b).toBe(k.base.b);
    expect(k.reuses).toBe(APPS.length - 1);
  });

  it("a file of a $values ref source changed: the app reading it is keyed again", async () => {
    const k = await keys({ ...BASE, "values/x.yaml": "replicas: 4\n" });
    expect(k.reused).toEqual(k.fresh);
    expect(k.reused.r).not.toBe(k.base.r);
    expect(k.reuses).toBe(APPS.length - 1);
  });

  it("a file of a kustomize base reached through ../ changed, or a file added to a recursed directory", async () => {
    const k = await keys({
      ...BASE,
      "bases/shared/svc.yaml": "kind: Service\nspec: {}\n",
      "plain/p/deep/new.yaml": "kind: Secret\n",
    });
    expect(k.reused).toEqual(k.fresh);
    expect(k.reused.k).not.toBe(k.base.k);
    expect(k.reused.d).not.toBe(k.base.d);
    expect(k.reuses).toBe(APPS.length - 2);
  });

  it("a value file that appears on head where base had none is a change", async () => {
    const files = { ...BASE };
    delete files["envs/b/values.yaml"];
    const base = tree(files, "base");
    const headTree = tree(BASE, "head");
    const r = renderer();
    const b = APPS[1]!;
    const onBase = await r.deferKey(job(b, "base", base));
    const onHead = await r.deferKey(job(b, "head", headTree));
    expect(onHead).toBe(await renderer().deferKey(job(b, "head", headTree)));
    expect(onHead).not.toBe(onBase);
    expect(r.stats.keysReused).toBe(0);
  });

  it("another configuration is another computation, never a reuse", async () => {
    const config: Config = { ...DEFAULT_CONFIG, kubeVersion: "1.99.0" };
    const k = await keys({ ...BASE }, config);
    expect(k.reused).toEqual(k.fresh);
    expect(k.reuses).toBe(0);
  });
});
