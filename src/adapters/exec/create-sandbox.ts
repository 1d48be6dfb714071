// A private scratch area for one render: HOME, TMPDIR, a kubeconfig and a bin directory with
// `helm` and `kustomize`. Tools run with ONLY this environment (plus Argo CD's variables), so no
// token or secret of the bot's own environment reaches a chart or a plugin.
import { chmod, mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Tools } from "./resolve-tools.js";

export interface Sandbox {
  root: string;
  binDir: string;
  /** PATH, HOME, TMPDIR, KUBECONFIG: the whole base environment of a tool run */
  env: Record<string, string>;
  dispose(): Promise<void>;
}

export interface CreateSandboxParams {
  tools: Tools;
  /** what helm's default namespace resolves to when no --namespace is given (config.repoServerNamespace) */
  namespace: string;
  /** parent directory (default os.tmpdir()) */
  parentDir?: string;
}

/** Directories plugins may need for sh, cat, sed... (never the bot's own PATH). */
const SYSTEM_PATH = ["/usr/local/bin", "/usr/bin", "/bin"];

function shQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** A kubeconfig whose current context names the namespace helm defaults to. Inside a repo-server
 *  installed by argo-helm, client-go reads the pod's namespace from the mounted service-account
 *  token; a kubeconfig context is how we give helm the same answer without a cluster
 *  (semantics D.8). The server is never contacted by `helm template`. */
export function kubeconfigYaml(namespace: string): string {
  return [
    "apiVersion: v1",
    "kind: Config",
    "clusters:",
    "- name: repo-server",
    "  cluster:",
    "    server: https://127.0.0.1:1",
    "contexts:",
    "- name: repo-server",
    "  context:",
    "    cluster: repo-server",
    "    user: repo-server",
    `    namespace: ${JSON.stringify(namespace)}`,
    "current-context: repo-server",
    "users:",
    "- name: repo-server",
    "  user: {}",
    "",
  ].join("\n");
}

export async function createSandbox(params: CreateSandboxParams): Promise<Sandbox> {
  const root = await mkdtemp(join(params.parentDir ?? tmpdir(), "blast-radius-run-"));
  const home = join(root, "home");
  const tmp = join(root, "tmp");
  const binDir = join(root, "bin");
  await Promise.all([mkdir(home), mkdir(tmp), mkdir(binDir)]);
  const kubeconfig = join(root, "kubeconfig");
  await writeFile(kubeconfig, kubeconfigYaml(params.namespace), { mode: 0o600 });
  const { helm, kustomize } = params.tools;
  if (helm) await symlink(helm.path, join(binDir, "helm"));
  if (kustomize && kustomize.prefixArgs.length === 0) {
    await symlink(kustomize.path, join(binDir, "kustomize"));
  } else if (kustomize) {
    // Plugins call `kustomize build DIR ...`; here kustomize lives inside kubectl.
    const k = shQuote(kustomize.path);
    const script = [
      "#!/bin/sh",
      `if [ "$1" = build ]; then shift; exec ${k} kustomize "$@"; fi`,
      `if [ "$1" = version ]; then exec ${k} version --client; fi`,
      `echo "kustomize: only 'build' and 'version' are available (kubectl kustomize)" >&2`,
      "exit 1",
      "",
    ].join("\n");
    await writeFile(join(binDir, "kustomize"), script);
    await chmod(join(binDir, "kustomize"), 0o755);
    await symlink(kustomize.path, join(binDir, "kubectl"));
  }
  const env = {
    PATH: [binDir, ...SYSTEM_PATH].join(":"),
    HOME: home,
    TMPDIR: tmp,
    KUBECONFIG: kubeconfig,
  };
  return {
    root,
    binDir,
    env,
    dispose: () => rm(root, { recursive: true, force: true }),
  };
}
