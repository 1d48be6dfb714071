// An aborted run (the app drains, a newer push supersedes the analysis) kills the command's whole
// process group at once, background children included, and says "interrupted".
import { describe, expect, it } from "@jest/globals";
import { tmpdir } from "node:os";
import { runTool } from "../../../src/adapters/exec/run-tool.js";
import { processesMatching, uniqueSleep, waitFor } from "../../support/processes.js";

const run = (script: string, signal: AbortSignal) =>
  runTool({
    cmd: "/bin/sh",
    args: ["-c", script],
    cwd: tmpdir(),
    env: { PATH: "/usr/bin:/bin" },
    timeoutMs: 60_000,
    maxOutputBytes: 1 << 20,
    label: "tool",
    network: { policy: { offline: false, allow: [] } },
    memoryMiB: 1024,
    signal,
  });

describe("runTool: abort", () => {
  it("kills the tool and what it started in the background within a second", async () => {
    const sleep = uniqueSleep();
    const abort = new AbortController();
    const running = run(`${sleep} & ${sleep}; wait`, abort.signal);
    await waitFor(async () => (await processesMatching(sleep)).length >= 2, 20_000);
    const t0 = Date.now();
    abort.abort();
    const r = await running;
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(r.ok ? "ok" : r.error.failure).toBe("interrupted");
    expect(r.ok ? "" : r.error.message).toBe("tool: interrupted (killed)");
    await waitFor(async () => (await processesMatching(sleep)).length === 0, 2000);
  });

  it("an already aborted signal starts nothing", async () => {
    const sleep = uniqueSleep();
    const r = await run(sleep, AbortSignal.abort());
    expect(r.ok ? "ok" : r.error.failure).toBe("interrupted");
    expect(await processesMatching(sleep)).toEqual([]);
  });
});
