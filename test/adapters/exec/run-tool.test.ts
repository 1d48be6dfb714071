// Every failed run carries its kind, set where it happens; what follows (cache, report) reads it.
import { describe, expect, it } from "@jest/globals";
import { tmpdir } from "node:os";
import { runTool } from "../../../src/adapters/exec/run-tool.js";

const run = (script: string, opts: { timeoutMs?: number; maxOutputBytes?: number; cmd?: string } = {}) =>
  runTool({
    cmd: opts.cmd ?? "/bin/sh",
    args: ["-c", script],
    cwd: tmpdir(),
    env: { PATH: "/usr/bin:/bin" },
    timeoutMs: opts.timeoutMs ?? 20_000,
    maxOutputBytes: opts.maxOutputBytes ?? 1 << 20,
    label: "tool",
    network: { policy: { offline: false, allow: [] } },
    memoryMiB: 1024,
  });

describe("runTool: the kind of each failure", () => {
  it.each([
    ["a plain failing exit", "echo 'Error: template: x.yaml:3: bad' >&2; exit 1", "exit"],
    [
      "an exit naming an unreachable server",
      "echo 'Error: dial tcp: lookup charts.example: no such host' >&2; exit 1",
      "network",
    ],
    [
      "an exit on a full disk",
      "echo 'Error: write /tmp/x: ENOSPC: no space left on device' >&2; exit 1",
      "infrastructure",
    ],
    ["too much output", "yes | head -c 100000", "output-limit"],
  ])("%s", async (_label, script, kind) => {
    const r = await run(script, { maxOutputBytes: 1000 });
    expect(r.ok ? "ok" : r.error.failure).toBe(kind);
  });

  it("a run past its deadline", async () => {
    const r = await run("sleep 30", { timeoutMs: 300 });
    expect(r.ok ? "ok" : r.error.failure).toBe("timeout");
  });

  it("a command that is not installed", async () => {
    const r = await run("", { cmd: "no-such-binary-xyz" });
    expect(r.ok ? "ok" : r.error.failure).toBe("missing-tool");
  });
});
