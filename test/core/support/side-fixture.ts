// Builds SideStates from inline YAML for unit tests of the pure core.
import { parseAllDocuments } from "yaml";
import type { Config } from "../../../src/config/config.js";
import { resolveConfig } from "../../../src/config/parse-config.js";
import type { ConfigFile } from "../../../src/config/schema.js";
import type { AppOrigin, AppSetResult, Manifest } from "../../../src/core/model.js";
import type { SideApp, SideAppSet, SideState } from "../../../src/core/side-state.js";
import { parseApplication } from "../../../src/core/argocd/parse-application.js";
import { createScopeTable } from "../../../src/core/argocd/scope.js";
import { buildDesiredState } from "../../../src/core/diff/build-desired-state.js";

export function yamlDocs(text: string): Manifest[] {
  return parseAllDocuments(text)
    .map((d) => d.toJS() as Manifest)
    .filter((d) => d !== null && typeof d === "object");
}

export interface FixtureApp {
  /** the Application manifest, YAML */
  app: string;
  /** the rendered manifests, YAML (multi-doc) */
  manifests?: string;
  error?: string;
  origin?: AppOrigin;
  declarations?: string[];
}

export interface FixtureAppSet {
  name: string;
  namespace?: string;
  result: AppSetResult;
  generated: string[];
  origin?: AppOrigin;
}

export function config(file: ConfigFile = {}): Config {
  return resolveConfig(file);
}

export function side(params: { apps: FixtureApp[]; appSets?: FixtureAppSet[]; config?: Config }): SideState {
  const cfg = params.config ?? config();
  const all = params.apps.flatMap((a) => yamlDocs(a.manifests ?? ""));
  const scopes = createScopeTable(all);
  const apps = new Map<string, SideApp>();
  const appSets = new Map<string, SideAppSet>();
  for (const a of params.apps) {
    const obj = yamlDocs(a.app)[0]!;
    const origin = a.origin ?? { kind: "file", file: "apps.yaml" };
    const spec = parseApplication({
      obj,
      origin,
      generatedBy: origin.kind === "file" ? origin.file : "x",
      argocdNamespace: cfg.argocdNamespace,
    });
    const manifests = yamlDocs(a.manifests ?? "");
    const render = a.error
      ? {
          app: spec.key,
          manifests: [],
          sources: [{ status: "error" as const, kind: "exit" as const, message: a.error }],
          error: a.error,
          errorKind: "exit" as const,
        }
      : { app: spec.key, manifests, sources: [{ status: "rendered" as const, tool: "directory" as const, manifests }] };
    const desired = a.error ? undefined : buildDesiredState({ app: spec, manifests, scopes, config: cfg });
    apps.set(spec.key, {
      spec,
      render,
      declarations: a.declarations ?? [spec.generatedBy],
      ...(desired ? { desired } : {}),
    });
  }
  for (const s of params.appSets ?? []) {
    const ns = s.namespace ?? "argocd";
    appSets.set(`${ns}/${s.name}`, {
      spec: {
        key: `${ns}/${s.name}`,
        name: s.name,
        namespace: ns,
        origin: s.origin ?? { kind: "file", file: "appsets.yaml" },
        manifest: {},
      },
      result: s.result,
      generated: s.generated,
    });
  }
  return { rev: "x", sha: "0".repeat(40), apps, appSets, parseErrors: [] };
}

/** An Application manifest. */
export function app(params: {
  name: string;
  ns?: string;
  automated?: boolean;
  prune?: boolean;
  allowEmpty?: boolean;
  finalizer?: boolean;
  syncOptions?: string[];
  destNs?: string;
  server?: string;
}): string {
  const lines = [
    "apiVersion: argoproj.io/v1alpha1",
    "kind: Application",
    "metadata:",
    `  name: ${params.name}`,
    `  namespace: ${params.ns ?? "argocd"}`,
  ];
  if (params.finalizer) lines.push("  finalizers: [resources-finalizer.argocd.argoproj.io]");
  lines.push(
    "spec:",
    "  project: default",
    "  source: { repoURL: 'https://example.com/repo.git', path: x }",
    `  destination: { server: '${params.server ?? "https://kubernetes.default.svc"}', namespace: '${params.destNs ?? params.name}' }`,
    "  syncPolicy:",
  );
  if (params.automated !== false)
    lines.push(`    automated: { prune: ${params.prune ?? true}, allowEmpty: ${params.allowEmpty ?? false} }`);
  lines.push(`    syncOptions: [${(params.syncOptions ?? []).map((o) => `'${o}'`).join(", ")}]`);
  return lines.join("\n");
}

export const cm = (name: string, ns = "", ann: Record<string, string> = {}): string =>
  `---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n${ns ? `  namespace: ${ns}\n` : ""}${annotations(ann)}data: { k: v }\n`;

export const ns = (name: string, ann: Record<string, string> = {}): string =>
  `---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n${annotations(ann)}`;

export const deploy = (name: string, namespace = ""): string =>
  `---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\n${namespace ? `  namespace: ${namespace}\n` : ""}spec: { replicas: 1 }\n`;

function annotations(ann: Record<string, string>): string {
  const entries = Object.entries(ann);
  if (entries.length === 0) return "";
  return `  annotations:\n${entries.map(([k, v]) => `    ${k}: ${JSON.stringify(v)}\n`).join("")}`;
}

/** A copy of the side with app `key` replaced by what `f` makes of it (sides are read-only). */
export function mapApp(s: SideState, key: string, f: (a: SideApp) => SideApp): SideState {
  return { ...s, apps: new Map(s.apps).set(key, f(s.apps.get(key)!)) };
}

/** A copy of the side with ApplicationSet `key` replaced by what `f` makes of it. */
export function mapAppSet(s: SideState, key: string, f: (a: SideAppSet) => SideAppSet): SideState {
  return { ...s, appSets: new Map(s.appSets).set(key, f(s.appSets.get(key)!)) };
}
