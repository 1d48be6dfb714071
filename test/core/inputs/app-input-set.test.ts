import { describe, it, expect } from "@jest/globals";
import { createHash } from "node:crypto";
import { appInputSet, type AppInputSet } from "../../../src/core/inputs/app-input-set.js";
import { indexInputTree } from "../../../src/core/inputs/input-tree.js";
import { DEFAULT_CONFIG } from "../../../src/config/defaults.js";
import type { Config } from "../../../src/config/config.js";
import type { AppSource, AppSpec } from "../../../src/core/model.js";

type Files = Record<string, string>;
const REPO = "https://github.com/example-org/gitops.git";

function appOf(sources: Partial<AppSource>[], name = "demo"): AppSpec {
  return {
    key: `argocd/${name}`,
    name,
    namespace: "argocd",
    instanceName: name,
    origin: { kind: "file", file: "apps.yaml" },
    generatedBy: "apps.yaml",
    project: "default",
    destination: { server: "https://kubernetes.default.svc", namespace: "demo" },
    sources: sources.map((s) => ({ repoURL: REPO, ...s })),
    syncPolicy: { automated: false, prune: false, allowEmpty: false, selfHeal: false, syncOptions: [] },
    finalizers: [],
    annotations: {},
    labels: {},
    manifest: {},
  };
}

function treeOf(files: Files, opts: { symlinks?: string[]; revision?: string } = {}) {
  return indexInputTree({
    revision: opts.revision ?? "r1",
    files: Object.keys(files),
    readFile: (p) => files[p],
    symlinks: new Set(opts.symlinks ?? []),
  });
}

async function inputsOf(params: {
  files: Files;
  sources: Partial<AppSource>[];
  config?: Config;
  symlinks?: string[];
}): Promise<AppInputSet> {
  const app = appOf(params.sources);
  const tree = treeOf(params.files, { symlinks: params.symlinks });
  return appInputSet({ app, config: params.config ?? DEFAULT_CONFIG, trees: app.sources.map(() => tree) });
}

async function pathsOf(params: Parameters<typeof inputsOf>[0]): Promise<string[]> {
  const set = await inputsOf(params);
  if (!set.determinable) throw new Error(`undeterminable: ${set.reason}`);
  return set.files.map((f) => (f.source === 0 ? f.path : `${f.source}:${f.path}`));
}

/** What the caching renderer keys on: the set and the content of each file in it. */
async function fingerprint(params: Parameters<typeof inputsOf>[0]): Promise<string> {
  const set = await inputsOf(params);
  if (!set.determinable) return `undeterminable: ${set.reason}`;
  const h = createHash("sha256");
  for (const f of set.files) h.update(`${f.source}\t${f.path}\t${params.files[f.path] ?? "<absent>"}\n`);
  return h.digest("hex");
}

const KUSTOMIZE_REPO: Files = {
  "apps/demo/overlays/prod/kustomization.yaml": "resources:\n- ../../base\npatches:\n- path: replicas.yaml\n",
  "apps/demo/overlays/prod/replicas.yaml": "kind: Deployment\n",
  "apps/demo/base/kustomization.yaml":
    "resources:\n- deploy.yaml\ncomponents:\n- ../../../components/monitoring\nconfigMapGenerator:\n- name: cfg\n  files:\n  - app.properties\n  envs:\n  - vars.env\n",
  "apps/demo/base/deploy.yaml": "kind: Deployment\n",
  "apps/demo/base/app.properties": "a=1\n",
  "apps/demo/base/vars.env": "A=1\n",
  "apps/demo/base/unused.yaml": "kind: Secret\n",
  "components/monitoring/kustomization.yaml": "kind: Component\npatchesStrategicMerge:\n- sm.yaml\n",
  "components/monitoring/sm.yaml": "kind: ServiceMonitor\n",
  "apps/other/kustomization.yaml": "resources: []\n",
  "README.md": "# hi\n",
};
const KUSTOMIZE_SOURCE = [{ path: "apps/demo/overlays/prod" }];

