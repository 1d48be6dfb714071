// Finds helm and kustomize. Order (docs/TOOLCHAIN): explicit env var, the project's .tools/bin
// (unpacked by scripts/install-tools.mjs), then PATH. There is often no standalone kustomize:
// `kubectl kustomize` is kustomize built into kubectl.
import { accessSync, constants, existsSync } from "node:fs";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** A command and the arguments that precede the tool's own (["kustomize"] for kubectl). */
export interface ToolCommand {
  path: string;
  prefixArgs: string[];
  /** how it is reported ("helm", "kustomize", "kubectl kustomize") */
  display: string;
  /** `kubectl kustomize DIR` means `kustomize build DIR`: the `build` word must be dropped */
  implicitBuild?: boolean;
}

export interface Tools {
  helm?: ToolCommand;
  /** Helm 4, which Argo CD 3.5+ renders with (HELM4_BIN or .tools/bin/helm4) */
  helm4?: ToolCommand;
  kustomize?: ToolCommand;
}

export interface ResolveToolsParams {
  /** environment to read HELM_BIN / KUSTOMIZE_BIN / PATH from (default process.env) */
  env?: Readonly<Record<string, string | undefined>>;
  /** directory holding helm/kubectl/kustomize (default: the project's .tools/bin) */
  toolsDir?: string;
}

function isExecutable(p: string): boolean {
  try {
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name: string, pathVar: string | undefined): string | undefined {
  for (const dir of (pathVar ?? "").split(delimiter)) {
    if (!dir) continue;
    const p = join(dir, name);
    if (isExecutable(p)) return p;
  }
  return undefined;
}

/** The project's .tools/bin, found by walking up from this module (works from src/ and dist/). */
export function defaultToolsDir(): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i++) {
    const candidate = join(dir, ".tools", "bin");
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return undefined;
}

export function resolveTools(params: ResolveToolsParams = {}): Tools {
  const env = params.env ?? process.env;
  const toolsDir = params.toolsDir ?? defaultToolsDir();
  const inTools = (name: string) => (toolsDir && isExecutable(join(toolsDir, name)) ? join(toolsDir, name) : undefined);
  const helmPath = env.HELM_BIN || inTools("helm") || onPath("helm", env.PATH);
  const kustomize = (p: string): ToolCommand => ({ path: p, prefixArgs: [], display: "kustomize" });
  const kubectl = (p: string): ToolCommand => ({
    path: p,
    prefixArgs: ["kustomize"],
    display: "kubectl kustomize",
    implicitBuild: true,
  });
  let k: ToolCommand | undefined;
  if (env.KUSTOMIZE_BIN) k = kustomize(env.KUSTOMIZE_BIN);
  else if (inTools("kustomize")) k = kustomize(inTools("kustomize")!);
  else if (inTools("kubectl")) k = kubectl(inTools("kubectl")!);
  else if (onPath("kustomize", env.PATH)) k = kustomize(onPath("kustomize", env.PATH)!);
  else if (onPath("kubectl", env.PATH)) k = kubectl(onPath("kubectl", env.PATH)!);
  const helm4Path = env.HELM4_BIN || inTools("helm4");
  return {
    ...(helmPath ? { helm: { path: helmPath, prefixArgs: [], display: "helm" } } : {}),
    ...(helm4Path ? { helm4: { path: helm4Path, prefixArgs: [], display: "helm4" } } : {}),
    ...(k ? { kustomize: k } : {}),
  };
}
