// Which processes run: to see that a killed tool is really gone (pgrep on a unique command line).
import { execa } from "execa";

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
