import { describe, it, expect, beforeAll, afterAll } from "@jest/globals";
import { createServer, type Server } from "node:http";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, normalize } from "node:path";
import type { AddressInfo } from "node:net";
import { execa } from "execa";
import { resolveTools } from "../../../src/adapters/exec/resolve-tools.js";
import { chartPullArgs, isExactChartVersion, type ChartFetcher } from "../../../src/adapters/render/chart-fetcher.js";
import { renderOne, names } from "./support/render-one.js";
import { makeConfig, writeTree } from "./support/fixtures.js";
import { DEFAULT_CONFIG } from "../../../src/config/defaults.js";

const helm = resolveTools().helm!.path;

describe("charts from a Helm repository", () => {
  let server: Server;
  let repoURL: string;
  let requests = 0;

  beforeAll(async () => {
    const src = await writeTree({
      "web/Chart.yaml": "apiVersion: v2\nname: web\nversion: 1.2.3\n",
      "web/values.yaml": "color: blue\n",
      "web/templates/cm.yaml":
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\n  namespace: {{ .Release.Namespace }}\ndata:\n  color: {{ .Values.color | quote }}\n",
    });
    const repoDir = await mkdtemp(join(tmpdir(), "chart-repo-"));
    const env = {
      HOME: src,
      PATH: "/usr/bin:/bin",
      HELM_CACHE_HOME: join(src, ".c"),
      HELM_CONFIG_HOME: join(src, ".cf"),
      HELM_DATA_HOME: join(src, ".d"),
    };
    await execa(helm, ["package", join(src, "web"), "--destination", repoDir], { env, extendEnv: false });
    server = createServer((req, res) => {
      requests++;
      const file = normalize(join(repoDir, decodeURIComponent((req.url ?? "/").split("?")[0]!)));
      if (!file.startsWith(repoDir)) {
        res.writeHead(403).end();
        return;
      }
      readFile(file).then(
        (data) => res.writeHead(200).end(data),
        () => res.writeHead(404).end(),
      );
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    repoURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await execa(helm, ["repo", "index", repoDir, "--url", repoURL], { env, extendEnv: false });
  });

  afterAll(async () => {
    await new Promise((r) => server.close(r));
  });

  // The repository here is on 127.0.0.1, which the network policy refuses unless allowed.
  const allowLoopback = { ...makeConfig(), network: { offline: false, allow: ["127.0.0.1"] } };

  it("refuses a repository on a loopback address by default, naming the host and network.allow", async () => {
    const cacheDir = await mkdtemp(join(tmpdir(), "chart-cache-"));
    const before = requests;
    const r = await renderOne({
      sources: [{ repoURL, chart: "web", targetRevision: "1.2.3" }],
      options: { chartCacheDir: cacheDir },
    });
    expect(r.manifests).toEqual([]);
    expect(r.sources[0]).toEqual({
      status: "skipped",
      kind: "refused-by-policy",
      unavailable: true,
      reason: `helm: cannot fetch chart web version 1.2.3 from ${repoURL}: network: refused 127.0.0.1: it is a loopback address; list it in network.allow to fetch it`,
    });
    expect(requests).toBe(before);
  });

  it("network.offline fetches nothing", async () => {
    const before = requests;
    const r = await renderOne({
      sources: [{ repoURL, chart: "web", targetRevision: "1.2.3" }],
      config: { ...allowLoopback, network: { offline: true, allow: ["127.0.0.1"] } },
      options: { chartCacheDir: await mkdtemp(join(tmpdir(), "chart-cache-")) },
    });
    expect(r.sources[0]).toMatchObject({ status: "skipped", unavailable: true });
    expect(r.incomplete).toMatch(/network: 127\.0\.0\.1 not fetched: network\.offline is set/);
    expect(requests).toBe(before);
  });

  it("pulls the chart version into a cache and templates it", async () => {
    const cacheDir = await mkdtemp(join(tmpdir(), "chart-cache-"));
    const source = { repoURL, chart: "web", targetRevision: "1.2.3", helm: { valuesObject: { color: "teal" } } };
    const r = await renderOne({
      name: "edge",
      destNamespace: "web",
      sources: [source],
      config: allowLoopback,
      options: { chartCacheDir: cacheDir },
    });
    expect(r.error).toBeUndefined();
    expect(names(r.manifests)).toEqual(["ConfigMap/edge"]);
    expect(r.manifests[0]!.data).toEqual({ color: "teal" });
    const before = requests;
    const again = await renderOne({
      name: "edge",
      destNamespace: "web",
      sources: [source],
      config: allowLoopback,
      options: { chartCacheDir: cacheDir },
    });
    expect(again.manifests).toEqual(r.manifests);
    expect(requests).toBe(before); // served from the cache
  });

  it("a chart that cannot be fetched is a source error naming chart, version and repository", async () => {
    const cacheDir = await mkdtemp(join(tmpdir(), "chart-cache-"));
    const r = await renderOne({
      sources: [{ repoURL, chart: "web", targetRevision: "9.9.9" }],
      config: allowLoopback,
      options: { chartCacheDir: cacheDir },
    });
    expect(r.error).toContain(`helm: failed to fetch chart web version 9.9.9 from ${repoURL}`);
  });

  it("uses an injected ChartFetcher", async () => {
    const chartDir = await writeTree({
      "Chart.yaml": "apiVersion: v2\nname: fake\nversion: 0.0.1\n",
      "templates/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fake\n",
    });
    const seen: unknown[] = [];
    const chartFetcher: ChartFetcher = { fetch: async (req) => (seen.push(req), { ok: true, dir: chartDir }) };
    const r = await renderOne({
      sources: [{ repoURL: "oci://registry.example.com/charts", chart: "fake", targetRevision: "0.0.1" }],
      options: { chartFetcher },
    });
    expect(names(r.manifests)).toEqual(["ConfigMap/fake"]);
    expect(seen).toEqual([
      {
        repoURL: "oci://registry.example.com/charts",
        chart: "fake",
        version: "0.0.1",
        network: DEFAULT_CONFIG.network,
        memoryMiB: DEFAULT_CONFIG.render.memoryMiB,
      },
    ]);
  });

  it.each([
    [
      { repoURL: "https://charts.example.com", chart: "web", version: "1.0.0" },
      ["pull", "web", "--repo", "https://charts.example.com", "--version", "1.0.0"],
    ],
    [
      { repoURL: "oci://ghcr.io/org/charts", chart: "web", version: "1.0.0" },
      ["pull", "oci://ghcr.io/org/charts/web", "--version", "1.0.0"],
    ],
    [{ repoURL: "ghcr.io/org/charts/", chart: "web", version: "" }, ["pull", "oci://ghcr.io/org/charts/web"]],
  ])("helm pull arguments for %j", (req, args) => {
    expect(chartPullArgs(req)).toEqual(args);
  });

  it.each([
    ["1.2.3", true],
    ["v1.2.3-rc.1+build.5", true],
    ["1.*", false],
    [">=1.0.0", false],
    ["", false],
  ])("version %s is exact: %s", (v, exact) => {
    expect(isExactChartVersion(v)).toBe(exact);
  });
});
