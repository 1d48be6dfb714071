// Resources are bounded by the OS, not by our timers alone: an address-space limit per tool
// process (render.memoryMiB), and no tool process outliving its deadline, even when the process
// that started it is SIGKILLed (its timers die with it).
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { spawn } from "node:child_process";
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { detectIsolation, type Isolation } from "../../../src/adapters/exec/detect-isolation.js";
import { resolveTools } from "../../../src/adapters/exec/resolve-tools.js";
import { runTool } from "../../../src/adapters/exec/run-tool.js";
import { wrapToolCommand } from "../../../src/adapters/exec/wrap-tool-command.js";
import { sleepers } from "../../support/processes.js";

let isolation: Isolation;
let dir: string;
beforeAll(async () => {
  isolation = await detectIsolation();
  dir = await mkdtemp(join(tmpdir(), "run-tool-limits-"));
});

const policy = { offline: false, allow: [] };

describe("memory limit (render.memoryMiB)", () => {
  it("this host can enforce it", () => expect(isolation.prlimit).toBeDefined());

  it("a tpl self-reference that would eat all memory is stopped, and the error says so", async () => {
    const chart = join(dir, "bomb");
    await mkdir(join(chart, "templates"), { recursive: true });
    await writeFile(join(chart, "Chart.yaml"), "apiVersion: v2\nname: bomb\nversion: 0.1.0\n");
    await writeFile(join(chart, "values.yaml"), 'a: "{{ tpl .Values.a . }}{{ tpl .Values.a . }}"\n');
    await writeFile(join(chart, "templates", "x.yaml"), "x: {{ tpl .Values.a . }}\n");
    const r = await runTool({
      cmd: resolveTools().helm!.path,
      args: ["template", "."],
      cwd: chart,
      env: { PATH: "/usr/bin:/bin", HOME: chart, TMPDIR: chart },
      timeoutMs: 120_000,
      maxOutputBytes: 1 << 20,
      label: "helm",
      network: { policy },
      memoryMiB: 1024,
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.failure).toBe("memory-limit");
    expect(r.error.message).toBe("helm: exceeded the memory limit of 1024 MiB (render.memoryMiB) and was stopped");
  });
});

async function waitUntil(p: { check: () => Promise<boolean>; attempts: number }): Promise<boolean> {
  for (let i = 0; i < p.attempts; i++) {
    if (await p.check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return p.check();
}

/** A Node process that starts the wrapped command as runTool does (own process group), then
 *  waits; the test SIGKILLs it. */
async function startParent(argv: string[]): Promise<ReturnType<typeof spawn>> {
  const script = `const { spawn } = require("node:child_process");
const [cmd, ...args] = JSON.parse(process.argv[1]);
spawn(cmd, args, { stdio: "ignore", detached: true, env: { PATH: "/usr/bin:/bin" } });
setInterval(() => {}, 1000);`;
  return spawn(process.execPath, ["-e", script, JSON.stringify(argv)], { stdio: "ignore" });
}

describe("no tool process outlives its deadline, even when we are SIGKILLed", () => {
  const tool = (marker: string, setsid: boolean) => [
    "/bin/sh",
    "-c",
    `sleep ${marker} & ${setsid ? `setsid sleep ${marker} &` : ""} sh -c 'trap "" TERM; sleep ${marker}'`,
  ];
  const used: string[] = [];
  const marker = () => {
    const m = `${9_000_000 + Math.floor(Math.random() * 999_999)}`;
    used.push(m);
    return m;
  };

  afterAll(async () => {
    // a fallback-mode escapee (setsid) is not the system's to keep
    for (const pid of (await Promise.all(used.map(sleepers))).flat()) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // gone
      }
    }
  });

  it.each([
    ["in a PID namespace, even a process that left the group (setsid)", true, true],
    ["with the proxy only, the tool's whole process group", false, false],
  ])("%s dies at once with its parent", async (_name, netns, setsid) => {
    const m = marker();
    const iso = netns ? isolation : { ...isolation, netns: undefined };
    const [cmd, ...args] = tool(m, setsid);
    const wrapped = wrapToolCommand({
      isolation: iso,
      cmd: cmd!,
      args,
      timeoutMs: 300_000,
      ...(netns ? { netns: { socketPath: join(dir, "none.sock"), port: 3128, tunnels: [] } } : {}),
    });
    const parent = await startParent([wrapped.cmd, ...wrapped.args]);
    expect(
      await waitUntil({
        check: async () => (await sleepers(m)).length === (setsid ? 3 : 2),
        attempts: 100,
      }),
    ).toBe(true);
    parent.kill("SIGKILL");
    expect(await waitUntil({ check: async () => (await sleepers(m)).length === 0, attempts: 100 })).toBe(true);
  });

  it("without setpriv, the wrapper still kills the whole group at the deadline", async () => {
    const m = marker();
    const [cmd, ...args] = tool(m, false);
    const wrapped = wrapToolCommand({
      isolation: { ...isolation, setpriv: undefined, netns: undefined },
      cmd: cmd!,
      args,
      timeoutMs: 1000,
    });
    const parent = await startParent([wrapped.cmd, ...wrapped.args]);
    expect(await waitUntil({ check: async () => (await sleepers(m)).length === 2, attempts: 100 })).toBe(true);
    parent.kill("SIGKILL");
    // deadline 1 s + 2 s grace: gone within the bounded wait
    expect(await waitUntil({ check: async () => (await sleepers(m)).length === 0, attempts: 150 })).toBe(true);
  });
});
