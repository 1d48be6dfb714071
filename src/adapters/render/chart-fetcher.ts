// Helm-repository and OCI charts (`chart:` sources). The repo-server pulls and extracts them
// (argo-cd:util/helm/client.go (ExtractChart), util/helm/cmd.go (Fetch, PullOCI)); we do the
// same with `helm pull --untar` into a cache keyed by repo + chart + version, with helm's
// cache/config/data homes isolated from the user's.
import type { FailureKind } from "../../core/failure-kind.js";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, rename, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { formatRefusal, type NetworkPolicy } from "../../core/network/decide-fetch.js";
import { precheckFetches } from "../../core/network/precheck-fetches.js";
import { runTool } from "../exec/run-tool.js";
import type { Tools } from "../exec/resolve-tools.js";

export interface ChartRequest {
  repoURL: string;
  chart: string;
  version: string;
  /** config.network: what may be fetched */
  network: NetworkPolicy;
  /** config.render.memoryMiB for helm pull */
  memoryMiB: number;
}

/** `refused`: the network policy refused the fetch (not a failure Argo CD would have). */
export type ChartFetchResult =
  { ok: true; dir: string } | { ok: false; reason: string; kind: FailureKind; refused?: boolean };

/** Gets a chart onto disk; the returned directory is shared and read-only for callers. */
export interface ChartFetcher {
  fetch(req: ChartRequest): Promise<ChartFetchResult>;
}

export interface CreateHelmChartFetcherParams {
  tools: Tools;
  cacheDir?: string;
  timeoutMs: number;
  maxOutputBytes: number;
  /** the analysis's abort: a pull in flight is killed */
  signal?: AbortSignal;
}

/** A repoURL without a scheme is an OCI registry (Argo CD's `enableOCI` repositories). */
export function chartPullArgs(req: Pick<ChartRequest, "repoURL" | "chart" | "version">): string[] {
  const { repoURL, chart, version } = req;
  const isHttp = /^https?:\/\//i.test(repoURL);
  const ref = isHttp ? chart : `oci://${repoURL.replace(/^oci:\/\//i, "").replace(/\/+$/, "")}/${chart}`;
  const args = ["pull", ref];
  if (isHttp) args.push("--repo", repoURL);
  if (version) args.push("--version", version);
  return args;
}

/** An exact chart version names immutable content; a range (`1.*`, `>=2`) may resolve differently
 *  tomorrow, so it is cached only for the life of one fetcher. */
export function isExactChartVersion(version: string): boolean {
  return (
    /^v?\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/.test(version) || /^sha256:[0-9a-f]{64}$/.test(version)
  );
}

export function createHelmChartFetcher(params: CreateHelmChartFetcherParams): ChartFetcher {
  const cacheDir = params.cacheDir ?? join(tmpdir(), "argocd-blast-radius-charts");
  const inFlight = new Map<string, Promise<ChartFetchResult>>();
  const runNonce = `${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`;

  /** The extracted chart: the directory holding Chart.yaml, preferably named after the chart
   *  (helm also leaves a download directory next to it). */
  async function chartDirIn(dir: string, chart: string): Promise<string | undefined> {
    const dirs = (await readdir(dir, { withFileTypes: true }))
      .filter((e) => e.isDirectory() && existsSync(join(dir, e.name, "Chart.yaml")))
      .map((e) => e.name);
    const name = dirs.includes(chart.split("/").pop()!)
      ? chart.split("/").pop()!
      : dirs.length === 1
        ? dirs[0]
        : undefined;
    return name === undefined ? undefined : join(dir, name);
  }

  async function pull(req: ChartRequest, finalDir: string): Promise<ChartFetchResult> {
    const what = `chart ${req.chart} version ${req.version || "(latest)"} from ${req.repoURL}`;
    if (!params.tools.helm) return { ok: false, kind: "missing-tool", reason: `cannot fetch ${what}: helm not found` };
    const pre = precheckFetches({ policy: req.network, urls: [req.repoURL] });
    await mkdir(cacheDir, { recursive: true });
    const work = await mkdtemp(join(cacheDir, ".pull-"));
    try {
      const out = join(work, "out");
      const env = {
        PATH: "/usr/local/bin:/usr/bin:/bin",
        HOME: join(work, "home"),
        TMPDIR: work,
        HELM_CACHE_HOME: join(work, "cache"),
        HELM_CONFIG_HOME: join(work, "config"),
        HELM_DATA_HOME: join(work, "data"),
      };
      const res = await runTool({
        cmd: params.tools.helm.path,
        args: [...chartPullArgs(req), "--untar", "--untardir", out],
        cwd: work,
        env,
        timeoutMs: params.timeoutMs,
        maxOutputBytes: params.maxOutputBytes,
        label: "helm pull",
        network: { policy: req.network, tunnels: pre.tunnels },
        memoryMiB: req.memoryMiB,
        signal: params.signal,
      });
      if (!res.ok && res.error.failure === "refused-by-policy")
        return {
          ok: false,
          refused: true,
          kind: "refused-by-policy",
          reason: `cannot fetch ${what}: ${res.error.message.replace(/^helm pull: /, "")}`,
        };
      if (!res.ok)
        return {
          ok: false,
          kind: res.error.failure,
          reason: `failed to fetch ${what}: ${res.error.message.replace(/^helm pull: /, "")}`,
        };
      try {
        await rename(out, finalDir);
      } catch {
        // another render of this analysis put it there first
      }
      const dir = await chartDirIn(finalDir, req.chart);
      return dir
        ? { ok: true, dir }
        : { ok: false, kind: "invalid-input", reason: `failed to fetch ${what}: no chart in the archive` };
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }

  return {
    async fetch(req) {
      // Offline fetches nothing, not even from the cache: such sources are never analysed.
      const pre = precheckFetches({ policy: req.network, urls: [req.repoURL] });
      if (pre.refusal) {
        const what = `chart ${req.chart} version ${req.version || "(latest)"} from ${req.repoURL}`;
        return {
          ok: false,
          refused: true,
          kind: "refused-by-policy",
          reason: `cannot fetch ${what}: ${formatRefusal(pre.refusal)}`,
        };
      }
      const scope = isExactChartVersion(req.version) ? "" : `\n${runNonce}`;
      const key = createHash("sha256")
        .update(`${req.repoURL}\n${req.chart}\n${req.version}${scope}`)
        .digest("hex")
        .slice(0, 32);
      const finalDir = join(cacheDir, key);
      if (existsSync(finalDir)) {
        const dir = await chartDirIn(finalDir, req.chart);
        if (dir) return { ok: true, dir };
      }
      let p = inFlight.get(key);
      if (!p) {
        p = pull(req, finalDir).finally(() => inFlight.delete(key));
        inFlight.set(key, p);
      }
      return p;
    },
  };
}
