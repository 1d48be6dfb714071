// Runs one external command with an explicit environment (nothing inherited from the bot's
// process), a wall-clock timeout, an output cap and an OS-enforced memory limit, with the network
// reachable only through a policy proxy of ours (wrap-tool-command.ts says how each is enforced).
// The command gets its own process group so a timeout or cap kills everything it started (a
// plugin's `sh -c` spawns helm, for instance), and the wrappers kill it when we die.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { formatRefusal, type NetworkPolicy } from "../../core/network/decide-fetch.js";
import { isOutOfMemory } from "../../core/render/is-out-of-memory.js";
import { startPolicyProxy, type PolicyProxy, type ResolveHost } from "../network/start-policy-proxy.js";
import { detectIsolation, type Isolation } from "./detect-isolation.js";
import type { LoopbackTunnel } from "../../core/network/precheck-fetches.js";
import { toolNetworkEnv } from "./tool-network-env.js";
import { wrapToolCommand } from "./wrap-tool-command.js";
import { ToolError, firstErrorLine } from "./tool-error.js";
import { classifyExit } from "./classify-exit.js";

/** Where the proxy forwarder listens inside a network namespace (nothing else is there). */
const NETNS_PROXY_PORT = 3128;

export interface RunToolParams {
  cmd: string;
  args: readonly string[];
  cwd: string;
  /** the complete environment of the command */
  env: Readonly<Record<string, string>>;
  timeoutMs: number;
  /** cap on stdout + stderr bytes */
  maxOutputBytes: number;
  /** name used in messages ("helm", "kustomize", "plugin foo") */
  label?: string;
  /** the policy every fetch of the tool goes through (config.network); loopback endpoints the
   *  inputs name and the policy allows get a tunnel inside a network namespace */
  network: { policy: NetworkPolicy; tunnels?: readonly LoopbackTunnel[] };
  /** address-space limit per process, MiB (config.render.memoryMiB) */
  memoryMiB: number;
  /** what the host offers to confine the tool; default detectIsolation() */
  isolation?: Isolation;
  /** how the proxy resolves names (default: the system resolver); for tests */
  resolveHost?: ResolveHost;
  /** aborting it kills the command's whole process group at once (the app drains, a newer push
   *  supersedes the analysis); an aborted run ends as "interrupted", never as the tool's result */
  signal?: AbortSignal;
}

export type RunToolResult = { ok: true; stdout: string; stderr: string } | { ok: false; error: ToolError };

export async function runTool(params: RunToolParams): Promise<RunToolResult> {
  const label = params.label ?? params.cmd;
  const fail: Fail = (f) => ({
    ok: false,
    error: new ToolError({ cmd: params.cmd, args: params.args, ...f }),
  });
  if (params.signal?.aborted) return fail({ failure: "interrupted", message: `${label}: interrupted`, stderr: "" });
  const isolation = params.isolation ?? (await detectIsolation());
  const proxied = await startToolProxy({ policy: params.network.policy, isolation, resolve: params.resolveHost });
  const tunnels = params.network.tunnels ?? [];
  const port = [NETNS_PROXY_PORT, NETNS_PROXY_PORT + 1].find((p) => !tunnels.some((t) => t.port === p))!;
  const wrapped = wrapToolCommand({
    isolation,
    cmd: params.cmd,
    args: params.args,
    timeoutMs: params.timeoutMs,
    memoryBytes: params.memoryMiB * 1024 * 1024,
    ...(proxied.socketPath ? { netns: { socketPath: proxied.socketPath, port, tunnels } } : {}),
  });
  const proxyUrl = proxied.socketPath ? `http://127.0.0.1:${port}` : proxied.proxy.url!;
  try {
    const result = await runWrapped({
      ...params,
      label,
      cmd: wrapped.cmd,
      args: wrapped.args,
      toolCmd: params.cmd,
      proxyUrl,
      fail,
    });
    if (result.ok) return result;
    const refused = proxied.proxy.refusals()[0];
    const killed = ["timeout", "output-limit", "interrupted"].includes(result.error.failure);
    if (refused && !killed) {
      return fail({
        failure: "refused-by-policy",
        message: `${label}: ${formatRefusal(refused)}`,
        stderr: result.error.stderr,
      });
    }
    if (result.error.failure === "exit" && isolation.prlimit && isOutOfMemory(result.error.stderr)) {
      return fail({
        failure: "memory-limit",
        message: `${label}: exceeded the memory limit of ${params.memoryMiB} MiB (render.memoryMiB) and was stopped`,
        stderr: result.error.stderr,
        exitCode: result.error.exitCode,
      });
    }
    if (result.error.failure === "exit") {
      const failure = classifyExit(result.error.message);
      if (failure !== "exit") return fail({ ...errorFields(result.error), failure });
    }
    return result;
  } finally {
    await proxied.dispose();
  }
}

function errorFields(e: ToolError): { message: string; stderr: string; exitCode?: number } {
  return { message: e.message, stderr: e.stderr, ...(e.exitCode !== undefined ? { exitCode: e.exitCode } : {}) };
}

/** The policy proxy of one tool run: on a Unix socket for a forwarder in a network namespace,
 *  else on 127.0.0.1. One per run, so its refusals are this run's. */
