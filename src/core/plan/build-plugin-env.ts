// The variables the repo-server sends a Config Management Plugin
// (argo-cd:reposerver/repository/repository.go (getPluginEnvs, getPluginParamEnvs),
//  argo-cd:pkg/apis/application/v1alpha1/types.go (ApplicationSourcePluginParameters.Environ, escaped)).
import { isRecord } from "../argocd/manifest.js";
import { envsubst } from "./envsubst.js";
import { semVer } from "./build-app-env.js";

export interface BuildPluginEnvParams {
  /** buildAppEnv's result */
  appEnv: Readonly<Record<string, string>>;
  kubeVersion: string;
  apiVersions: readonly string[];
  /** source.plugin as written; undefined when the plugin was discovered */
  plugin: Record<string, unknown> | undefined;
}

/** NAME and KEY are uppercased, anything outside [A-Z0-9_] becomes "_". */
export function escapeParamName(name: string): string {
  return name.toUpperCase().replace(/[^A-Z0-9_]/g, "_");
}

function str(v: unknown): string {
  return typeof v === "string" ? v : v === undefined || v === null ? "" : String(v);
}

export function buildPluginEnv(params: BuildPluginEnvParams): Record<string, string> {
  const env: Record<string, string> = {
    ...params.appEnv,
    KUBE_VERSION: semVer(params.kubeVersion),
    KUBE_API_VERSIONS: params.apiVersions.join(","),
  };
  const plugin = params.plugin;
  if (!plugin) return env;
  const base = { ...env };
  // Application-defined variables always arrive prefixed, so they cannot override the above or
  // set e.g. HELM_NAMESPACE; values are envsubst'd against the build env.
  for (const e of Array.isArray(plugin.env) ? plugin.env : []) {
    if (isRecord(e) && str(e.name)) env[`ARGOCD_ENV_${str(e.name)}`] = envsubst(str(e.value), base);
  }
  const parameters = Array.isArray(plugin.parameters) ? plugin.parameters : null;
  // json.Marshal of a nil slice is "null"
  env.ARGOCD_APP_PARAMETERS = JSON.stringify(parameters);
  for (const p of parameters ?? []) {
    if (!isRecord(p)) continue;
    const baseName = `PARAM_${escapeParamName(str(p.name))}`;
    if (p.string !== undefined && p.string !== null) env[baseName] = str(p.string);
    if (isRecord(p.map)) for (const [k, v] of Object.entries(p.map)) env[`${baseName}_${escapeParamName(k)}`] = str(v);
    if (Array.isArray(p.array)) p.array.forEach((v, i) => (env[`${baseName}_${i}`] = str(v)));
  }
  return env;
}
