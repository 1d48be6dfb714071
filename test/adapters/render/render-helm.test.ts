import { describe, it, expect } from "@jest/globals";
import { existsSync } from "node:fs";
import { mkdir, symlink, writeFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { resolveTools } from "../../../src/adapters/exec/resolve-tools.js";
import { renderOne, names } from "./support/render-one.js";
import { makeConfig, writeTree, REPO } from "./support/fixtures.js";

async function writeTreeAt(dir: string, files: Record<string, string>): Promise<void> {
  for (const [p, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, p)), { recursive: true });
    await writeFile(join(dir, p), text);
  }
}

const CHART = {
  "charts/web/Chart.yaml": "apiVersion: v2\nname: web\nversion: 0.1.0\n",
  "charts/web/values.yaml": "replicas: 1\ncolor: blue\nextra: base\n",
  "charts/web/templates/cm.yaml": [
    "apiVersion: v1",
    "kind: ConfigMap",
    "metadata:",
    "  name: {{ .Release.Name }}-cfg",
    "  namespace: {{ .Release.Namespace }}",
    "data:",
    "  color: {{ .Values.color | quote }}",
    "  replicas: {{ .Values.replicas | quote }}",
    "  extra: {{ .Values.extra | quote }}",
    '  list: {{ .Values.list | default "" | quote }}',
    "  kube: {{ .Capabilities.KubeVersion.Version | quote }}",
    '  hasFoo: {{ .Capabilities.APIVersions.Has "foo.example.com/v1" | quote }}',
    "",
  ].join("\n"),
  "charts/web/crds/crd.yaml": [
    "apiVersion: apiextensions.k8s.io/v1",
    "kind: CustomResourceDefinition",
    "metadata:",
    "  name: widgets.example.com",
    "spec:",
    "  group: example.com",
    "  names: { kind: Widget, plural: widgets }",
    "  scope: Namespaced",
    "  versions: [{ name: v1, served: true, storage: true, schema: { openAPIV3Schema: { type: object } } }]",
    "",
  ].join("\n"),
  "charts/web/values-prod.yaml": "color: red\n",
};

function data(m: Record<string, unknown>): Record<string, string> {
  return m.data as Record<string, string>;
}

