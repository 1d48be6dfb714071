// What the Action knows about its run, read once from the standard Actions environment and its
// inputs (INTERFACE.md section 5: INPUT_<NAME>, upper case, `-` kept).
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";

export type FailOn = "block" | "warn" | "never";

export interface ActionInputs {
  token: string;
  /** a config file, relative to the workspace; default: the base revision's own */
  configPath?: string;
  comment: boolean;
  check: boolean;
  failOn: FailOn;
}

export interface ActionContext {
  eventName: string;
  payload: unknown;
  workspace: string;
  apiUrl: string;
  /** GITHUB_SHA: for a pull_request event, GitHub's test merge that actions/checkout checked out */
  sha?: string;
  /** this workflow run's page, where the step summary is */
  runUrl?: string;
  /** RUNNER_TEMP: the job's own temporary directory, where the JSON report goes */
  tempDir: string;
  inputs: ActionInputs;
}

type Env = Readonly<Record<string, string | undefined>>;

export async function readActionContext(
  env: Env,
): Promise<{ ok: true; context: ActionContext } | { ok: false; error: string }> {
  const required = ["GITHUB_EVENT_NAME", "GITHUB_EVENT_PATH", "GITHUB_WORKSPACE"] as const;
  const absent = required.filter((name) => !env[name]);
  if (absent.length > 0)
    return { ok: false, error: `${absent.join(", ")} not set: this runs as a step of a GitHub Actions workflow` };
  const inputs = readInputs(env);
  if (typeof inputs === "string") return { ok: false, error: inputs };
  let payload: unknown;
  try {
    payload = JSON.parse(await readFile(env.GITHUB_EVENT_PATH!, "utf8"));
  } catch {
    return { ok: false, error: `cannot read the event payload ${env.GITHUB_EVENT_PATH}` };
  }
  const server = env.GITHUB_SERVER_URL ?? "https://github.com";
  return {
    ok: true,
    context: {
      eventName: env.GITHUB_EVENT_NAME!,
      payload,
      workspace: env.GITHUB_WORKSPACE!,
      apiUrl: env.GITHUB_API_URL || "https://api.github.com",
      ...(env.GITHUB_SHA ? { sha: env.GITHUB_SHA } : {}),
      ...(env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID
        ? { runUrl: `${server}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}` }
        : {}),
      tempDir: env.RUNNER_TEMP || tmpdir(),
      inputs,
    },
  };
}

function readInputs(env: Env): ActionInputs | string {
  const input = (name: string) => (env[`INPUT_${name.toUpperCase()}`] ?? "").trim();
  const token = input("github-token");
  if (!token) return "the github-token input is empty (default: github.token)";
  const comment = readBoolean("comment", input("comment"), true);
  const check = readBoolean("check", input("check"), true);
  const failOn = input("fail-on") || "block";
  if (typeof comment === "string") return comment;
  if (typeof check === "string") return check;
  if (failOn !== "block" && failOn !== "warn" && failOn !== "never")
    return `the fail-on input must be block, warn or never, not ${failOn}`;
  const configPath = input("config");
  return { token, comment, check, failOn, ...(configPath ? { configPath } : {}) };
}

/** YAML 1.2 core schema booleans, as the runner passes them; anything else is a typo. */
function readBoolean(name: string, value: string, fallback: boolean): boolean | string {
  if (value === "") return fallback;
  if (/^true$/i.test(value)) return true;
  if (/^false$/i.test(value)) return false;
  return `the ${name} input must be true or false, not ${value}`;
}