const HELM_REPO: Files = {
  "charts/web/Chart.yaml":
    "apiVersion: v2\nname: web\nversion: 1.0.0\ndependencies:\n- name: common\n  version: 1.0.0\n  repository: file://../common\n",
  "charts/web/templates/deploy.yaml": "kind: Deployment\n",
  "charts/web/values.yaml": "replicas: 1\n",
  "charts/common/Chart.yaml": "apiVersion: v2\nname: common\nversion: 1.0.0\ntype: library\n",
  "charts/common/templates/_helpers.tpl": "{{/* */}}\n",
  "envs/prod/web.yaml": "replicas: 3\n",
  "envs/prod/other.yaml": "replicas: 9\n",
  "README.md": "# hi\n",
};
const TRANSFORMER_REPO: Files = {
  "k/kustomization.yaml": "resources:\n- a.yaml\ntransformers:\n- patcher.yaml\n",
  "k/a.yaml": "kind: A\n",
  "k/patcher.yaml":
    "apiVersion: builtin\nkind: PatchTransformer\nmetadata: { name: p }\npath: patch.yaml\ntarget: { kind: A }\n",
  "k/patch.yaml": "kind: A\n",
};
const HELM_CHARTS_REPO: Files = {
  "k/kustomization.yaml": "helmCharts:\n- name: redis\n  valuesFile: values-prod.yaml\n",
  "k/values-prod.yaml": "a: 1\n",
  "k/charts/redis/Chart.yaml": "name: redis\n",
};
const HELM_SOURCE = [{ path: "charts/web", helm: { valueFiles: ["../../envs/prod/web.yaml"] } }];

