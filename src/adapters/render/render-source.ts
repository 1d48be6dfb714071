// One source of an Application, end to end: find its files, apply `.argocd-source*.yaml`,
// decide the tool as the repo-server does, and run it.
import { readdir, readFile, realpath, stat } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { parse as parseYaml } from "yaml";
import type { PluginConfig } from "../../config/schema.js";
import type { AppSource, SourceRender } from "../../core/model.js";
import type { RenderJob } from "../../core/ports.js";
import { isRecord } from "../../core/argocd/manifest.js";
import { buildAppEnv } from "../../core/plan/build-app-env.js";
import { detectSourceType, explicitSourceType } from "../../core/plan/detect-source-type.js";
import {
  appSourceOverrideFile,
  mergeSourceOverrides,
  SOURCE_OVERRIDE_FILE,
} from "../../core/plan/merge-source-overrides.js";
import { resolveAppPath } from "../../core/plan/resolve-app-path.js";
import {
  findPluginByName,
  matchPluginDiscover,
  pluginFullName,
  withParentDirs,
} from "../../core/plan/select-plugin.js";
import type { Tools } from "../exec/resolve-tools.js";
import type { ChartFetcher } from "./chart-fetcher.js";
import { renderDirectory } from "./render-directory.js";
import { renderHelm } from "./render-helm.js";
import { renderKustomize } from "./render-kustomize.js";
import { renderPlugin, runPluginCommand } from "./render-plugin.js";
import { createScratchSpace, refusedSource, sourceError, type RefTree, type SourceContext } from "./source-context.js";
import { firstLine } from "../../core/first-line.js";

export interface RenderSourceParams {
  job: RenderJob;
  source: AppSource;
  tools: Tools;
  chartFetcher: ChartFetcher;
  refTree: (name: string) => Promise<RefTree | undefined>;
  workDir?: string;
  /** the analysis's abort: tools still running are killed */
  signal?: AbortSignal;
}

function isInside(root: string, p: string): boolean {
  const r = relative(root, p);
  return r === "" || (r !== ".." && !r.startsWith(`..${sep}`) && !r.startsWith(sep));
}

async function listDir(dir: string): Promise<string[]> {
  const out: string[] = [];
  async function walk(rel: string): Promise<void> {
    for (const e of await readdir(join(dir, rel), { withFileTypes: true })) {
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) await walk(p);
      else out.push(p);
    }
  }
  await walk("");
  return out.sort();
}

export async function renderSource(params: RenderSourceParams): Promise<SourceRender> {
  const { job } = params;
  const source = params.source;
  const deadline = Date.now() + job.config.render.timeoutSeconds * 1000;

  // A Helm repository or OCI chart: fetched, then templated like any chart.
  if (source.chart) {
    const version = source.targetRevision ?? "";
    const fetched = await params.chartFetcher.fetch({
      repoURL: source.repoURL,
      chart: source.chart,
      version,
      network: job.config.network,
      memoryMiB: job.config.render.memoryMiB,
    });
    if (!fetched.ok && fetched.refused) return refusedSource(`helm: ${fetched.reason}`);
    if (!fetched.ok) return sourceError("helm", fetched.kind, `helm: ${fetched.reason}`);
    return withScratch({
      params,
      rootDir: fetched.dir,
      appPath: "",
      source,
      // ARGOCD_APP_REVISION is the resolved chart version (a range resolves to one release)
      revision: (await chartVersionOf(fetched.dir)) || version,
      deadline,
      listFiles: () => listDir(fetched.dir),
      run: (ctx) => renderHelm(ctx),
    });
  }

  const tree = await job.trees.resolve({ repoURL: source.repoURL, targetRevision: source.targetRevision });
  if (!tree.ok) return { status: "skipped", reason: tree.reason, ...(tree.unavailable ? { unavailable: true } : {}) };
  const rootDir = await tree.tree.directory();
  const appPathResult = resolveAppPath(source.path);
  if (!appPathResult.ok) return sourceError(undefined, "invalid-input", `source: ${appPathResult.error}`);
  const appPath = appPathResult.path;
  const appDir = join(rootDir, appPath);
  try {
    const real = await realpath(appDir);
    if (!isInside(await realpath(rootDir), real))
      return sourceError(undefined, "invalid-input", `source: ${source.path}: app path outside root`);
    if (!(await stat(real)).isDirectory())
      return sourceError(undefined, "invalid-input", `source: ${source.path}: app path is not a directory`);
  } catch {
    return sourceError(undefined, "invalid-input", `source: ${source.path ?? ""}: app path does not exist`);
  }

  const merged = await applySourceOverrides({ source, appDir, appName: job.app.instanceName });
  if (!merged.ok) return sourceError(undefined, "invalid-input", `source: ${merged.error}`);
  const effective = merged.source;
  const listFiles = () => tree.tree.listFiles();

  return withScratch({
    params,
    rootDir,
    appPath,
    source: effective,
    revision: tree.tree.revision,
    deadline,
    listFiles,
    run: async (ctx) => {
      const chosen = await choosePlugin({ ctx, plugins: job.config.plugins });
      if (chosen.kind === "skip") return { status: "skipped", reason: chosen.reason, notConfigured: true };
      if (chosen.kind === "error") return sourceError("plugin", "invalid-input", chosen.error);
      if (chosen.kind === "plugin") return renderPlugin({ ctx, plugin: chosen.plugin });
      const rootEntries = (await readdir(appDir, { withFileTypes: true }))
        .filter((e) => !e.isDirectory())
        .map((e) => e.name);
      const detected = detectSourceType({ source: effective, rootEntries, pluginDiscovered: false });
      if (!detected.ok) return sourceError(undefined, "invalid-input", `source: ${detected.error}`);
      if (detected.tool === "helm") return renderHelm(ctx);
      if (detected.tool === "kustomize") return renderKustomize(ctx);
      return renderDirectory(ctx);
    },
  });
}

