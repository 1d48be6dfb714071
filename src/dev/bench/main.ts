// `npm run bench [-- --apps N | --sizes N,M,...] [--naive full|sample] [--sample K] [--equality]
// [--remove] [--remove-file] [--check-all] [--keep]`: generates a synthetic monorepo of N
// applications (one per size, side by side in one run, with the ratios between sizes) as git commits, then measures:
//   1. a pull request touching 5 apps + a kustomize base shared by 50, cold cache (fresh dir);
//   2. the same, rerun (warm cache);
//   3. a pull request touching only README.md, cold and warm, then the first run of the PR of 1.
//      on that cache (base renders cached by another analysis, the App's usual case);
//   4. a naive full render: every app on both sides with the same tools, one at a time, no cache
//      (all of it with --naive full, the default; or K sampled apps extrapolated, said so);
//   5. the deletion cases (removal-cases.ts), at the first size (--remove: at every size;
//      --remove-file: the Application file removal alone at the other sizes), the file removal
//      both cold and on a base side kept by another PR;
// and checks that the fast report equals the forced full render's byte for byte (exit 1 if not).
// The naive render and the equality check run at the first size only (--equality: at every size).
// Every "cache" is a real cache directory (AnalyzeParams.cacheDir): cold is a fresh one.
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
import { sideCounters } from "../../pipeline/build-sides.js";
import { derivedCounters } from "../../pipeline/derive-head.js";
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
  /** sides taken from the cache directory, and heads that were the base side */
  sides: string;
}

const log = (msg: string) => process.stderr.write(`${msg}\n`);
const mib = (kib: number) => Math.round(kib / 1024);

async function measure(p: {
  label: string;
  shims: ToolShims;
  params: AnalyzeParams;
  deps?: AnalyzeDeps;
}): Promise<Measured> {
  const before = await p.shims.read();
  const renders0 = renderCounters.innerRenders;
  const sides0 = { ...sideCounters };
  const derived0 = derivedCounters.derived;
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
    sides: `${sideCounters.loaded - sides0.loaded} kept, ${sideCounters.shared - sides0.shared} shared, ${derivedCounters.derived - derived0} derived, ${sideCounters.reports - sides0.reports} kept reports`,
  };
  log(
    `  ${m.label}: ${(ms / 1000).toFixed(2)} s, ${m.toolProcesses} tool processes, ${m.innerRenders} renders, sides ${m.sides}`,
  );
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

interface SizeResult {
  apps: number;
  byLabel: Map<string, Measured>;
  /** the Application file removal (removal-cases), when measured at this size */
  removal?: Record<"cold" | "baseWarm", number>;
  lines: string[];
  ok: boolean;
}