describe("appInputSet: what a render reads", () => {
  it("follows a kustomize overlay to its base and the base's components, generator files and patches", async () => {
    expect(await pathsOf({ files: KUSTOMIZE_REPO, sources: KUSTOMIZE_SOURCE })).toEqual([
      "apps/demo/base/Kustomization",
      "apps/demo/base/app.properties",
      "apps/demo/base/deploy.yaml",
      "apps/demo/base/kustomization.yaml",
      "apps/demo/base/kustomization.yml",
      "apps/demo/base/vars.env",
      "apps/demo/overlays/prod/.argocd-source-demo.yaml",
      "apps/demo/overlays/prod/.argocd-source.yaml",
      "apps/demo/overlays/prod/Kustomization",
      "apps/demo/overlays/prod/kustomization.yaml",
      "apps/demo/overlays/prod/kustomization.yml",
      "apps/demo/overlays/prod/replicas.yaml",
      "components/monitoring/Kustomization",
      "components/monitoring/kustomization.yaml",
      "components/monitoring/kustomization.yml",
      "components/monitoring/sm.yaml",
    ]);
  });

  it("reads the whole chart, its file:// dependency and a value file outside the chart", async () => {
    const paths = await pathsOf({ files: HELM_REPO, sources: HELM_SOURCE });
    expect(paths).toEqual(
      expect.arrayContaining([
        "charts/web/templates/deploy.yaml",
        "charts/common/templates/_helpers.tpl",
        "envs/prod/web.yaml",
      ]),
    );
    expect(paths).not.toContain("envs/prod/other.yaml");
    expect(paths).not.toContain("README.md");
  });

  it("reads `$ref/...` value files in the ref source's tree", async () => {
    const app = appOf([
      { path: "charts/web", helm: { valueFiles: ["$values/envs/prod/web.yaml"] } },
      { repoURL: "https://github.com/example-org/values.git", ref: "values" },
    ]);
    const charts = treeOf(HELM_REPO);
    const values = treeOf({ "envs/prod/web.yaml": "replicas: 5\n", "envs/dev/web.yaml": "replicas: 1\n" });
    const set = await appInputSet({ app, config: DEFAULT_CONFIG, trees: [charts, values] });
    expect(set.determinable).toBe(true);
    if (!set.determinable) return;
    expect(set.files.filter((f) => f.source === 1).map((f) => f.path)).toEqual(["envs/prod/web.yaml"]);
  });

  it("expands value-file globs (Argo CD 3.5+) to the files they match", async () => {
    const config: Config = { ...DEFAULT_CONFIG, argocd: { ...DEFAULT_CONFIG.argocd, version: "3.5" } };
    const paths = await pathsOf({
      files: HELM_REPO,
      sources: [{ path: "charts/web", helm: { valueFiles: ["../../envs/prod/*.yaml"] } }],
      config,
    });
    expect(paths).toEqual(expect.arrayContaining(["envs/prod/web.yaml", "envs/prod/other.yaml"]));
  });

  it("reads a plugin app's whole path plus the plugin's declared inputs, and the commit matters", async () => {
    const config: Config = {
      ...DEFAULT_CONFIG,
      plugins: [
        {
          name: "tanka",
          generate: { command: ["tk", "show"] },
          discover: { fileName: "jsonnetfile.json" },
          inputs: ["lib/**/*.libsonnet"],
        },
      ],
    };
    const files: Files = {
      "apps/tk/jsonnetfile.json": "{}",
      "apps/tk/environments/prod/main.jsonnet": "{}",
      "lib/k.libsonnet": "{}",
      "lib/util/x.libsonnet": "{}",
      "other/x.yaml": "kind: A\n",
    };
    const set = await inputsOf({ files, sources: [{ path: "apps/tk" }], config });
    expect(set).toMatchObject({ determinable: true, revisionSensitive: true });
    if (!set.determinable) return;
    expect(set.files.map((f) => f.path)).toEqual(
      expect.arrayContaining(["apps/tk/environments/prod/main.jsonnet", "lib/k.libsonnet", "lib/util/x.libsonnet"]),
    );
    expect(set.files.map((f) => f.path)).not.toContain("other/x.yaml");
  });

  it("reads only the app directory of a directory app, recursively only with recurse", async () => {
    const files: Files = {
      "apps/plain/a.yaml": "kind: A\n",
      "apps/plain/sub/b.yaml": "kind: B\n",
      "apps/x.yaml": "kind: C\n",
    };
    expect(await pathsOf({ files, sources: [{ path: "apps/plain" }] })).toEqual([
      "apps/plain/.argocd-source-demo.yaml",
      "apps/plain/.argocd-source.yaml",
      "apps/plain/a.yaml",
    ]);
    expect(await pathsOf({ files, sources: [{ path: "apps/plain", directory: { recurse: true } }] })).toContain(
      "apps/plain/sub/b.yaml",
    );
  });

  it("applies .argocd-source.yaml overrides before deciding what is read", async () => {
    const files: Files = {
      ...HELM_REPO,
      "charts/web/.argocd-source.yaml": "helm:\n  valueFiles:\n  - ../../envs/prod/other.yaml\n",
    };
    expect(await pathsOf({ files, sources: [{ path: "charts/web" }] })).toContain("envs/prod/other.yaml");
  });

  it("says when a helm parameter can see the commit", async () => {
    const set = await inputsOf({
      files: HELM_REPO,
      sources: [{ path: "charts/web", helm: { parameters: [{ name: "rev", value: "$ARGOCD_APP_REVISION" }] } }],
    });
    expect(set).toMatchObject({ determinable: true, revisionSensitive: true });
    expect(await inputsOf({ files: HELM_REPO, sources: HELM_SOURCE })).toMatchObject({
      determinable: true,
      revisionSensitive: false,
    });
  });
});

