// Through `analyze` on a real git repository: an application whose inputs did not change is not
// rendered at all unless the full inventory is needed (then once for both sides); with noCache,
// twice. Either way the report is the same as a full render's.
import { describe, it, expect } from "@jest/globals";
import { analyze } from "../../../src/analyze.js";
import type { AppRender } from "../../../src/core/model.js";
import type { RenderJob, Renderer } from "../../../src/core/ports.js";
import { renderJson } from "../../../src/core/report/render-json.js";
import { makeRepo, REPO_URL, sourcedApplication as application } from "../../scenario/scenario-repo.js";

/** Renders a directory app by listing its files as ConfigMaps, counting calls per app and side. */
function countingRenderer(): Renderer & { calls: string[] } {
  const r = {
    calls: [] as string[],
    async render(job: RenderJob): Promise<AppRender> {
      r.calls.push(`${job.side}:${job.app.name}`);
      const src = job.app.sources[0]!;
      const t = await job.trees.resolve({ repoURL: src.repoURL, targetRevision: src.targetRevision });
      if (!t.ok) return { app: job.app.key, manifests: [], sources: [{ status: "skipped", reason: t.reason }] };
      const files = (await t.tree.listFiles()).filter((f) => f.startsWith(`${src.path}/`) && f.endsWith(".yaml"));
      const manifests = files.map((f) => ({
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: { name: f.split("/").pop()!.replace(".yaml", "") },
      }));
      return { app: job.app.key, manifests, sources: [{ status: "rendered", tool: "directory", manifests }] };
    },
  };
  return r;
}

describe("analyze reuses renders whose inputs did not change", () => {
  it("leaves an unchanged app unrendered, renders a changed app on both sides, and reports the same as a full render", async () => {
    const repo = await makeRepo({
      base: {
        "apps.yaml": `${application("alpha")}---\n${application("beta")}`,
        "apps/alpha/a.yaml": "kind: ConfigMap\n",
        "apps/beta/b.yaml": "kind: ConfigMap\n",
        "apps/beta/c.yaml": "kind: ConfigMap\n",
      },
      head: { "apps/beta/c.yaml": null, "README.md": "docs\n" },
    });
    try {
      const cached = countingRenderer();
      const fast = await analyze({ repoDir: repo.dir, base: "main", head: "feature" }, { renderer: cached });
      const full = countingRenderer();
      const slow = await analyze(
        { repoDir: repo.dir, base: "main", head: "feature", noCache: true },
        { renderer: full },
      );
      if (!fast.ok || !slow.ok) throw new Error("analysis failed");
      // The Application file itself is rendered by nobody: count only alpha and beta.
      const of = (calls: string[], name: string) => calls.filter((c) => c.endsWith(`:${name}`)).length;
      expect(of(cached.calls, "alpha")).toBe(0);
      expect(of(cached.calls, "beta")).toBe(2);
      expect(of(full.calls, "alpha")).toBe(2);
      expect(renderJson(fast.report)).toBe(renderJson(slow.report));
      expect(fast.report.deletions.map((d) => d.ref.name)).toEqual(["c"]);
    } finally {
      await repo.cleanup();
    }
  });

  it("renders unchanged apps (once) when a cascade needs the full inventory", async () => {
    const repo = await makeRepo({
      base: {
        "apps.yaml": `${application("alpha")}---\n${application("beta")}`,
        "apps/alpha/a.yaml": "kind: ConfigMap\n",
        "apps/beta/b.yaml": "kind: ConfigMap\n",
      },
      // beta starts declaring alpha's ConfigMap name in its namespace: is it shared? Needs alpha.
      head: { "apps/beta/a.yaml": "kind: ConfigMap\n" },
    });
    try {
      const cached = countingRenderer();
      const fast = await analyze({ repoDir: repo.dir, base: "main", head: "feature" }, { renderer: cached });
      const slow = await analyze(
        { repoDir: repo.dir, base: "main", head: "feature", noCache: true },
        { renderer: countingRenderer() },
      );
      if (!fast.ok || !slow.ok) throw new Error("analysis failed");
      expect(cached.calls.filter((c) => c.endsWith(":alpha"))).toHaveLength(1);
      expect(renderJson(fast.report)).toBe(renderJson(slow.report));
    } finally {
      await repo.cleanup();
    }
  });
});

