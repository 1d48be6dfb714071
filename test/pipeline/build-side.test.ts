// Same input, same bytes: the walk of the apps applies render results in a fixed order (parent by
// parent, then manifest by manifest), never in the order renders finish, so concurrency and the
// speed of each render cannot change which declaration of an Application wins.
import { describe, expect, it } from "@jest/globals";
import { analyze } from "../../src/analyze.js";
import { createRenderer } from "../../src/adapters/render/create-renderer.js";
import { renderJson } from "../../src/core/report/render-json.js";
import type { RenderJob, Renderer } from "../../src/core/ports.js";
import type { Config } from "../../src/config/config.js";
import { parseConfig } from "../../src/config/parse-config.js";
import { application, configMap, makeRepo, type Files } from "../scenario/scenario-repo.js";
import type { RepoTree } from "../../src/core/ports.js";
import { buildSide } from "../../src/pipeline/build-side.js";
import { assembleReport } from "../../src/core/assemble-report.js";
import { config as sideConfig } from "../core/support/side-fixture.js";

/** The real renderer, with renders finishing in the order `order` gives to the n-th call. */
function reorderingRenderer(order: (n: number) => number): Renderer {
  const inner = createRenderer();
  let calls = 0;
  return {
    async render(job: RenderJob) {
      const delay = order(calls++);
      const render = await inner.render(job);
      await new Promise((r) => setTimeout(r, delay));
      return render;
    },
  };
}

const orders: Record<string, (n: number) => number> = {
  "first started finishes last": (n) => Math.max(0, 60 - n * 10),
  "first started finishes first": (n) => n * 10,
  "odd ones late": (n) => (n % 2 === 1 ? 50 : 0),
};

function config(concurrency: number): Config {
  const parsed = parseConfig(`render: { concurrency: ${concurrency} }\n`, "test");
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.config;
}

/** An Application manifest as a parent renders it (indented for a YAML list of documents). */
const child = (name: string, path: string): string => application({ name, path, destNs: name });

const appSet = (name: string, apps: string[]): string => `apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata: { name: ${name}, namespace: argocd }
spec:
  generators:
    - list:
        elements: [${apps.map((a) => `{ name: ${a} }`).join(", ")}]
  template:
    metadata: { name: '{{name}}' }
    spec:
      project: default
      source: { repoURL: https://github.com/example-org/gitops.git, targetRevision: HEAD, path: 'set/{{name}}' }
      destination: { server: https://kubernetes.default.svc, namespace: '{{name}}' }
      syncPolicy: { automated: { prune: true } }
`;

// One Application ("shared") declared by two parents with different specs, one ("dup") by an
// ApplicationSet and a file, and a ConfigMap a pruned app gives up while two others declare it.
const base: Files = {
  "roots/a.yaml": application({ name: "root-a", path: "parents/a", destNs: "argocd" }),
  "roots/b.yaml": application({ name: "root-b", path: "parents/b", destNs: "argocd" }),
  "roots/c.yaml": application({ name: "root-c", path: "parents/c", destNs: "argocd" }),
  "parents/a/shared.yaml": child("shared", "shared/one"),
  "parents/b/shared.yaml": child("shared", "shared/two"),
  "parents/c/apps.yaml": [child("old", "old"), child("zeta", "zeta"), child("alpha", "alpha")].join("---\n"),
  "shared/one/cm.yaml": configMap("one") + "---\n" + configMap("both"),
  "shared/two/cm.yaml": configMap("two") + "---\n" + configMap("both"),
  "appsets/dup.yaml": appSet("dups", ["dup", "other"]),
  "files/dup.yaml": application({ name: "dup", path: "dup-file", destNs: "dup" }),
  "set/dup/cm.yaml": configMap("from-set") + "---\n" + configMap("gone"),
  "set/other/cm.yaml": configMap("other"),
  "dup-file/cm.yaml": configMap("from-file"),
  "old/cm.yaml": configMap("moving", "  namespace: common\n") + "---\n" + configMap("stays"),
  "zeta/cm.yaml": configMap("z"),
  "alpha/cm.yaml": configMap("a"),
};
const head: Files = {
  "shared/one/cm.yaml": configMap("one"),
  "shared/two/cm.yaml": configMap("two"),
  "set/dup/cm.yaml": configMap("from-set"),
  "old/cm.yaml": configMap("stays"),
  "zeta/cm.yaml": configMap("z") + "---\n" + configMap("moving", "  namespace: common\n"),
  "alpha/cm.yaml": configMap("a") + "---\n" + configMap("moving", "  namespace: common\n"),
};

