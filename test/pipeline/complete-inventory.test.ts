// completeInventory: a deletion renders only the unchanged apps it can reach, once render
// summaries are in the cache, and reports exactly what a forced full render reports. Each case
// is one where leaving out the wrong app would miss (or mislabel) a deletion.
import { describe, expect, it } from "@jest/globals";
import { analyze } from "../../src/analyze.js";
import type { Report } from "../../src/core/model.js";
import { renderJson } from "../../src/core/report/render-json.js";
import { createMemoryRenderCache } from "../../src/adapters/cache/create-memory-render-cache.js";
import { application, configMap, makeRepo, type Files } from "../scenario/scenario-repo.js";

interface Runs {
  cold: Report;
  warm: Report;
  /** renders asked for (cache hits included) by the cold and the warm run */
  rendered: { cold: number; warm: number };
}

async function coldWarmFull(params: { base: Files; head: Files }): Promise<Runs> {
  const repo = await makeRepo(params);
  try {
    const renderCache = createMemoryRenderCache();
    const run = async (): Promise<{ report: Report; rendered: number }> => {
      let rendered = 0;
      const out = await analyze(
        {
          repoDir: repo.dir,
          base: "main",
          head: "feature",
          onProgress: (e) => void (e.phase === "rendered" && rendered++),
        },
        { renderCache },
      );
      if (!out.ok) throw new Error(out.error);
      return { report: out.report, rendered };
    };
    const cold = await run();
    const warm = await run();
    const full = await analyze({ repoDir: repo.dir, base: "main", head: "feature", noCache: true });
    if (!full.ok) throw new Error(full.error);
    expect(renderJson(cold.report)).toBe(renderJson(full.report));
    expect(renderJson(warm.report)).toBe(renderJson(full.report));
    return { cold: cold.report, warm: warm.report, rendered: { cold: cold.rendered, warm: warm.rendered } };
  } finally {
    await repo.cleanup();
  }
}

const deleted = (r: Report): string[] =>
  r.deletions.map((d) => `${d.cause}:${d.ref.kind}/${d.ref.namespace}/${d.ref.name}`).sort();

const namespace = (name: string): string => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n`;
const onCluster = (app: string, server: string): string =>
  app.replace("server: https://kubernetes.default.svc", `server: ${server}`);

/** Unchanged apps no deletion reaches: the warm run leaves them unrendered. */
const bystanders = (n: number): Files =>
  Object.fromEntries(
    Array.from({ length: n }, (_, i) => [
      [`apps/by-${i}.yaml`, application({ name: `by-${i}`, path: `by-${i}`, destNs: `by-${i}` })],
      [`by-${i}/cm.yaml`, configMap(`by-${i}`)],
    ]).flat(),
  );

describe("a deletion renders the unchanged apps it reaches, and only those once summaries are cached", () => {
  it("a Namespace deleted by one app takes an unchanged app's resources on the same cluster, not on another", async () => {
    const base: Files = {
      "apps/owner.yaml": application({ name: "owner", path: "owner", destNs: "shop" }),
      "owner/ns.yaml": namespace("shop"),
      "owner/cm.yaml": configMap("owned"),
      "apps/tenant.yaml": application({ name: "tenant", path: "tenant", destNs: "shop" }),
      "tenant/cm.yaml": configMap("tenant"),
      "apps/far.yaml": onCluster(application({ name: "far", path: "far", destNs: "shop" }), "https://far.example.com"),
      "far/cm.yaml": configMap("far"),
      ...bystanders(4),
    };
    const runs = await coldWarmFull({ base, head: { "owner/ns.yaml": null } });
    expect(deleted(runs.warm)).toEqual([
      "namespace-deleted:ConfigMap/shop/owned",
      "namespace-deleted:ConfigMap/shop/tenant",
      "pruned:Namespace//shop",
    ]);
    // cold: every unchanged app on both sides (no summaries yet); warm: tenant only, not the
    // bystanders, nor far (the same namespace name, on another cluster).
    expect(runs.rendered.cold - runs.rendered.warm).toBe(2 * (4 + 1));
  });

  it("an Application deleted with its finalizer: a resource an unchanged app also declares comes back", async () => {
    const base: Files = {
      "bootstrap/root.yaml": application({ name: "root", path: "apps", destNs: "argocd" }),
      "apps/child.yaml": application({ name: "child", path: "child", destNs: "common", finalizer: true }),
      "child/cm.yaml": configMap("shared"),
      "apps/keeper.yaml": application({ name: "keeper", path: "keeper", destNs: "common" }),
      "keeper/cm.yaml": configMap("shared"),
      ...bystanders(3),
    };
    const runs = await coldWarmFull({ base, head: { "apps/child.yaml": null } });
    const shared = runs.warm.deletions.find((d) => d.ref.kind === "ConfigMap" && d.ref.name === "shared");
    expect(shared).toEqual(expect.objectContaining({ cause: "app-deleted", recreatedBy: "keeper" }));
    expect(runs.rendered.warm).toBeLessThan(runs.rendered.cold);
  });

  it("a CRD deleted takes the custom resources of unchanged apps", async () => {
    const crd = [
      "apiVersion: apiextensions.k8s.io/v1",
      "kind: CustomResourceDefinition",
      "metadata: { name: widgets.example.com, labels: { app.kubernetes.io/instance: crds } }",
      "spec:",
      "  group: example.com",
      "  scope: Namespaced",
      "  names: { kind: Widget, plural: widgets, singular: widget, listKind: WidgetList }",
      "  versions: [{ name: v1, served: true, storage: true, schema: { openAPIV3Schema: { type: object } } }]",
      "",
    ].join("\n");
    const base: Files = {
      // label tracking: a CRD carries the instance label itself (annotation tracking is not stamped on CRDs)
      ".github/argocd-blast-radius.yml": "argocd: { trackingMethod: label }\n",
      "apps/crds.yaml": application({ name: "crds", path: "crds", destNs: "crds" }),
      "crds/crd.yaml": crd,
      "crds/cm.yaml": configMap("crds"),
      "apps/user.yaml": application({ name: "user", path: "user", destNs: "user" }),
      "user/widget.yaml": "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n",
      ...bystanders(2),
    };
    const runs = await coldWarmFull({ base, head: { "crds/crd.yaml": null } });
    expect(deleted(runs.warm)).toEqual([
      "crd-deleted:Widget/user/w",
      "pruned:CustomResourceDefinition//widgets.example.com",
    ]);
  });

  it("a removed Application file renders nothing more than itself", async () => {
    const base: Files = {
      "apps/gone.yaml": application({ name: "gone", path: "gone", destNs: "gone", finalizer: true }),
      "gone/cm.yaml": configMap("gone"),
      ...bystanders(3),
    };
    const runs = await coldWarmFull({ base, head: { "apps/gone.yaml": null } });
    expect(runs.warm.findings.map((f) => f.rule)).toContain("app-delete");
    // each app found on base, head derived from it (nothing but the file went: no app keyed
    // again), then gone rendered: the three bystanders stay unrendered even cold
    expect(runs.rendered.cold).toBe(4 + 1);
    expect(runs.rendered.warm).toBe(runs.rendered.cold);
  });
});