describe("appInputSet: which changes change the key", () => {
  const edit = (files: Files, patch: Record<string, string | null>): Files => {
    const out = { ...files };
    for (const [k, v] of Object.entries(patch)) {
      if (v === null) delete out[k];
      else out[k] = v;
    }
    return out;
  };
  it.each<[string, Files, Partial<AppSource>[], Record<string, string | null>, boolean]>([
    [
      "kustomize base file",
      KUSTOMIZE_REPO,
      KUSTOMIZE_SOURCE,
      { "apps/demo/base/deploy.yaml": "kind: StatefulSet\n" },
      true,
    ],
    [
      "component of the base (overlay -> base -> component)",
      KUSTOMIZE_REPO,
      KUSTOMIZE_SOURCE,
      { "components/monitoring/sm.yaml": "kind: PodMonitor\n" },
      true,
    ],
    [
      "configMapGenerator file of the base",
      KUSTOMIZE_REPO,
      KUSTOMIZE_SOURCE,
      { "apps/demo/base/app.properties": "a=2\n" },
      true,
    ],
    [
      "a second kustomization file appears in the base",
      KUSTOMIZE_REPO,
      KUSTOMIZE_SOURCE,
      { "apps/demo/base/kustomization.yml": "resources: []\n" },
      true,
    ],
    [
      "an override file appears in the app path",
      KUSTOMIZE_REPO,
      KUSTOMIZE_SOURCE,
      { "apps/demo/overlays/prod/.argocd-source.yaml": "kustomize:\n  namePrefix: x-\n" },
      true,
    ],
    [
      "unreferenced file next to the base",
      KUSTOMIZE_REPO,
      KUSTOMIZE_SOURCE,
      { "apps/demo/base/unused.yaml": "kind: ConfigMap\n" },
      false,
    ],
    [
      "another app",
      KUSTOMIZE_REPO,
      KUSTOMIZE_SOURCE,
      { "apps/other/kustomization.yaml": "resources: [x.yaml]\n" },
      false,
    ],
    ["README", KUSTOMIZE_REPO, KUSTOMIZE_SOURCE, { "README.md": "# changed\n" }, false],
    ["helm value file outside the chart", HELM_REPO, HELM_SOURCE, { "envs/prod/web.yaml": "replicas: 4\n" }, true],
    [
      "file:// dependency template",
      HELM_REPO,
      HELM_SOURCE,
      { "charts/common/templates/_helpers.tpl": "{{/* v2 */}}\n" },
      true,
    ],
    ["new template in the chart", HELM_REPO, HELM_SOURCE, { "charts/web/templates/svc.yaml": "kind: Service\n" }, true],
    [
      "a missing value file appears",
      HELM_REPO,
      [{ path: "charts/web", helm: { valueFiles: ["missing.yaml"], ignoreMissingValueFiles: true } }],
      { "charts/web/missing.yaml": "a: 1\n" },
      true,
    ],
    ["another environment's values", HELM_REPO, HELM_SOURCE, { "envs/prod/other.yaml": "replicas: 1\n" }, false],
    [
      "helm fileParameters file",
      HELM_REPO,
      [{ path: "charts/web", helm: { fileParameters: [{ name: "cert", path: "../../envs/prod/other.yaml" }] } }],
      { "envs/prod/other.yaml": "x: 2\n" },
      true,
    ],
    [
      "file named by a transformer config (PatchTransformer path)",
      TRANSFORMER_REPO,
      [{ path: "k" }],
      { "k/patch.yaml": "kind: B\n" },
      true,
    ],
    ["kustomize helmCharts values file", HELM_CHARTS_REPO, [{ path: "k" }], { "k/values-prod.yaml": "b: 2\n" }, true],
    [
      "kustomize local chart in the chart home",
      HELM_CHARTS_REPO,
      [{ path: "k" }],
      { "k/charts/redis/templates/x.yaml": "kind: C\n" },
      true,
    ],
    [
      "Argo CD spec component (kustomize.components)",
      { ...KUSTOMIZE_REPO, "components/extra/kustomization.yaml": "kind: Component\n" },
      [{ path: "apps/demo/overlays/prod", kustomize: { components: ["../../../../components/extra"] } }],
      { "components/extra/kustomization.yaml": "kind: Component\nresources: []\n" },
      true,
    ],
  ])("%s", async (_name, files, sources, patch, changed) => {
    const before = await fingerprint({ files, sources });
    const after = await fingerprint({ files: edit(files, patch), sources });
    expect(before.startsWith("undeterminable")).toBe(false);
    expect(after !== before).toBe(changed);
  });
});

