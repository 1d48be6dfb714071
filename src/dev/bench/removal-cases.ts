// The benchmark's deletion cases (issue 13): a pull request changing 5 apps and removing one.
//   - `pr-remove`: one Application FILE removed (no Argo CD mechanism deletes it: the report says
//     what would go, which needs only that app's own render);
//   - `pr-remove-gen` (made here from pr-remove): a tenant directory removed too, so the git
//     generator's Application is deleted on the next reconcile. Its cascade can reach any app
//     declaring the same objects, so unchanged apps are rendered unless render summaries in the
//     cache show they declare none of them: cold renders them all, base-warm (an earlier PR on
//     the same base left renders and summaries) reads summaries instead.
// The file removal is measured cold and on a cache where a README-only PR on the same base kept
// the base side (head is then derived from it, pipeline/derive-head).
// Each figure says its cache state; the reports are checked against a forced full render.
import { execa } from "execa";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { loadavg } from "node:os";
import { analyze } from "../../analyze.js";
import type { AnalyzeParams } from "../../analyze-types.js";
import type { Config } from "../../config/config.js";
import { renderJson } from "../../core/report/render-json.js";
import { renderCounters } from "../../adapters/cache/create-caching-renderer.js";
import { GIT_ENV } from "./build-bench-repo.js";

interface Run {
  label: string;
  ms: number;
  json: string;
  renders: number;
  rssMiB: number;
  load: string;
}

/** A branch `name` from `from` with `paths` removed. */
async function branchRemoving(dir: string, from: string, name: string, paths: string[]): Promise<void> {
  const git = (args: string[]) => execa("git", ["-C", dir, "-c", "commit.gpgsign=false", ...args], { env: GIT_ENV });
  await git(["checkout", "-q", "-b", name, from]);
  await git(["rm", "-q", "-r", ...paths]);
  await git(["commit", "-q", "-m", `pr: ${paths.join(", ")} removed`]);
  await git(["checkout", "-q", "main"]);
}

export async function measureRemovals(p: {
  repoDir: string;
  work: string;
  config: Config;
  /** also a forced full render of the generated-app removal (another full render) */
  checkAll: boolean;
  log: (msg: string) => void;
  /** only the Application file removal, without its forced full render (a larger size, where
   *  the other cases render every app: --remove-file) */
  fileOnly?: boolean;
}): Promise<{ lines: string[]; same: boolean; ms: Record<"cold" | "baseWarm", number> }> {
  await branchRemoving(p.repoDir, "pr-remove", "pr-remove-gen", ["tenants/t-0001"]);
  // Another PR on the same base whose analysis renders every app (it deletes a generated
  // Application too): it leaves the base renders and their summaries in its cache.
  await branchRemoving(p.repoDir, "main", "pr-other-gen", ["tenants/t-0002"]);
  const run = async (label: string, head: string, extra: Partial<AnalyzeParams>): Promise<Run> => {
    const renders0 = renderCounters.innerRenders;
    const t0 = performance.now();
    const out = await analyze({ repoDir: p.repoDir, base: "main", head, config: p.config, ...extra });
    const ms = performance.now() - t0;
    if (!out.ok) throw new Error(`${label}: ${out.error}`);
    const r: Run = {
      label,
      ms,
      json: renderJson(out.report),
      renders: renderCounters.innerRenders - renders0,
      rssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
      load: loadavg()[0]!.toFixed(1),
    };
    p.log(`  ${label}: ${(ms / 1000).toFixed(2)} s, ${r.renders} renders`);
    return r;
  };
  const cache = (name: string) => ({ cacheDir: join(p.work, name) });
  const runs: Run[] = [];
  const fileCold = await run("PR 5 apps + 1 Application file removed, cold cache", "pr-remove", cache("rm-a"));
  runs.push(fileCold);
  // The App's usual case: the base side kept by an earlier analysis of another PR on that base.
  await run("  (a README-only PR on the same base, cold: keeps the base side)", "pr-readme", cache("rm-d"));
  const baseWarm = await run(
    "PR 5 apps + 1 Application file removed, base cached by another PR",
    "pr-remove",
    cache("rm-d"),
  );
  runs.push(baseWarm);
  const ms = { cold: fileCold.ms, baseWarm: baseWarm.ms };
  if (p.fileOnly) {
    runs.push(await run("the same, warm cache (rerun)", "pr-remove", cache("rm-a")));
    await rm(join(p.work, "rm-a"), { recursive: true, force: true });
    await rm(join(p.work, "rm-d"), { recursive: true, force: true });
    return {
      lines: ["", ...tableOf(runs), "", "deletion reports: not checked against a forced full render at this size"],
      same: runs.every((r) => r.json === fileCold.json),
      ms,
    };
  }
  const fileFull = await run("  forced full render of it (noCache, equality check)", "pr-remove", { noCache: true });
  const genCold = await run("PR 5 apps + 1 generated Application deleted, cold cache", "pr-remove-gen", cache("rm-b"));
  await run("  (another PR on the same base, cold: fills the cache)", "pr-other-gen", cache("rm-c"));
  const genWarm = await run(
    "PR 5 apps + 1 generated Application deleted, base-warm (base cached by another PR)",
    "pr-remove-gen",
    cache("rm-c"),
  );
  runs.push(genCold, genWarm);
  const genFull = p.checkAll
    ? await run("  forced full render of it (noCache, equality check)", "pr-remove-gen", { noCache: true })
    : undefined;
  await rm(join(p.work, "rm-a"), { recursive: true, force: true });
  await rm(join(p.work, "rm-d"), { recursive: true, force: true });
  const sameFile = fileCold.json === fileFull.json && baseWarm.json === fileFull.json;
  // The cold run renders every app the deletion may reach without a summary: all of them.
  const sameGen = genCold.json === genWarm.json && (!genFull || genFull.json === genCold.json);
  const lines = [
    "",
    ...tableOf([...runs, fileFull]),
    "",
    `deletion reports equal: file removal (cold, base cached) vs forced full render ${sameFile ? "yes" : "NO"}; generated-app deletion base-warm vs cold${genFull ? " vs forced full render" : ""} ${sameGen ? "yes" : "NO"}`,
  ];
  return { lines, same: sameFile && sameGen, ms };
}

function tableOf(runs: readonly Run[]): string[] {
  return [
    "| deletion run | wall time | renders (cache misses + unkeyable) | peak RSS so far | load (1 min) |",
    "|---|---|---|---|---|",
    ...runs.map((r) => `| ${r.label} | ${(r.ms / 1000).toFixed(2)} s | ${r.renders} | ${r.rssMiB} MiB | ${r.load} |`),
  ];
}
