// `npm run bench:sandbox [-- --runs 10] [--series 3]`: what the sandbox costs per tool run.
// `runTool` of `/bin/true`, `--runs` runs per mode after one warm-up, in one process, `--series`
// times: without isolation, with the wrappers (setpriv, timeout, prlimit), and in the network
// namespace with each launcher (socat where the host has it, and Node). Prints the mean and
// median of each and the load average (docs/performance.md, "The sandbox's cost per tool run").
import { loadavg, tmpdir } from "node:os";
import { parseArgs } from "node:util";
import { detectIsolation, type Isolation } from "../../adapters/exec/detect-isolation.js";
import { runTool } from "../../adapters/exec/run-tool.js";

const { values: args } = parseArgs({
  options: { runs: { type: "string", default: "10" }, series: { type: "string", default: "3" } },
});
const runs = Number(args.runs);
const series = Number(args.series);
const log = (msg: string) => process.stderr.write(`${msg}\n`);
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");

async function once(isolation: Isolation): Promise<number> {
  const t0 = performance.now();
  const r = await runTool({
    cmd: "/bin/true",
    args: [],
    cwd: tmpdir(),
    env: { PATH: "/usr/bin:/bin" },
    timeoutMs: 30_000,
    maxOutputBytes: 1 << 20,
    label: "true",
    network: { policy: { offline: false, allow: [] } },
    memoryMiB: 2048,
    isolation,
  });
  if (!r.ok) throw new Error(r.error.message);
  return performance.now() - t0;
}

async function main(): Promise<void> {
  const iso = await detectIsolation();
  const modes: [string, Isolation][] = [
    ["no isolation", { notes: [] }],
    ["wrappers", { ...iso, netns: undefined }],
  ];
  if (iso.netns?.socat) modes.push(["namespace, socat launcher", iso]);
  if (iso.netns) modes.push(["namespace, Node launcher", { ...iso, netns: { ...iso.netns, socat: undefined } }]);
  if (!iso.netns) log("no network namespace on this host: only the first two modes");
  else if (!iso.netns.socat) log("no socat launcher on this host (socat missing or not working)");
  for (let s = 1; s <= series; s++) {
    log(`series ${s} of ${series}, ${runs} runs per mode, load ${load()}`);
    for (const [name, isolation] of modes) {
      await once(isolation);
      const ms: number[] = [];
      for (let i = 0; i < runs; i++) ms.push(await once(isolation));
      ms.sort((a, b) => a - b);
      const mean = ms.reduce((a, b) => a + b, 0) / ms.length;
      log(`  ${name}: mean ${mean.toFixed(1)} ms, median ${ms[ms.length >> 1]!.toFixed(1)} ms`);
    }
  }
  log(`load ${load()}`);
}

await main();