/** One repository size: the runs of the header comment; the naive and equality runs only when asked. */
async function runSize(p: {
  apps: number;
  work: string;
  shims: ToolShims;
  naive: string | undefined;
  sample: number;
  checkAll: boolean;
  equality: boolean;
  remove: boolean;
  /** at a size without `remove`: the Application file removal alone */
  removeFile: boolean;
}): Promise<SizeResult> {
  const dir = join(p.work, String(p.apps));
  const t0 = performance.now();
  const repo = await buildBenchRepo({ dir: join(dir, "repo"), apps: p.apps });
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
  const shims = p.shims;
  const byLabel = new Map<string, Measured>();
  const run = async (key: string, m: Parameters<typeof measure>[0]): Promise<Measured> => {
    const r = await measure(m);
    byLabel.set(key, r);
    return r;
  };
  // Each cache directory is fresh for its first run ("cold") and reused by the next ("warm").
  const cached = (name: string): Partial<AnalyzeParams> => ({ cacheDir: join(dir, name) });

  await run("apps-cold", {
    label: "PR 5 apps + shared base, cold cache",
    shims,
    params: pr("pr-apps", cached("cache-a")),
  });
  await run("apps-warm", {
    label: "PR 5 apps + shared base, warm cache (rerun)",
    shims,
    params: pr("pr-apps", cached("cache-a")),
  });
  await run("readme-cold", { label: "PR README only, cold cache", shims, params: pr("pr-readme", cached("cache-b")) });
  await run("readme-warm", { label: "PR README only, warm cache", shims, params: pr("pr-readme", cached("cache-b")) });
  // The usual case for the App: another analysis on the same base (an earlier PR, a push) has
  // cached the base renders, so a new PR renders only what it changes.
  await run("apps-other", {
    label: "PR 5 apps + shared base, first run, base cached by another PR",
    shims,
    params: pr("pr-apps", cached("cache-b")),
  });

  const lines: string[] = [];
  const fast = byLabel.get("apps-cold")!;
  let same = true;
  let sameReadme = byLabel.get("readme-cold")!.json === byLabel.get("readme-warm")!.json;
  if (p.naive !== undefined || p.equality) {
    let naiveMs: number | undefined;
    let naiveNote = "";
    let full: Measured;
    if (p.naive === "full") {
      full = await run("naive", {
        label: "naive: every app on both sides, sequential, no cache",
        shims,
        params: pr("pr-apps", { noCache: true, config: sequential }),
      });
      naiveMs = full.ms;
      naiveNote = "measured";
    } else {
      if (p.naive === "sample") {
        const totalRenders = fast.apps * 2;
        const every = Math.max(1, Math.floor(totalRenders / p.sample));
        const sampler = samplingRenderer(every);
        const s = await run("naive-sample", {
          label: `naive sample: 1 in ${every} renders, sequential`,
          shims,
          params: pr("pr-apps", { noCache: true, config: sequential }),
          deps: { renderer: sampler },
        });
        naiveMs = s.ms - sampler.sampledMs + (sampler.sampledMs / Math.max(1, sampler.sampled)) * sampler.total;
        naiveNote = `EXTRAPOLATED from ${sampler.sampled} of ${sampler.total} renders (mean ${(sampler.sampledMs / Math.max(1, sampler.sampled)).toFixed(0)} ms each)`;
      }
      full = await run("full", {
        label: "forced full render (noCache, parallel) for the equality check",
        shims,
        params: pr("pr-apps", { noCache: true }),
      });
    }
    same = [fast, byLabel.get("apps-warm")!, byLabel.get("apps-other")!].every((m) => m.json === full.json);
    // The README PR's forced full render costs another full render: only with --check-all.
    if (p.checkAll) {
      const readmeFull = await run("readme-full", {
        label: "forced full render of the README PR (equality check)",
        shims,
        params: pr("pr-readme", { noCache: true }),
      });
      sameReadme &&= byLabel.get("readme-cold")!.json === readmeFull.json;
    }
    if (naiveMs !== undefined) {
      lines.push(
        `naive full render of every app on both sides, sequential: ${(naiveMs / 1000).toFixed(1)} s (${naiveNote})`,
        `fast path (cold cache) vs naive: ${(naiveMs / fast.ms).toFixed(1)}x faster (${((fast.ms / naiveMs) * 100).toFixed(1)}% of the naive time)`,
        `fast path (base cached by another PR) vs naive: ${(naiveMs / byLabel.get("apps-other")!.ms).toFixed(1)}x faster (${((byLabel.get("apps-other")!.ms / naiveMs) * 100).toFixed(1)}% of the naive time)`,
      );
    }
    lines.push(
      `report of the fast path equals the forced full render byte for byte: ${same ? "yes" : "NO"} (README PR, cold vs warm${p.checkAll ? " vs forced full" : ""}: ${sameReadme ? "yes" : "NO"})`,
    );
  } else {
    lines.push(
      `equality with a forced full render not checked at this size (the smallest size checks it; --equality for every size); README PR cold vs warm: ${sameReadme ? "same" : "DIFFERENT"}`,
    );
  }
  // The deletion cases (removal-cases.ts): at the first size, and at every size with --remove.
  let removal: SizeResult["removal"];
  if (p.remove || p.removeFile) {
    const removals = await measureRemovals({
      repoDir: repo.dir,
      work: dir,
      config,
      checkAll: p.checkAll,
      log,
      ...(p.remove ? {} : { fileOnly: true }),
    });
    lines.push(...removals.lines);
    same &&= removals.same;
    removal = removals.ms;
  }
  lines.push(
    `changed applications in the report: ${(JSON.parse(fast.json) as { applications: { change: string }[] }).applications.filter((a) => a.change !== "unchanged").length}`,
    `peak RSS of the analysis process after the fast runs of this size: ${Math.max(...[...byLabel.values()].filter((m) => m.cached).map((m) => m.maxRssMiB))} MiB; largest tool process: ${Math.max(...[...byLabel.values()].map((r) => r.maxToolRssMiB))} MiB`,
  );
  return { apps: repo.apps, byLabel, ...(removal ? { removal } : {}), lines, ok: same && sameReadme };
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      apps: { type: "string" },
      sizes: { type: "string" },
      naive: { type: "string", default: "full" },
      sample: { type: "string", default: "100" },
      keep: { type: "boolean", default: false },
      "check-all": { type: "boolean", default: false },
      equality: { type: "boolean", default: false },
      remove: { type: "boolean", default: false },
      "remove-file": { type: "boolean", default: false },
    },
  });
  // --sizes 1000,10000: one repository per size, side by side in one run; --apps N: one size.
  const sizes = (values.sizes ?? values.apps ?? "1000")
    .split(",")
    .map((x) => Number(x.trim()))
    .filter((n) => Number.isInteger(n) && n > 0);
  if (sizes.length === 0) throw new Error("--sizes: a comma-separated list of application counts");
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

    const results: SizeResult[] = [];
    for (const [i, apps] of sizes.entries()) {
      // The naive render (minutes at 10,000 apps) and the equality check run at the smallest size.
      const first = i === 0;
      results.push(
        await runSize({
          apps,
          work,
          shims,
          naive: first ? values.naive : undefined,
          sample: Number(values.sample),
          checkAll: values["check-all"],
          equality: first || values.equality,
          remove: first || values.remove,
          removeFile: values["remove-file"],
        }),
      );
    }

    const line = (m: Measured) =>
      `| ${m.label} | ${(m.ms / 1000).toFixed(2)} s | ${m.toolProcesses} | ${m.cached ? m.innerRenders : "all (no cache)"} | ${m.sides} | ${m.maxRssMiB} MiB |`;
    const out = [
      "",
      `argocd-blast-radius benchmark: ${results.map((r) => r.apps).join(", ")} applications, ${availableParallelism()} cores, Node ${process.version}; load average at start ${load0}, at end ${loadavg()
        .map((l) => l.toFixed(1))
        .join(" ")} (other work on the machine skews times)`,
    ];
    for (const r of results) {
      out.push(
        "",
        `### ${r.apps} applications`,
        "",
        "| run | wall time | tool processes | renders (cache misses + unkeyable) | sides (kept: from the cache; shared: head is base; derived: head is base with what changed redone; kept reports: no side read) | peak RSS so far |",
        "|---|---|---|---|---|---|",
        ...[...r.byLabel.values()].map(line),
        "",
        ...r.lines,
      );
    }
    if (results.length > 1) {
      const small = results[0]!;
      out.push("", `### ratios, ${results.map((r) => r.apps).join(" / ")} applications (goal: within 2x)`, "");
      for (const big of results.slice(1)) {
        for (const [key, name] of [
          ["readme-cold", "no-op PR, cold cache"],
          ["readme-warm", "no-op PR, warm cache"],
          ["apps-cold", "5 apps + shared base, cold cache"],
          ["apps-other", "5 apps + shared base, base cached by another PR"],
        ] as const) {
          const a = small.byLabel.get(key);
          const b = big.byLabel.get(key);
          if (a && b)
            out.push(
              `- ${name}: ${(b.ms / 1000).toFixed(2)} s / ${(a.ms / 1000).toFixed(2)} s = ${(b.ms / a.ms).toFixed(2)}x (${big.apps} vs ${small.apps})`,
            );
        }
        for (const [key, name] of [
          ["cold", "5 apps + 1 Application file removed, cold cache"],
          ["baseWarm", "5 apps + 1 Application file removed, base cached by another PR"],
        ] as const) {
          const a = small.removal?.[key];
          const b = big.removal?.[key];
          if (a !== undefined && b !== undefined)
            out.push(
              `- ${name}: ${(b / 1000).toFixed(2)} s / ${(a / 1000).toFixed(2)} s = ${(b / a).toFixed(2)}x (${big.apps} vs ${small.apps})`,
            );
        }
      }
    }
    out.push(`peak RSS of the whole run: ${mib(process.resourceUsage().maxRSS)} MiB`, "");
    process.stdout.write(out.join("\n"));
    return results.every((r) => r.ok) ? 0 : 1;
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
