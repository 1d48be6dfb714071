// The runner's side of the protocol, in a few lines rather than @actions/core and its HTTP
// client: outputs and the step summary are files the runner names (GITHUB_OUTPUT,
// GITHUB_STEP_SUMMARY), annotations are `::error::` lines on stdout.
import { appendFile } from "node:fs/promises";

export interface ActionsRuntime {
  setOutput(name: string, value: string): Promise<void>;
  appendSummary(markdown: string): Promise<void>;
  info(message: string): void;
  notice(message: string): void;
  warning(message: string): void;
  error(message: string): void;
}

export function createActionsRuntime(params: {
  env: Readonly<Record<string, string | undefined>>;
  write: (line: string) => void;
}): ActionsRuntime {
  const { env, write } = params;
  const command = (name: string) => (message: string) => write(`::${name}::${escapeData(message)}\n`);
  return {
    async setOutput(name, value) {
      if (/[\r\n]/.test(value)) throw new Error(`output ${name} must be one line`);
      if (env.GITHUB_OUTPUT) await appendFile(env.GITHUB_OUTPUT, `${name}=${value}\n`);
      else write(`${name}=${value}\n`);
    },
    async appendSummary(markdown) {
      if (env.GITHUB_STEP_SUMMARY) await appendFile(env.GITHUB_STEP_SUMMARY, `${markdown.trimEnd()}\n`);
    },
    info: (message) => write(`${message}\n`),
    notice: command("notice"),
    warning: command("warning"),
    error: command("error"),
  };
}

/** actions/toolkit's escaping of a workflow command's message: one line, `%` kept literal. */
function escapeData(s: string): string {
  return s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}