describe("an app that cannot be rendered here is not 'unchanged' when what it reads changed", () => {
  it("a remote chart that cannot be fetched, whose $values file changed: modified and not analysed", async () => {
    const app = [
      "apiVersion: argoproj.io/v1alpha1",
      "kind: Application",
      "metadata: { name: nginx, namespace: argocd }",
      "spec:",
      "  project: default",
      "  sources:",
      "    - repoURL: https://charts.example.com",
      "      chart: nginx",
      "      targetRevision: 1.0.0",
      "      helm: { valueFiles: [$values/envs/prod/nginx.yaml] }",
      `    - repoURL: ${REPO_URL}`,
      "      targetRevision: HEAD",
      "      ref: values",
      "  destination: { server: https://kubernetes.default.svc, namespace: web }",
      "",
    ].join("\n");
    const repo = await makeRepo({
      base: { "apps.yaml": app, "envs/prod/nginx.yaml": "replicas: 1\n" },
      head: { "envs/prod/nginx.yaml": "replicas: 0\n" },
    });
    // The chart repository is unreachable from here, on both sides, as in the real homelab case.
    const unreachable: Renderer = {
      render: async (job: RenderJob): Promise<AppRender> => ({
        app: job.app.key,
        manifests: [],
        sources: [
          { status: "error", tool: "helm", kind: "network", message: "helm: lookup charts.example.com: no such host" },
        ],
        error: "helm: lookup charts.example.com: no such host",
        errorKind: "network",
        limitation: "a server it needs cannot be reached from here",
      }),
    };
    try {
      const out = await analyze({ repoDir: repo.dir, base: "main", head: "feature" }, { renderer: unreachable });
      if (!out.ok) throw new Error(out.error);
      const nginx = out.report.applications.find((a) => a.name === "nginx")!;
      expect(nginx.change).toBe("modified");
      expect(out.report.findings.map((f) => `${f.rule}: ${f.message}`)).toContain(
        "not-analysed: nginx could not be rendered here (a server it needs cannot be reached from here), so what it would change is unknown: helm: lookup charts.example.com: no such host",
      );
    } finally {
      await repo.cleanup();
    }
  });
});

describe("the reference run (noCache) decides 'inputs changed' on the same input set as the fast path", () => {
  // kustomize's default load restrictor refuses `../shared/deployment.yaml` on both sides; the
  // pull request changes that file, which is outside the app's source path but in its input set.
  // Without a content key the reference run looked at the source directory only and said
  // "unchanged", where the fast path (key over every input) says "modified, not analysed".
  it("a kustomize app failing on both sides, a file outside its path that it names changed: the same report", async () => {
    const repo = await makeRepo({
      base: {
        "argocd/app.yaml": application("restricted", `{ repoURL: "${REPO_URL}", path: apps/overlay }`),
        "apps/overlay/kustomization.yaml": "resources: [../shared/deployment.yaml]\n",
        "apps/shared/deployment.yaml":
          "apiVersion: v1\nkind: ConfigMap\nmetadata: { name: shared }\ndata: { a: '1' }\n",
      },
      head: {
        "apps/shared/deployment.yaml":
          "apiVersion: v1\nkind: ConfigMap\nmetadata: { name: shared }\ndata: { a: '2' }\n",
      },
    });
    try {
      const fast = await analyze({ repoDir: repo.dir, base: "main", head: "feature" });
      const full = await analyze({ repoDir: repo.dir, base: "main", head: "feature", noCache: true });
      if (!fast.ok || !full.ok) throw new Error("analysis failed");
      const app = full.report.applications.find((a) => a.name === "restricted")!;
      expect(app.errors.map((e) => e.side)).toEqual(["base", "head"]);
      expect(app.change).toBe("modified");
      expect(full.report.findings.map((f) => f.rule)).toContain("not-analysed");
      expect(renderJson(fast.report)).toBe(renderJson(full.report));
    } finally {
      await repo.cleanup();
    }
  });
});
