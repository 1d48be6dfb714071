// The `helm template` invocation of the repo-server
// (argo-cd:reposerver/repository/repository.go (helmTemplate), argo-cd:util/helm/cmd.go (template, cleanSetParameters)).
import { stringify as toYaml } from "yaml";
import type { AppSource, AppSpec } from "../model.js";
import { isRecord } from "../argocd/manifest.js";
import { envsubst } from "./envsubst.js";
import { semVer } from "./build-app-env.js";

export interface HelmFileParameter {
  name: string;
  path: string;
}

/** Everything about a helm render that does not need the file system. */
export interface HelmPlan {
  releaseName: string;
  namespace: string;
  kubeVersion: string;
  apiVersions: string[];
  set: [string, string][];
  setString: [string, string][];
  /** raw (envsubst'd) paths; resolved by the adapter like value files */
  fileParameters: HelmFileParameter[];
  /** raw value-file entries (envsubst happens during resolution) */
  valueFiles: string[];
  ignoreMissingValueFiles: boolean;
  /** `values` or `valuesObject` as YAML text; undefined when empty */
  extraValues?: string;
  skipCrds: boolean;
  skipSchemaValidation: boolean;
  skipTests: boolean;
}

function str(v: unknown): string {
  return typeof v === "string" ? v : v === undefined || v === null ? "" : String(v);
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.map(str) : [];
}

export interface PlanHelmParams {
  app: AppSpec;
  source: AppSource;
  env: Readonly<Record<string, string>>;
  kubeVersion: string;
  apiVersions: readonly string[];
}

export function planHelm(params: PlanHelmParams): HelmPlan {
  const { app, source, env } = params;
  const h = isRecord(source.helm) ? source.helm : {};
  // Go maps: a repeated parameter name keeps its last value.
  const set = new Map<string, string>();
  const setString = new Map<string, string>();
  for (const p of Array.isArray(h.parameters) ? h.parameters : []) {
    if (!isRecord(p) || !str(p.name)) continue;
    // parameter values are envsubst'd, names are not
    (p.forceString === true ? setString : set).set(str(p.name), envsubst(str(p.value), env));
  }
  const fileParameters: HelmFileParameter[] = [];
  for (const p of Array.isArray(h.fileParameters) ? h.fileParameters : []) {
    if (isRecord(p) && str(p.name)) fileParameters.push({ name: str(p.name), path: str(p.path) });
  }
  // helm.kubeVersion / helm.apiVersions replace the cluster-derived values
  // (types.go (GetKubeVersionOrDefault, GetAPIVersionsOrDefault)).
  const apiOverride = strings(h.apiVersions);
  return {
    // The release name is the app name without its `<ns>_` instance prefix (argo.ParseInstanceName).
    releaseName: str(h.releaseName) || app.name,
    namespace: str(h.namespace) || app.destination.namespace,
    kubeVersion: semVer(str(h.kubeVersion) || params.kubeVersion),
    apiVersions: apiOverride.length > 0 ? apiOverride : [...params.apiVersions],
    set: [...set.entries()],
    setString: [...setString.entries()],
    fileParameters,
    valueFiles: strings(h.valueFiles),
    ignoreMissingValueFiles: h.ignoreMissingValueFiles === true,
    extraValues: extraValuesYaml(h),
    skipCrds: h.skipCrds === true,
    skipSchemaValidation: h.skipSchemaValidation === true,
    skipTests: h.skipTests === true,
  };
}

/** `valuesObject` replaces `values`; they are never merged (argo-cd:pkg/apis/application/v1alpha1/values.go (ValuesYAML)). */
export function extraValuesYaml(h: Record<string, unknown>): string | undefined {
  if (isRecord(h.valuesObject) && Object.keys(h.valuesObject).length > 0) return toYaml(h.valuesObject);
  if (typeof h.values === "string" && h.values.trim() !== "") return h.values;
  if (isRecord(h.values) && Object.keys(h.values).length > 0) return toYaml(h.values);
  return undefined;
}

/** Commas separate --set entries in helm, so Argo CD escapes them unless the value is a `{…}` list
 *  or the comma is already escaped (cmd.go (cleanSetParameters, replaceAllWithLookbehind)). */
export function cleanSetParameter(value: string): string {
  if (value.startsWith("{") && value.endsWith("}")) return value;
  let out = "";
  let prev = "";
  for (const c of value) {
    out += c === "," && prev !== "\\" ? "\\," : c;
    prev = c;
  }
  return out;
}

export interface BuildHelmArgsParams {
  plan: HelmPlan;
  /** chart path argument, "." when run in the chart directory */
  chartPath: string;
  /** absolute paths (or URLs) of the resolved value files, in order */
  valueFiles: readonly string[];
  /** resolved --set-file paths by parameter name */
  setFiles: readonly [string, string][];
  /** absolute path of the temp file holding values/valuesObject */
  extraValuesFile?: string;
}

/** argv after `helm`, in the order cmd.go (template) builds it. */
export function buildHelmTemplateArgs(params: BuildHelmArgsParams): string[] {
  const { plan } = params;
  const args = ["template", params.chartPath, "--name-template", plan.releaseName];
  if (plan.namespace) args.push("--namespace", plan.namespace);
  if (plan.kubeVersion) args.push("--kube-version", plan.kubeVersion);
  for (const [k, v] of plan.set) args.push("--set", `${k}=${cleanSetParameter(v)}`);
  for (const [k, v] of plan.setString) args.push("--set-string", `${k}=${cleanSetParameter(v)}`);
  for (const [k, v] of params.setFiles) args.push("--set-file", `${k}=${cleanSetParameter(v)}`);
  for (const f of params.valueFiles) args.push("--values", f);
  if (params.extraValuesFile) args.push("--values", params.extraValuesFile);
  for (const v of plan.apiVersions) args.push("--api-versions", v);
  if (!plan.skipCrds) args.push("--include-crds");
  if (plan.skipSchemaValidation) args.push("--skip-schema-validation");
  if (plan.skipTests) args.push("--skip-tests");
  return args;
}

/** helm's message when Chart.yaml dependencies are not vendored (argo-cd:util/helm/helm.go (IsMissingDependencyErr)). */
export function isMissingDependencyError(message: string): boolean {
  return (
    message.includes("found in requirements.yaml, but missing in charts/ directory") ||
    message.includes("found in Chart.yaml, but missing in charts/ directory")
  );
}

/** http(s) repositories of Chart.yaml dependencies: the repo-server `helm repo add`s them before
 *  `helm dependency build` (repository.go (getHelmRepos)). */
export function chartDependencyRepos(chartYaml: Record<string, unknown>): string[] {
  const deps = Array.isArray(chartYaml.dependencies) ? chartYaml.dependencies : [];
  const repos = new Set<string>();
  for (const d of deps) {
    const r = isRecord(d) ? str(d.repository) : "";
    if (/^https?:\/\//.test(r)) repos.add(r);
  }
  return [...repos].sort();
}
