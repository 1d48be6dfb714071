// A failed tool run as data: which command, how it ended, and helm/kustomize's own first error
// line, so the report shows the tool's reason rather than a stack trace.

import type { FailureKind } from "../../core/failure-kind.js";

/** How one tool run failed (the kinds a run can end with). */
export type ToolFailure = Extract<
  FailureKind,
  | "exit"
  | "network"
  | "infrastructure"
  | "timeout"
  | "output-limit"
  | "spawn"
  | "missing-tool"
  | "memory-limit"
  | "refused-by-policy"
  | "interrupted"
>;

export class ToolError extends Error {
  readonly cmd: string;
  readonly args: readonly string[];
  readonly failure: ToolFailure;
  readonly exitCode: number | undefined;
  readonly stderr: string;

  constructor(params: {
    cmd: string;
    args: readonly string[];
    failure: ToolFailure;
    exitCode?: number;
    stderr: string;
    message: string;
  }) {
    super(params.message);
    this.name = "ToolError";
    this.cmd = params.cmd;
    this.args = params.args;
    this.failure = params.failure;
    this.exitCode = params.exitCode;
    this.stderr = params.stderr;
  }
}

/** The first meaningful line of a tool's stderr: helm and kustomize print `Error: <reason>`;
 *  without such a line, the last non-empty line (plugins usually end with their reason). */
export function firstErrorLine(stderr: string): string {
  const lines = stderr
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== "");
  const err = lines.find((l) => /^error:/i.test(l));
  if (err) return err.replace(/^error:\s*/i, "");
  return lines.at(-1) ?? "";
}
