// `npm run bench [-- --apps N] [--naive full|sample] [--sample K] [--keep]`: generates a synthetic
// monorepo of N applications as git commits, then measures in one run:
//   1. a pull request touching 5 apps + a kustomize base shared by 50, cold cache (fresh dir);
//   2. the same, rerun (warm cache);
//   3. a pull request touching only README.md, cold and warm, then the first run of the PR of 1.
//      on that cache (base renders cached by another analysis, the App's usual case);
//   4. a naive full render: every app on both sides with the same tools, one at a time, no cache
//      (all of it with --naive full, the default; or K sampled apps extrapolated, said so);
// and checks that the fast report equals the forced full render's byte for byte (exit 1 if not).
import { mkdtemp, rm } from "node:fs/promises";
import { availableParallelism, cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { analyze, type AnalyzeDeps } from "../../analyze.js";
import type { AnalyzeParams } from "../../analyze-types.js";
import { DEFAULT_CONFIG } from "../../config/defaults.js";
import type { Config } from "../../config/config.js";
import type { AppRender } from "../../core/model.js";
import type { Renderer } from "../../core/ports.js";
import { renderJson } from "../../core/report/render-json.js";
import { renderCounters } from "../../adapters/cache/create-caching-renderer.js";
import { createRenderer } from "../../adapters/render/create-renderer.js";
import { buildBenchRepo } from "./build-bench-repo.js";
import { createToolShims, type ToolShims } from "./tool-shims.js";
import { checkTools } from "../../adapters/exec/check-tools.js";
import { measureRemovals } from "./removal-cases.js";

interface Measured {
  label: string;
  ms: number;
  json: string;
  toolProcesses: number;
  innerRenders: number;
  apps: number;
  maxRssMiB: number;
  maxToolRssMiB: number;
  /** the analysis ran with the cache (its renders are counted) */
  cached: boolean;
}

const log = (msg: string) => process.stderr.write(`${msg}\n`);
const mib = (kib: number) => Math.round(kib / 1024);

async function measure(p: {
  label: string;
  shims: ToolShims;
  params: AnalyzeParams;
  deps?: AnalyzeDeps;
  cacheDir?: string;
}): Promise<Measured> {
  if (p.cacheDir) process.env.BLAST_RADIUS_CACHE_DIR = p.cacheDir;
  const before = await p.shims.read();
  const renders0 = renderCounters.innerRenders;
  const t0 = performance.now();
  const outcome = await analyze(p.params, p.deps);
  const ms = performance.now() - t0;
  if (!outcome.ok) throw new Error(`${p.label}: ${outcome.error}`);
  const after = await p.shims.read();
  const m: Measured = {
    label: p.label,
    ms,
    json: renderJson(outcome.report),
    toolProcesses: after.processes - before.processes,
    innerRenders: renderCounters.innerRenders - renders0,
    apps: outcome.report.applications.length,
    maxRssMiB: mib(process.resourceUsage().maxRSS),
    maxToolRssMiB: mib(after.maxRssKiB),
    cached: !p.params.noCache,
  };
  log(`  ${m.label}: ${(ms / 1000).toFixed(2)} s, ${m.toolProcesses} tool processes, ${m.innerRenders} renders`);
  return m;
}

/** Renders only every k-th request for real (timing each), the rest as empty: the analysis around
 *  it still runs in full, so naive = measured wall - sampled render time + mean render time x all. */
function samplingRenderer(every: number): Renderer & { sampled: number; sampledMs: number; total: number } {
  const real = createRenderer();
  const r = {
    sampled: 0,
    sampledMs: 0,
    total: 0,
    async render(job: Parameters<Renderer["render"]>[0]): Promise<AppRender> {
      const n = r.total++;
      if (n % every !== 0) return { app: job.app.key, manifests: [], sources: [] };
      const t0 = performance.now();
      const out = await real.render(job);
      r.sampledMs += performance.now() - t0;
      r.sampled++;
      return out;
    },
  };
  return r;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      apps: { type: "string", default: "1000" },
      naive: { type: "string", default: "full" },
      sample: { type: "string", default: "100" },
      keep: { type: "boolean", default: false },
      "check-all": { type: "boolean", default: false },
    },
  });
  const apps = Number(values.apps);
  const work = await mkdtemp(join(tmpdir(), "blast-radius-bench-"));
  try {
    log(
      `bench: ${cpus().length} cores (availableParallelism ${availableParallelism()}), Node ${process.version}, work dir ${work}`,
    );
    const load0 = loadavg()
      .map((l) => l.toFixed(1))
      .join(" ");
    const shims = await createToolShims(join(work, "shims"));
    Object.assign(process.env, shims.env);
    // analyze checks its tools once per process: done here, so no measurement counts it.
    const tools = await checkTools();
    if (!tools.ok) throw new Error(tools.error);
    const t0 = performance.now();
    const repo = await buildBenchRepo({ dir: join(work, "repo"), apps });
    log(
      `bench: generated ${repo.apps} applications (${JSON.stringify(repo.counts)}) in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
    const config: Config = DEFAULT_CONFIG;
    const sequential: Config = { ...DEFAULT_CONFIG, render: { ...DEFAULT_CONFIG.render, concurrency: 1 } };
    const pr = (head: string, extra: Partial<AnalyzeParams> = {}): AnalyzeParams => ({
      repoDir: repo.dir,
      base: "main",
      head,
      config,
      ...extra,
    });

    const results: Measured[] = [];
    results.push(
      await measure({
        label: "PR 5 apps + shared base, cold cache",
        shims,
        params: pr("pr-apps"),
        cacheDir: join(work, "cache-a"),
      }),
    );
    const peakFastRss = results[0]!.maxRssMiB;
    results.push(
      await measure({
        label: "PR 5 apps + shared base, warm cache (rerun)",
        shims,
        params: pr("pr-apps"),
        cacheDir: join(work, "cache-a"),
      }),
    );
    results.push(
      await measure({
        label: "PR README only, cold cache",
        shims,
        params: pr("pr-readme"),
        cacheDir: join(work, "cache-b"),
      }),
    );
    results.push(
      await measure({
        label: "PR README only, warm cache",
        shims,
        params: pr("pr-readme"),
        cacheDir: join(work, "cache-b"),
      }),
    );
    // The usual case for the App: another analysis on the same base (an earlier PR, a push) has
    // cached the base renders, so a new PR renders only what it changes.
    results.push(
      await measure({
        label: "PR 5 apps + shared base, first run, base cached by another PR",
        shims,
        params: pr("pr-apps"),
        cacheDir: join(work, "cache-b"),
      }),
    );

    let naiveMs: number;
    let naiveNote: string;
    let full: Measured;
    if (values.naive === "full") {
      full = await measure({
        label: "naive: every app on both sides, sequential, no cache",
        shims,
        params: pr("pr-apps", { noCache: true, config: sequential }),
      });
      naiveMs = full.ms;
      naiveNote = "measured";
    } else {
      const totalRenders = results[0]!.apps * 2;
      const every = Math.max(1, Math.floor(totalRenders / Number(values.sample)));
      const sampler = samplingRenderer(every);
      const s = await measure({
        label: `naive sample: 1 in ${every} renders, sequential`,
        shims,
        params: pr("pr-apps", { noCache: true, config: sequential }),
        deps: { renderer: sampler },
      });
      naiveMs = s.ms - sampler.sampledMs + (sampler.sampledMs / Math.max(1, sampler.sampled)) * sampler.total;
      naiveNote = `EXTRAPOLATED from ${sampler.sampled} of ${sampler.total} renders (mean ${(sampler.sampledMs / Math.max(1, sampler.sampled)).toFixed(0)} ms each)`;
      full = await measure({
        label: "forced full render (noCache, parallel) for the equality check",
        shims,
        params: pr("pr-apps", { noCache: true }),
      });
    }
    // The README PR's forced full render costs another full render: only with --check-all.
    const readmeFull = values["check-all"]
      ? await measure({
          label: "forced full render of the README PR (equality check)",
          shims,
          params: pr("pr-readme", { noCache: true }),
        })
      : undefined;

    const removals = await measureRemovals({ repoDir: repo.dir, work, config, checkAll: values["check-all"], log });
    const fast = results[0]!;
    const same = fast.json === full.json && results[1]!.json === full.json && results[4]!.json === full.json;
    const sameReadme = results[2]!.json === results[3]!.json && (!readmeFull || results[2]!.json === readmeFull.json);
    const ratio = naiveMs / fast.ms;
    const line = (m: Measured) =>
      `| ${m.label} | ${(m.ms / 1000).toFixed(2)} s | ${m.toolProcesses} | ${m.cached ? m.innerRenders : "all (no cache)"} |`;
    const out = [
      "",
      `argocd-blast-radius benchmark: ${repo.apps} applications, ${availableParallelism()} cores, Node ${process.version}; load average at start ${load0}, at end ${loadavg()
        .map((l) => l.toFixed(1))
        .join(" ")} (other work on the machine skews times)`,
      "",
      "| run | wall time | tool processes | renders (cache misses + unkeyable) |",
      "|---|---|---|---|",
      ...results.map(line),
      line(full),
      ...(readmeFull ? [line(readmeFull)] : []),
      "",
      `naive full render of every app on both sides, sequential: ${(naiveMs / 1000).toFixed(1)} s (${naiveNote})`,
      `fast path (cold cache) vs naive: ${ratio.toFixed(1)}x faster (${((fast.ms / naiveMs) * 100).toFixed(1)}% of the naive time)`,
      `fast path (base cached by another PR) vs naive: ${(naiveMs / results[4]!.ms).toFixed(1)}x faster (${((results[4]!.ms / naiveMs) * 100).toFixed(1)}% of the naive time)`,
      `peak RSS of the analysis process during the fast path: ${peakFastRss} MiB; largest tool process: ${Math.max(...results.map((r) => r.maxToolRssMiB))} MiB (peak RSS of the whole run: ${mib(process.resourceUsage().maxRSS)} MiB)`,
      `report of the fast path equals the forced full render byte for byte: ${same ? "yes" : "NO"} (README PR, cold vs warm${readmeFull ? " vs forced full" : ""}: ${sameReadme ? "yes" : "NO"})`,
      `changed applications in the report: ${(JSON.parse(fast.json) as { applications: { change: string }[] }).applications.filter((a) => a.change !== "unchanged").length}`,
      ...removals.lines,
      "",
    ];
    process.stdout.write(out.join("\n"));
    return same && sameReadme && removals.same ? 0 : 1;
  } finally {
    if (values.keep) log(`bench: kept ${work}`);
    else await rm(work, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`bench: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(2);
  },
);
