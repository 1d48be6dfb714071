// Which processes run: to see that a killed tool is really gone (pgrep on a unique command line).
import { execa } from "execa";
import { readdir, readFile } from "node:fs/promises";

/** `sleep <seconds>.<random>`: a command line no other process has, so pgrep finds only ours. */
export function uniqueSleep(seconds = 600): string {
  return `sleep ${seconds}.${String(Math.floor(Math.random() * 1e9)).padStart(9, "0")}`;
}

/** The pids whose full command line contains `text` (pgrep itself excluded). */
export async function processesMatching(text: string): Promise<number[]> {
  const r = await execa("pgrep", ["-f", "--", text], { reject: false });
  return r.stdout
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map(Number);
}

export async function waitFor(condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > until) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The live `sleep <marker>` processes, from /proc (a zombie is gone for every purpose). */
export async function sleepers(marker: string): Promise<number[]> {
  const out: number[] = [];
  for (const name of await readdir("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const cmdline = await readFile(`/proc/${name}/cmdline`, "utf8");
      const stat = await readFile(`/proc/${name}/stat`, "utf8");
      if (cmdline === `sleep\0${marker}\0` && !/^\d+ \(.*\) Z/.test(stat)) out.push(Number(name));
    } catch {
      // exited meanwhile
    }
  }
  return out;
}
