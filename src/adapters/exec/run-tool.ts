// Runs one external command with an explicit environment (nothing inherited from the bot's
// process), a wall-clock timeout and an output cap. The command gets its own process group so a
// timeout or cap kills everything it started (a plugin's `sh -c` spawns helm, for instance).
import { execa } from "execa";
import { ToolError, firstErrorLine } from "./tool-error.js";

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
}

export type RunToolResult = { ok: true; stdout: string; stderr: string } | { ok: false; error: ToolError };

export async function runTool(params: RunToolParams): Promise<RunToolResult> {
  const label = params.label ?? params.cmd;
  const fail = (f: {
    failure: ToolError["failure"];
    message: string;
    stderr: string;
    exitCode?: number;
  }): RunToolResult => ({
    ok: false,
    error: new ToolError({ cmd: params.cmd, args: params.args, ...f }),
  });
  let sub;
  try {
    sub = execa(params.cmd, [...params.args], {
      cwd: params.cwd,
      env: { ...params.env },
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
  let ended: "timeout" | "output-limit" | undefined;
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
  let result;
  try {
    result = await sub;
  } finally {
    clearTimeout(timer);
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
  if (ended === "output-limit") {
    return fail({
      failure: "output-limit",
      message: `${label}: output exceeded ${params.maxOutputBytes} bytes (killed)`,
      stderr,
    });
  }
  if (result.failed && result.exitCode === undefined) {
    const cause = (result.cause instanceof Error ? result.cause.message : result.shortMessage) ?? "could not start";
    const reason = /ENOENT/.test(cause) ? `command not found: ${params.cmd}` : (cause.split("\n")[0] ?? cause);
    return fail({ failure: "spawn", message: `${label}: ${reason}`, stderr });
  }
  if (result.exitCode !== 0) {
    const reason = firstErrorLine(stderr) || `exited with status ${result.exitCode}`;
    return fail({ failure: "exit", message: `${label}: ${reason}`, stderr, exitCode: result.exitCode });
  }
  return { ok: true, stdout, stderr };
}
