// Small builders for renderer tests: an AppSpec, a Config, and files written into a tmp dir.
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { DEFAULT_CONFIG } from "../../../../src/config/defaults.js";
import type { Config } from "../../../../src/config/config.js";
import type { AppSource, AppSpec } from "../../../../src/core/model.js";

export function makeApp(params: {
  name?: string;
  namespace?: string;
  destNamespace?: string;
  sources: AppSource[];
  project?: string;
}): AppSpec {
  const name = params.name ?? "demo";
  const namespace = params.namespace ?? "argocd";
  return {
    key: `${namespace}/${name}`,
    name,
    namespace,
    instanceName: namespace === "argocd" ? name : `${namespace}_${name}`,
    origin: { kind: "file", file: "apps.yaml" },
    generatedBy: "apps.yaml",
    project: params.project ?? "default",
    destination: { server: "https://kubernetes.default.svc", namespace: params.destNamespace ?? "" },
    sources: params.sources,
    syncPolicy: { automated: false, prune: false, allowEmpty: false, selfHeal: false, syncOptions: [] },
    finalizers: [],
    annotations: {},
    labels: {},
    manifest: {},
  };
}

export function makeConfig(
  overrides: Partial<Config> = {},
  argocd: Partial<Config["argocd"]> = {},
  render: Partial<Config["render"]> = {},
): Config {
  return {
    ...DEFAULT_CONFIG,
    ...overrides,
    argocd: { ...DEFAULT_CONFIG.argocd, ...argocd },
    render: { ...DEFAULT_CONFIG.render, timeoutSeconds: 60, ...render },
  };
}

export async function writeTree(files: Record<string, string>, dir?: string): Promise<string> {
  const root = dir ?? (await mkdtemp(join(tmpdir(), "render-test-")));
  for (const [p, text] of Object.entries(files)) {
    await mkdir(dirname(join(root, p)), { recursive: true });
    await writeFile(join(root, p), text);
  }
  return root;
}

export const REPO = "https://github.com/example/gitops.git";

export const CM = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`;