async function startToolProxy(p: {
  policy: NetworkPolicy;
  isolation: Isolation;
  resolve?: ResolveHost;
}): Promise<{ proxy: PolicyProxy; socketPath?: string; dispose: () => Promise<void> }> {
  const resolve = p.resolve ? { resolve: p.resolve } : {};
  if (!p.isolation.netns) {
    const proxy = await startPolicyProxy({ policy: p.policy, ...resolve });
    return { proxy, dispose: () => proxy.close() };
  }
  const dir = await mkdtemp(join(tmpdir(), "br-net-"));
  const socketPath = join(dir, "proxy.sock");
  const proxy = await startPolicyProxy({ policy: p.policy, socketPath, ...resolve });
  return {
    proxy,
    socketPath,
    dispose: async () => {
      await proxy.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

type Fail = (f: { failure: ToolError["failure"]; message: string; stderr: string; exitCode?: number }) => RunToolResult;

async function runWrapped(
  params: Omit<RunToolParams, "label" | "network" | "memoryMiB" | "isolation" | "resolveHost"> & {
    label: string;
    proxyUrl: string;
    /** the tool itself (cmd is its outermost wrapper) */
    toolCmd: string;
    fail: Fail;
  },
): Promise<RunToolResult> {
  const { label, fail } = params;
  let sub;
  try {
    sub = execa(params.cmd, [...params.args], {
      cwd: params.cwd,
      env: { ...params.env, ...toolNetworkEnv(params.proxyUrl) },
      extendEnv: false,
      stdin: "ignore",
      buffer: false,
      reject: false,
      detached: true,
      cleanup: true,
      encoding: "buffer",
    });
  } catch (err) {
    return fail({
      failure: "spawn",
      message: `${label}: ${err instanceof Error ? err.message : String(err)}`,
      stderr: "",
    });
  }
  const out: Buffer[] = [];
  const errOut: Buffer[] = [];
  let bytes = 0;
  let ended: "timeout" | "output-limit" | "interrupted" | undefined;
  const killGroup = () => {
    if (sub.pid === undefined) return;
    try {
      process.kill(-sub.pid, "SIGKILL");
    } catch {
      // already gone
    }
  };
  const onData = (into: Buffer[]) => (chunk: Buffer) => {
    if (ended) return;
    bytes += chunk.length;
    if (bytes > params.maxOutputBytes) {
      ended = "output-limit";
      killGroup();
      return;
    }
    into.push(chunk);
  };
  sub.stdout?.on("data", onData(out));
  sub.stderr?.on("data", onData(errOut));
  const timer = setTimeout(() => {
    if (!ended) ended = "timeout";
    killGroup();
  }, params.timeoutMs);
  const onAbort = () => {
    if (!ended) ended = "interrupted";
    killGroup();
  };
  params.signal?.addEventListener("abort", onAbort, { once: true });
  // aborted between the check in runTool and the spawn
  if (params.signal?.aborted) onAbort();
  let result;
  try {
    result = await sub;
  } finally {
    clearTimeout(timer);
    params.signal?.removeEventListener("abort", onAbort);
    // stragglers a command left behind (background children) die with it
    killGroup();
  }
  const stdout = Buffer.concat(out).toString("utf8");
  const stderr = Buffer.concat(errOut).toString("utf8");
  if (ended === "timeout") {
    return fail({
      failure: "timeout",
      message: `${label}: timed out after ${Math.round(params.timeoutMs / 1000)}s (killed)`,
      stderr,
    });
  }
  if (ended === "interrupted") {
    return fail({ failure: "interrupted", message: `${label}: interrupted (killed)`, stderr });
  }
  if (ended === "output-limit") {
    return fail({
      failure: "output-limit",
      message: `${label}: output exceeded ${params.maxOutputBytes} bytes (killed)`,
      stderr,
    });
  }
  if (result.failed && result.exitCode === undefined) {
    const cause = (result.cause instanceof Error ? result.cause.message : result.shortMessage) ?? "could not start";
    if (/ENOENT/.test(cause))
      return fail({ failure: "missing-tool", message: `${label}: command not found: ${params.toolCmd}`, stderr });
    return fail({ failure: "spawn", message: `${label}: ${cause.split("\n")[0] ?? cause}`, stderr });
  }
  // A wrapper (setpriv, timeout, prlimit, the namespace launcher) that could not exec the tool.
  if (
    result.exitCode === 127 &&
    params.cmd !== params.toolCmd &&
    /No such file or directory|command not found/.test(stderr)
  ) {
    return fail({ failure: "missing-tool", message: `${label}: command not found: ${params.toolCmd}`, stderr });
  }
  if (result.exitCode === 125 && /^network sandbox: /m.test(stderr)) {
    return fail({ failure: "spawn", message: `${label}: ${firstErrorLine(stderr)}`, stderr });
  }
  if (result.exitCode !== 0) {
    const reason = firstErrorLine(stderr) || `exited with status ${result.exitCode}`;
    return fail({ failure: "exit", message: `${label}: ${reason}`, stderr, exitCode: result.exitCode });
  }
  return { ok: true, stdout, stderr };
}