describe("helm sources", () => {
  it("templates a chart like the repo-server: release name, destination namespace, CRDs, kube version", async () => {
    const dir = await writeTree(CHART);
    const r = await renderOne({
      dir,
      name: "shop",
      destNamespace: "prod",
      sources: [{ repoURL: REPO, path: "charts/web" }],
    });
    expect(r.error).toBeUndefined();
    expect(names(r.manifests)).toEqual(["CustomResourceDefinition/widgets.example.com", "ConfigMap/shop-cfg"]);
    const cm = r.manifests[1]!;
    expect((cm.metadata as { namespace: string }).namespace).toBe("prod");
    expect(data(cm).kube).toBe("v1.32.0");
    expect(r.sources[0]).toMatchObject({ status: "rendered", tool: "helm" });
  });

  it("applies value files, parameters (envsubst), valuesObject over values, api versions and skipCrds", async () => {
    const dir = await writeTree(CHART);
    const r = await renderOne({
      dir,
      name: "shop",
      config: makeConfig({ apiVersions: ["foo.example.com/v1"] }),
      sources: [
        {
          repoURL: REPO,
          path: "charts/web",
          helm: {
            releaseName: "custom",
            namespace: "helm-ns",
            valueFiles: ["values-prod.yaml"],
            parameters: [
              { name: "replicas", value: "3" },
              { name: "list", value: "a,b", forceString: true },
              { name: "extra", value: "$ARGOCD_APP_NAME-$UNKNOWN" },
            ],
            values: "color: green\n",
            valuesObject: { color: "purple" },
            skipCrds: true,
          },
        },
      ],
    });
    expect(r.error).toBeUndefined();
    expect(names(r.manifests)).toEqual(["ConfigMap/custom-cfg"]);
    const d = data(r.manifests[0]!);
    expect(d).toMatchObject({ color: "purple", replicas: "3", list: "a,b", extra: "shop-", hasFoo: "true" });
    expect((r.manifests[0]!.metadata as { namespace: string }).namespace).toBe("helm-ns");
  });

  it("without any namespace, .Release.Namespace is the repo-server namespace", async () => {
    const dir = await writeTree(CHART);
    const r = await renderOne({
      dir,
      sources: [{ repoURL: REPO, path: "charts/web" }],
      config: makeConfig({ repoServerNamespace: "gitops" }),
    });
    expect((r.manifests[1]!.metadata as { namespace: string }).namespace).toBe("gitops");
  });

  it("reports a failing chart as an error with helm's own first line", async () => {
    const dir = await writeTree({
      "c/Chart.yaml": "apiVersion: v2\nname: bad\nversion: 0.1.0\n",
      "c/templates/x.yaml": '{{ fail "boom: chart refuses" }}\n',
    });
    const r = await renderOne({ dir, sources: [{ repoURL: REPO, path: "c" }] });
    expect(r.manifests).toEqual([]);
    expect(r.error).toMatch(/^helm: .*boom: chart refuses/);
    expect(r.error).not.toMatch(/\n/);
    expect(r.error).not.toContain(dir);
    expect(r.sources[0]).toMatchObject({ status: "error", tool: "helm" });
  });

  it("a missing value file is an error unless ignoreMissingValueFiles", async () => {
    const dir = await writeTree(CHART);
    const missing = await renderOne({
      dir,
      sources: [{ repoURL: REPO, path: "charts/web", helm: { valueFiles: ["nope.yaml"] } }],
    });
    expect(missing.error).toMatch(/^helm: .*nope\.yaml: no such file/);
    const ignored = await renderOne({
      dir,
      sources: [
        { repoURL: REPO, path: "charts/web", helm: { valueFiles: ["nope.yaml"], ignoreMissingValueFiles: true } },
      ],
    });
    expect(ignored.error).toBeUndefined();
  });

  it("value files may not escape the repository", async () => {
    const dir = await writeTree(CHART);
    const r = await renderOne({
      dir,
      sources: [{ repoURL: REPO, path: "charts/web", helm: { valueFiles: ["../../../../etc/passwd"] } }],
    });
    expect(r.error).toMatch(/outside repository root/);
  });

  it("expands value-file globs only from Argo CD 3.5", async () => {
    const dir = await writeTree({
      ...CHART,
      "charts/web/env/a.yaml": "color: a\n",
      "charts/web/env/b.yaml": "color: b\n",
    });
    const src = [{ repoURL: REPO, path: "charts/web", helm: { valueFiles: ["env/*.yaml"] } }];
    const v35 = await renderOne({ dir, sources: src, config: makeConfig({}, { version: "3.5" }) });
    expect(v35.error).toBeUndefined();
    expect(data(v35.manifests[1]!).color).toBe("b");
    const v31 = await renderOne({ dir, sources: src, config: makeConfig({}, { version: "3.1" }) });
    expect(v31.error).toMatch(/no such file/);
  });

  it("builds file:// dependencies in a private copy, leaving the checkout untouched", async () => {
    const dir = await writeTree({
      "umbrella/Chart.yaml":
        "apiVersion: v2\nname: umbrella\nversion: 0.1.0\ndependencies:\n  - name: lib\n    version: 0.1.0\n    repository: file://../lib\n",
      "umbrella/templates/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: top\n",
      "lib/Chart.yaml": "apiVersion: v2\nname: lib\nversion: 0.1.0\n",
      "lib/templates/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-lib\n",
    });
    const r = await renderOne({ dir, sources: [{ repoURL: REPO, path: "umbrella" }] });
    expect(r.error).toBeUndefined();
    expect(names(r.manifests).sort()).toEqual(["ConfigMap/from-lib", "ConfigMap/top"]);
    expect(existsSync(join(dir, "umbrella", "charts"))).toBe(false);
    expect(existsSync(join(dir, "umbrella", "Chart.lock"))).toBe(false);
  });

  describe("file:// dependencies outside the repository are refused, nothing read", () => {
    const hostChart = {
      "Chart.yaml": "apiVersion: v2\nname: lib\nversion: 0.1.0\n",
      "templates/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-the-host\n",
    };
    const umbrella = (repository: string, file = "Chart.yaml") => ({
      "umbrella/Chart.yaml": `apiVersion: ${file === "Chart.yaml" ? "v2" : "v1"}\nname: umbrella\nversion: 0.1.0\n${
        file === "Chart.yaml" ? `dependencies:\n  - name: lib\n    version: 0.1.0\n    repository: ${repository}\n` : ""
      }`,
      ...(file === "requirements.yaml"
        ? {
            "umbrella/requirements.yaml": `dependencies:\n  - name: lib\n    version: 0.1.0\n    repository: ${repository}\n`,
          }
        : {}),
      "umbrella/templates/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: top\n",
    });

    it.each([
      ["an absolute path", (host: string) => `file://${host}`, "Chart.yaml"],
      ["../ past the root", (host: string, dir: string) => `file://../${relative(dir, host)}`, "Chart.yaml"],
      [
        "../ past the root, in requirements.yaml (apiVersion v1)",
        (host: string, dir: string) => `file://../${relative(dir, host)}`,
        "requirements.yaml",
      ],
    ])("%s", async (_name, repository, file) => {
      const host = await writeTree(hostChart);
      const base = await writeTree({});
      const dir = join(base, "repo");
      const repo = repository(host, dir);
      await writeTreeAt(dir, umbrella(repo, file));
      const r = await renderOne({ dir, sources: [{ repoURL: REPO, path: "umbrella" }] });
      expect(r.error).toBe(`helm: dependency lib (${repo}) resolves to outside the repository: refused, nothing read`);
      expect(r.manifests).toEqual([]);
    });

    it("through a symlink inside the repository that points outside it", async () => {
      const host = await writeTree(hostChart);
      const dir = await writeTree(umbrella("file://../lib"));
      await symlink(host, join(dir, "lib"));
      const r = await renderOne({ dir, sources: [{ repoURL: REPO, path: "umbrella" }] });
      expect(r.error).toBe(
        "helm: dependency lib (file://../lib) resolves to outside the repository: refused, nothing read",
      );
      expect(names(r.manifests)).not.toContain("ConfigMap/from-the-host");
    });
  });

  it("enforces the output cap", async () => {
    const dir = await writeTree(CHART);
    const r = await renderOne({
      dir,
      sources: [{ repoURL: REPO, path: "charts/web" }],
      config: makeConfig({}, {}, { maxOutputBytes: 200 }),
    });
    expect(r.error).toMatch(/^helm: output exceeded 200 bytes/);
  });

  it("says so when Argo CD 3.5+ would use Helm 4 but only Helm 3 is available", async () => {
    const dir = await writeTree(CHART);
    const { helm } = resolveTools();
    const r = await renderOne({
      dir,
      sources: [{ repoURL: REPO, path: "charts/web" }],
      config: makeConfig({}, { version: "3.5" }),
      options: { tools: { helm } },
    });
    expect(r.error).toBeUndefined();
    expect(r.sources[0]).toMatchObject({
      status: "rendered",
      warnings: ["Argo CD 3.5+ renders with Helm 4; rendered with Helm 3 (set HELM4_BIN)"],
    });
    const old = await renderOne({
      dir,
      sources: [{ repoURL: REPO, path: "charts/web" }],
      config: makeConfig({}, { version: "3.4" }),
      options: { tools: { helm } },
    });
    expect(old.sources[0]).not.toHaveProperty("warnings");
  });
});
