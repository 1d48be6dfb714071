import { describe, it, expect } from "@jest/globals";
import { renderOne, names } from "./support/render-one.js";
import { writeTree, REPO, CM } from "./support/fixtures.js";

const VALUES_REPO = "https://github.com/example/values.git";
const CHART = {
  "charts/web/Chart.yaml": "apiVersion: v2\nname: web\nversion: 0.1.0\n",
  "charts/web/values.yaml": "color: blue\n",
  "charts/web/templates/cm.yaml":
    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\ndata:\n  color: {{ .Values.color | quote }}\n",
};

describe("multi-source applications", () => {
  it("resolves $values/ paths in the ref source's tree and concatenates sources in order", async () => {
    const chartDir = await writeTree({ ...CHART, "plain/cm.yaml": CM("web") });
    const valuesDir = await writeTree({ "envs/prod.yaml": "color: red\n" });
    const r = await renderOne({
      repos: { [REPO]: chartDir, [VALUES_REPO]: valuesDir },
      sources: [
        { repoURL: REPO, path: "charts/web", helm: { valueFiles: ["$values/envs/prod.yaml"] } },
        { repoURL: VALUES_REPO, targetRevision: "main", ref: "values" },
        { repoURL: REPO, path: "plain" },
      ],
    });
    expect(r.error).toBeUndefined();
    expect(r.incomplete).toBeUndefined();
    // duplicates are kept: the caller keeps the last
    expect(names(r.manifests)).toEqual(["ConfigMap/web", "ConfigMap/web"]);
    expect((r.manifests[0]!.data as { color: string }).color).toBe("red");
    expect(r.sources.map((s) => s.status)).toEqual(["rendered", "skipped", "rendered"]);
  });

  it("a $ref path never leaves the ref tree", async () => {
    const chartDir = await writeTree(CHART);
    const valuesDir = await writeTree({ "envs/prod.yaml": "color: red\n" });
    const r = await renderOne({
      repos: { [REPO]: chartDir, [VALUES_REPO]: valuesDir },
      sources: [
        { repoURL: REPO, path: "charts/web", helm: { valueFiles: ["$values/../../etc/passwd"] } },
        { repoURL: VALUES_REPO, ref: "values" },
      ],
    });
    expect(r.error).toMatch(/outside repository root/);
  });

  it("a source whose repository is not available is skipped and the app incomplete", async () => {
    const dir = await writeTree({ "a/cm.yaml": CM("a") });
    const r = await renderOne({
      repos: { [REPO]: dir },
      sources: [
        { repoURL: REPO, path: "a" },
        { repoURL: "https://github.com/other/repo.git", path: "x" },
      ],
    });
    expect(names(r.manifests)).toEqual(["ConfigMap/a"]);
    expect(r.incomplete).toBe("repository https://github.com/other/repo.git is not available offline");
  });

  it("a helm source whose $ref tree is unavailable is skipped, not wrong", async () => {
    const dir = await writeTree(CHART);
    const r = await renderOne({
      repos: { [REPO]: dir },
      sources: [
        { repoURL: REPO, path: "charts/web", helm: { valueFiles: ["$values/prod.yaml"] } },
        { repoURL: VALUES_REPO, ref: "values" },
      ],
    });
    expect(r.error).toBeUndefined();
    expect(r.incomplete).toMatch(/^ref source \$values: repository .* is not available offline/);
  });

  it.each([
    ["../outside", "source: ../outside: app path outside root"],
    ["/etc", "source: /etc: app path is absolute"],
    ["nope", "source: nope: app path does not exist"],
  ])("path %s is a source error", async (path, message) => {
    const dir = await writeTree({ "a/cm.yaml": CM("a") });
    const r = await renderOne({ dir, sources: [{ repoURL: REPO, path }] });
    expect(r.error).toBe(message);
  });

  it("applies .argocd-source.yaml and .argocd-source-<app>.yaml, keeping path and repoURL", async () => {
    const dir = await writeTree({
      ...CHART,
      "charts/web/.argocd-source.yaml":
        "path: elsewhere\nhelm:\n  parameters:\n    - name: color\n      value: green\n",
      "charts/web/.argocd-source-shop.yaml": "helm:\n  valuesObject:\n    unused: true\n",
    });
    const r = await renderOne({ dir, name: "shop", sources: [{ repoURL: REPO, path: "charts/web" }] });
    expect(r.error).toBeUndefined();
    expect((r.manifests[0]!.data as { color: string }).color).toBe("green");
  });

  it("more than one tool field is an error", async () => {
    const dir = await writeTree({ "a/cm.yaml": CM("a") });
    const r = await renderOne({ dir, sources: [{ repoURL: REPO, path: "a", helm: {}, directory: {} }] });
    expect(r.error).toBe("source: multiple application sources defined: Helm,Directory");
  });

  it("fileParameters and value-file paths resolve $ref and envsubst", async () => {
    const chartDir = await writeTree({
      ...CHART,
      "charts/web/templates/file.yaml":
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: file\ndata:\n  cert: {{ .Values.cert | quote }}\n",
      "charts/web/values-shop.yaml": "color: amber\n",
    });
    const valuesDir = await writeTree({ "certs/ca.pem": "PEM" });
    const r = await renderOne({
      name: "shop",
      repos: { [REPO]: chartDir, [VALUES_REPO]: valuesDir },
      sources: [
        {
          repoURL: REPO,
          path: "charts/web",
          helm: {
            valueFiles: ["values-$ARGOCD_APP_NAME.yaml"],
            fileParameters: [{ name: "cert", path: "$values/certs/ca.pem" }],
          },
        },
        { repoURL: VALUES_REPO, ref: "values" },
      ],
    });
    expect(r.error).toBeUndefined();
    const byName = Object.fromEntries(r.manifests.map((m) => [(m.metadata as { name: string }).name, m.data]));
    expect(byName).toEqual({ web: { color: "amber" }, file: { cert: "PEM" } });
  });

  it("an app-specific .argocd-source-<instance>.yaml applies after the generic one", async () => {
    const dir = await writeTree({
      ...CHART,
      "charts/web/.argocd-source.yaml": "helm:\n  parameters:\n    - name: color\n      value: green\n",
      "charts/web/.argocd-source-shop.yaml": "helm:\n  parameters:\n    - name: color\n      value: violet\n",
      "charts/web/.argocd-source-other.yaml": "helm:\n  parameters:\n    - name: color\n      value: black\n",
    });
    const r = await renderOne({ dir, name: "shop", sources: [{ repoURL: REPO, path: "charts/web" }] });
    expect((r.manifests[0]!.data as { color: string }).color).toBe("violet");
  });
});