async function chartVersionOf(dir: string): Promise<string> {
  try {
    const chart: unknown = parseYaml(await readFile(join(dir, "Chart.yaml"), "utf8"));
    return isRecord(chart) && typeof chart.version === "string" ? chart.version : "";
  } catch {
    return "";
  }
}

async function withScratch(p: {
  params: RenderSourceParams;
  rootDir: string;
  appPath: string;
  source: AppSource;
  revision: string;
  deadline: number;
  listFiles: () => Promise<string[]>;
  run: (ctx: SourceContext) => Promise<SourceRender>;
}): Promise<SourceRender> {
  const { job, tools } = p.params;
  const scratch = createScratchSpace({
    tools,
    namespace: job.config.repoServerNamespace,
    rootDir: p.rootDir,
    parentDir: p.params.workDir,
  });
  const ctx: SourceContext = {
    app: job.app,
    config: job.config,
    source: p.source,
    tools,
    rootDir: p.rootDir,
    appPath: p.appPath,
    listFiles: p.listFiles,
    env: buildAppEnv({ app: job.app, source: p.source, revision: p.revision }),
    deadline: p.deadline,
    refTree: p.params.refTree,
    sandbox: scratch.sandbox,
    privateRoot: scratch.privateRoot,
    signal: p.params.signal,
  };
  try {
    return await p.run(ctx);
  } finally {
    await scratch.dispose();
  }
}

/** `.argocd-source.yaml`, then `.argocd-source-<appName>.yaml`. */
async function applySourceOverrides(p: {
  source: AppSource;
  appDir: string;
  appName: string;
}): Promise<{ ok: true; source: AppSource } | { ok: false; error: string }> {
  const patches: unknown[] = [];
  for (const name of [SOURCE_OVERRIDE_FILE, appSourceOverrideFile(p.appName)]) {
    let text: string;
    try {
      text = await readFile(join(p.appDir, name), "utf8");
    } catch {
      continue;
    }
    try {
      patches.push(parseYaml(text) ?? {});
    } catch (err) {
      return { ok: false, error: `${name}: ${firstLine(err)}` };
    }
  }
  return { ok: true, source: patches.length ? mergeSourceOverrides(p.source, patches) : p.source };
}

type PluginChoice =
  | { kind: "none" }
  | { kind: "plugin"; plugin: PluginConfig }
  | { kind: "skip"; reason: string }
  | { kind: "error"; error: string };

/** Named plugin, explicit unnamed plugin, or CMP auto-discovery (which outranks Chart.yaml and
 *  kustomization detection) (discovery.go (DetectConfigManagementPlugin)). */
async function choosePlugin(p: { ctx: SourceContext; plugins: readonly PluginConfig[] }): Promise<PluginChoice> {
  const { ctx, plugins } = p;
  const explicit = explicitSourceType(ctx.source);
  if (explicit && (!explicit.ok || explicit.tool !== "plugin")) return { kind: "none" };
  const spec = isRecord(ctx.source.plugin) ? ctx.source.plugin : undefined;
  const name = typeof spec?.name === "string" ? spec.name : "";
  if (explicit && name) {
    const plugin = findPluginByName(plugins, name);
    if (!plugin) return { kind: "skip", reason: `plugin ${name} is not configured` };
    if (!plugin.discover) return { kind: "plugin", plugin };
    // A named plugin with a discover rule must still match the repository.
    if (await discovers({ ctx, plugin })) return { kind: "plugin", plugin };
    return {
      kind: "error",
      error: `plugin ${name}: couldn't find cmp-server plugin with name "${name}" supporting the given repository`,
    };
  }
  for (const plugin of plugins) {
    if (await discovers({ ctx, plugin })) return { kind: "plugin", plugin };
  }
  if (explicit)
    return { kind: "skip", reason: "no configured plugin supports this source (source.plugin has no name)" };
  return { kind: "none" };
}

async function discovers(p: { ctx: SourceContext; plugin: PluginConfig }): Promise<boolean> {
  const { ctx, plugin } = p;
  const prefix = ctx.appPath ? `${ctx.appPath}/` : "";
  const appEntries = withParentDirs(
    (await ctx.listFiles()).filter((f) => f.startsWith(prefix)).map((f) => f.slice(prefix.length)),
  );
  const outcome = matchPluginDiscover({ plugin, appEntries });
  if (outcome === "match") return true;
  if (outcome !== "command") return false;
  const find = plugin.discover!.find!;
  const res = await runPluginCommand({
    ctx,
    command: { command: find.command!, args: find.args },
    label: `plugin ${pluginFullName(plugin)} discover`,
  });
  return res.ok && res.stdout.trim() !== "";
}