describe("appInputSet: undeterminable input sets are said so (the caller renders)", () => {
  it.each<[string, Files, Partial<AppSource>[], string[], RegExp]>([
    [
      "remote kustomize resource (URL)",
      { "a/kustomization.yaml": "resources:\n- https://github.com/org/repo//deploy?ref=v1\n" },
      [{ path: "a" }],
      [],
      /remote/,
    ],
    [
      "remote kustomize resource (hosted-git shorthand)",
      { "a/kustomization.yaml": "resources:\n- github.com/org/repo/deploy?ref=v1\n" },
      [{ path: "a" }],
      [],
      /remote/,
    ],
    [
      "kustomize path escaping the repository",
      { "a/kustomization.yaml": "resources:\n- ../../outside\n" },
      [{ path: "a" }],
      [],
      /leaves the repository/,
    ],
    [
      "helm chart dependency escaping the repository",
      { "c/Chart.yaml": "dependencies:\n- name: x\n  repository: file://../../x\n" },
      [{ path: "c" }],
      [],
      /outside the repository/,
    ],
    [
      "chart dependency downloaded from a repository",
      { "c/Chart.yaml": "dependencies:\n- name: redis\n  repository: https://charts.example.com\n" },
      [{ path: "c" }],
      [],
      /downloaded/,
    ],
    ["a symlinked file in the app", { "a/x.yaml": "kind: A\n" }, [{ path: "a" }], ["a/x.yaml"], /symlink/],
    [
      "a base under a symlinked directory",
      { "a/kustomization.yaml": "resources:\n- ../linked/base\n", linked: "../real" },
      [{ path: "a" }],
      ["linked"],
      /symlink/,
    ],
    [
      "a Helm repository chart",
      {},
      [{ chart: "redis", repoURL: "https://charts.example.com", targetRevision: "1.0.0" }],
      [],
      /fetched/,
    ],
    [
      "kustomize helm chart pulled from a repository",
      { "a/kustomization.yaml": "helmCharts:\n- name: redis\n  repo: https://charts.example.com\n" },
      [{ path: "a" }],
      [],
      /pulled/,
    ],
  ])("%s", async (_name, files, sources, symlinks, reason) => {
    const set = await inputsOf({ files, sources, symlinks });
    expect(set.determinable).toBe(false);
    if (!set.determinable) expect(set.reason).toMatch(reason);
  });

  it("still lists what is known: a remote chart's `$values` files and the files a kustomization read first", async () => {
    const chart = await inputsOf({
      files: { "envs/prod/values.yaml": "replicas: 2\n", "envs/prod/other.yaml": "x: 1\n" },
      sources: [
        {
          chart: "nginx",
          repoURL: "https://charts.example.com",
          targetRevision: "1.0.0",
          helm: { valueFiles: ["$values/envs/prod/values.yaml", "$values/envs/*/other.yaml"] },
        },
        { ref: "values" },
      ],
    });
    expect(chart).toMatchObject({ determinable: false, reason: expect.stringMatching(/fetched/) as unknown });
    if (!chart.determinable)
      expect(chart.known.map((f) => `${f.source}:${f.path}`)).toEqual([
        "1:envs/prod/other.yaml",
        "1:envs/prod/values.yaml",
      ]);
    const kust = await inputsOf({
      files: { "a/kustomization.yaml": "helmCharts:\n- name: redis\n  repo: https://charts.example.com\n" },
      sources: [{ path: "a" }],
    });
    if (kust.determinable) throw new Error("determinable");
    expect(kust.known.map((f) => f.path)).toContain("a/kustomization.yaml");
  });

  it("a source whose tree is not available", async () => {
    const app = appOf([{ path: "a", repoURL: "https://github.com/other/repo.git" }]);
    expect(
      await appInputSet({
        app,
        config: DEFAULT_CONFIG,
        trees: ["source https://github.com/other/repo.git is not this repository"],
      }),
    ).toMatchObject({ determinable: false });
  });
});