async function reportOf(dir: string, concurrency: number, order: (n: number) => number): Promise<string> {
  const outcome = await analyze(
    { repoDir: dir, base: "main", head: "feature", noCache: true, config: config(concurrency) },
    { renderer: reorderingRenderer(order) },
  );
  if (!outcome.ok) throw new Error(outcome.error);
  expect(outcome.config.render.concurrency).toBe(concurrency);
  return renderJson(outcome.report);
}

describe("buildSide: the same input gives the same report bytes at any concurrency", () => {
  it("Applications declared twice (two parents; an ApplicationSet and a file) and a resource two apps take over", async () => {
    const runs: Record<string, string> = {};
    const repo = await makeRepo({ base, head });
    try {
      for (const concurrency of [1, 8])
        for (const [name, order] of Object.entries(orders))
          runs[`${concurrency} ${name}`] = await reportOf(repo.dir, concurrency, order);
    } finally {
      await repo.cleanup();
    }
    const [first, ...rest] = Object.values(runs);
    for (const r of rest) expect(r).toBe(first);
    const report = JSON.parse(first!) as {
      deletions: { ref: { name: string }; app: string; reason?: string }[];
      findings: { rule: string; message: string }[];
    };
    // the scenario exercises what it is meant to: both declarations of "shared" are seen, and the
    // note on the ConfigMap two apps re-create names them in a fixed order
    expect(report.findings.some((f) => f.rule === "duplicate-application" && f.message.includes("shared"))).toBe(true);
    const moving = report.deletions.find((d) => d.ref.name === "moving");
    expect(moving?.reason).toContain("it moves to alpha, zeta,");
  }, 120_000);

  it("an app-of-apps that renders its own Application is rendered to a fixed point, not forever", async () => {
    const self = application({ name: "root", path: "root", destNs: "argocd" });
    const repo = await makeRepo({
      base: { "bootstrap/root.yaml": self, "root/root.yaml": self, "root/cm.yaml": configMap("x") },
      head: { "root/cm.yaml": configMap("y") },
    });
    try {
      const outcome = await analyze({ repoDir: repo.dir, base: "main", head: "feature", noCache: true });
      if (!outcome.ok) throw new Error(outcome.error);
      expect(outcome.report.applications.map((a) => `${a.name}:${a.change}`)).toEqual(["root:modified"]);
    } finally {
      await repo.cleanup();
    }
  }, 60_000);
});

// More Applications than the bound (an app-of-apps cycle, a hostile file) end the walk with the
// side marked incomplete, never a throw that hides the rest of the findings.
const otherRepoApp = (name: string): string =>
  `apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: { name: ${name}, namespace: argocd }\n` +
  `spec: { project: default, destination: { server: https://kubernetes.default.svc, namespace: ${name} }, source: { repoURL: https://example.com/other.git, path: x } }\n`;

function memoryTree(files: Record<string, string>): RepoTree {
  return {
    revision: "0".repeat(40),
    directory: () => Promise.resolve("/nonexistent"),
    listFiles: () => Promise.resolve(Object.keys(files).sort()),
    readFile: (p) => Promise.resolve(files[p]),
  };
}

const emptyRenderer: Renderer = { render: ({ app: a }) => Promise.resolve({ app: a.key, manifests: [], sources: [] }) };

describe("buildSide: the bound on Applications", () => {
  it("stops past maxApps, keeps the side, and the report blocks saying the analysis is incomplete", async () => {
    const files = { "apps.yaml": ["a", "b", "c", "d", "e"].map(otherRepoApp).join("---\n") };
    const cfg = sideConfig();
    const build = () =>
      buildSide({
        side: "head",
        rev: "head",
        tree: memoryTree(files),
        trees: { resolve: () => Promise.resolve({ ok: false, reason: "other repository" }) },
        renderer: emptyRenderer,
        evaluateAppSet: () => Promise.resolve({ ok: true as const, apps: [], policy: "sync" as const }),
        config: cfg,
        repoURLs: ["https://example.com/gitops.git"],
        concurrency: 2,
        maxApps: 3,
      });
    const head = await build();
    expect(head.incomplete).toMatch(/more than 3 Applications/);
    const { incomplete, ...base } = await build();
    expect(incomplete).toBeDefined();
    const report = assembleReport({
      base,
      head,
      config: sideConfig({ policy: { rules: { "not-analysed": "off" } } }),
      revs: { base: { rev: "main", sha: "1".repeat(40) }, head: { rev: "f", sha: "2".repeat(40) } },
    });
    expect(report.verdict).toBe("block");
    expect(report.findings).toEqual([
      expect.objectContaining({
        rule: "not-analysed",
        severity: "block",
        message: expect.stringMatching(/^The analysis of head is incomplete: more than 3 Applications/),
      }),
    ]);
  });
});
