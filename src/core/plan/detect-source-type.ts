// Which tool the repo-server uses for a source
// (argo-cd:reposerver/repository/repository.go (GetAppSourceType),
//  argo-cd:pkg/apis/application/v1alpha1/types.go (ExplicitType),
//  argo-cd:util/app/discovery/discovery.go (Discover, AppType)).
import type { AppSource, RenderTool } from "../model.js";

export type DetectResult = { ok: true; tool: RenderTool } | { ok: false; error: string };

// Argo CD checks (and names) them in this order.
const EXPLICIT_FIELDS = ["kustomize", "helm", "directory", "plugin"] as const;

/** The explicitly set tool field, undefined when none; more than one is Argo CD's error. */
export function explicitSourceType(source: AppSource): DetectResult | undefined {
  const set = EXPLICIT_FIELDS.filter((f) => source[f] !== undefined && source[f] !== null);
  if (set.length === 0) return undefined;
  if (set.length > 1)
    return { ok: false, error: `multiple application sources defined: ${set.map(titleCase).join(",")}` };
  return { ok: true, tool: set[0]! };
}

function titleCase(s: string): string {
  return s[0]!.toUpperCase() + s.slice(1);
}

const KUSTOMIZATION_NAMES = ["kustomization.yaml", "kustomization.yml", "Kustomization"];

export interface DetectSourceTypeParams {
  source: AppSource;
  /** Names of the entries directly in the app directory. */
  rootEntries: readonly string[];
  /** A configured plugin's discover rule matched (computed by the caller, which may run find.command). */
  pluginDiscovered: boolean;
}

export function detectSourceType(params: DetectSourceTypeParams): DetectResult {
  const { source } = params;
  if (source.chart) return { ok: true, tool: "helm" };
  const explicit = explicitSourceType(source);
  if (explicit) return explicit;
  // CMP auto-discovery runs before the directory walk.
  if (params.pluginDiscovered) return { ok: true, tool: "plugin" };
  // The walk visits root entries in lexical order and the LAST match wins, so with the usual names
  // kustomization.yaml/Kustomization (sorted after Chart.yaml) beats Chart.yaml.
  let tool: RenderTool | undefined;
  for (const name of [...params.rootEntries].sort()) {
    if (name.endsWith("Chart.yaml")) tool = "helm";
    else if (KUSTOMIZATION_NAMES.includes(name)) tool = "kustomize";
  }
  return { ok: true, tool: tool ?? "directory" };
}
