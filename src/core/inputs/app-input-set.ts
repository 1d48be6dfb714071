// The set of repository files an Application's render can read, per source, so that a render can
// be keyed by content: when none of these files differ between base and head (and the spec is the
// same), the head render is the base render. When the set cannot be known (a symlink, a path
// leaving the repository, a remote kustomize resource, a chart fetched from a repository, a source
// whose tree is not available), the answer says so and the caller renders: correctness first.
import { parse as parseYaml } from "yaml";
import picomatch from "picomatch";
import type { Config } from "../../config/config.js";
import type { PluginConfig } from "../../config/schema.js";
import type { AppSource, AppSpec, RenderTool } from "../model.js";
import { isRecord } from "../argocd/manifest.js";
import { detectSourceType, explicitSourceType } from "../plan/detect-source-type.js";
import { appSourceOverrideFile, mergeSourceOverrides, SOURCE_OVERRIDE_FILE } from "../plan/merge-source-overrides.js";
import { isRefOnlySource, resolveAppPath } from "../plan/resolve-app-path.js";
import { findPluginByName, matchPluginDiscover, withParentDirs } from "../plan/select-plugin.js";
import { collectHelmInputs } from "./collect-helm-inputs.js";
import { collectKustomizeInputs } from "./collect-kustomize-inputs.js";
import {
  createInputCollector,
  joinInTree,
  UndeterminableInput,
  type InputCollector,
  type InputFile,
} from "./input-collector.js";
import { buildAppEnv } from "../plan/build-app-env.js";
import { envsubst } from "../plan/envsubst.js";
import { planHelm } from "../plan/plan-helm.js";
import type { InputTree } from "./input-tree.js";

export type { InputFile } from "./input-collector.js";
export type { InputTree } from "./input-tree.js";

export interface AppInputSetParams {
  app: AppSpec;
  config: Config;
  /** The tree each source reads, by index in app.sources; a string says why it is unavailable. */
  trees: readonly (InputTree | string | undefined)[];
}

export type AppInputSet =
  | {
      determinable: true;
      /** sorted by source index then path; includes files that do not exist but would be read */
      files: InputFile[];
      /** the render can observe the commit id, so equal files do not mean an equal render */
      revisionSensitive: boolean;
      /** the tools the sources render with */
      tools: RenderTool[];
    }
  | {
      determinable: false;
      reason: string;
      /** the files the render is known to read all the same (the rest of the set is unknown):
       *  a difference in them is a change of the inputs, their sameness proves nothing */
      known: InputFile[];
    };

/** Argo CD sends the commit to tools as ARGOCD_APP_REVISION* (repository.go (newEnv)). */
const REVISION_VARIABLE = "ARGOCD_APP_REVISION";

export async function appInputSet(params: AppInputSetParams): Promise<AppInputSet> {
  const acc = createInputCollector();
  let undeterminable: string | undefined;
  // Every source is walked even after one made the set unknowable: what the others read is still
  // known, and a change there is a change of the inputs (an app whose chart cannot be fetched
  // here but whose `$values` file changed is not "unchanged").
  for (const [index, source] of params.app.sources.entries()) {
    try {
      // A ref-only source is not rendered; its files enter through the `$ref/` value files that name them.
      if (isRefOnlySource(source)) continue;
      if (source.chart) {
        collectRefValueFiles({ app: params.app, source, trees: params.trees, acc });
        acc.fail(`chart ${source.chart} is fetched from ${source.repoURL}`);
      }
      const tree = params.trees[index];
      if (typeof tree !== "object") return acc.fail(`source ${index}: ${tree ?? "tree unavailable"}`);
      await collectSourceInputs({ ...params, source, index, tree, acc });
    } catch (err) {
      if (!(err instanceof UndeterminableInput)) throw err;
      undeterminable ??= err.message;
    }
  }
  if (undeterminable !== undefined) return { determinable: false, reason: undeterminable, known: acc.files() };
  return {
    determinable: true,
    files: acc.files(),
    revisionSensitive: acc.revisionSensitive,
    tools: [...acc.tools].sort(),
  };
}

/** The `$ref/...` value files and file parameters of a chart fetched from a repository: the
 *  chart's own files are out of reach, the ref sources' files are in the repository. */
function collectRefValueFiles(p: {
  app: AppSpec;
  source: AppSource;
  trees: AppInputSetParams["trees"];
  acc: InputCollector;
}): void {
  const env = buildAppEnv({ app: p.app, source: p.source, revision: "" });
  const plan = planHelm({ app: p.app, source: p.source, env, kubeVersion: "", apiVersions: [] });
  for (const raw of [...plan.valueFiles, ...plan.fileParameters.map((f) => f.path)]) {
    if (!raw.startsWith("$")) continue;
    const name = raw.split("/")[0]!;
    const i = p.app.sources.findIndex((s) => s.ref && `$${s.ref}` === name);
    const tree = i < 0 ? undefined : p.trees[i];
    if (typeof tree !== "object") continue;
    const rel = envsubst(raw.slice(name.length), env).replace(/^\/+/, "");
    if (/[*?[{]/.test(rel)) {
      tree.files.forEach((f) => picomatch.isMatch(f, rel, { dot: true }) && p.acc.add(i, tree, f));
      continue;
    }
    const path = joinInTree("", rel);
    if (path) p.acc.add(i, tree, path);
  }
}

interface SourceParams extends AppInputSetParams {
  source: AppSource;
  index: number;
  tree: InputTree;
  acc: InputCollector;
}

async function collectSourceInputs(p: SourceParams): Promise<void> {
  const { tree, index, acc, config } = p;
  const appPathResult = resolveAppPath(p.source.path);
  if (!appPathResult.ok) return; // the renderer refuses the path from the spec alone
  const appPath = appPathResult.path;
  const inApp = (name: string): string => (appPath ? `${appPath}/${name}` : name);

  // The app directory's own files decide the tool (Chart.yaml, kustomization) and are read by
  // every tool; `.argocd-source*.yaml` overrides are among them, present or not.
  const subtree = tree.filesUnder(appPath);
  const prefixLength = appPath ? appPath.length + 1 : 0;
  const direct = subtree.filter((f) => !f.includes("/", prefixLength));
  const patches: unknown[] = [];
  for (const name of [SOURCE_OVERRIDE_FILE, appSourceOverrideFile(p.app.instanceName)]) {
    acc.add(index, tree, inApp(name));
    const text = await tree.readFile(inApp(name));
    if (text === undefined) continue;
    try {
      patches.push(parseYaml(text) ?? {});
    } catch {
      return; // the render fails on the broken override file, the same on both sides
    }
  }
  acc.checkDir(tree, appPath); // the app directory itself must not be (under) a link
  for (const f of direct) acc.add(index, tree, f);
  const source = patches.length > 0 ? mergeSourceOverrides(p.source, patches) : p.source;
  if (JSON.stringify(source).includes(REVISION_VARIABLE)) acc.markRevisionSensitive();

  const explicit = explicitSourceType(source);
  if (explicit && !explicit.ok) return; // "multiple application sources defined": an error from the spec
  const tools = new Set<RenderTool>();
  const plugins: PluginConfig[] = [];
  if (explicit) {
    tools.add(explicit.tool);
    if (explicit.tool === "plugin") {
      const spec = isRecord(source.plugin) ? source.plugin : {};
      const named =
        typeof spec.name === "string" && spec.name ? findPluginByName(config.plugins, spec.name) : undefined;
      plugins.push(...(named ? [named] : config.plugins));
    }
  } else {
    // CMP discovery outranks Chart.yaml/kustomization detection and looks at the whole app tree.
    const discovering = config.plugins.filter((pl) => pl.discover);
    let chosen = false;
    if (discovering.length > 0) {
      acc.addDir(index, tree, appPath);
      const appEntries = withParentDirs(subtree.map((f) => f.slice(prefixLength)));
      for (const pl of discovering) {
        const outcome = matchPluginDiscover({ plugin: pl, appEntries });
        if (outcome === "match" || outcome === "command") plugins.push(pl);
        if (outcome === "match") {
          chosen = true;
          break;
        }
        // "command": only running it tells; keep it as possible and keep looking
      }
    }
    if (plugins.length > 0) tools.add("plugin");
    if (!chosen) {
      const detected = detectSourceType({
        source,
        rootEntries: direct.map((f) => f.slice(prefixLength)),
        pluginDiscovered: false,
      });
      if (detected.ok) tools.add(detected.tool);
    }
  }

  for (const tool of tools) {
    acc.markTool(tool);
    if (tool === "helm")
      await collectHelmInputs({ app: p.app, config, source, index, tree, appPath, trees: p.trees, acc });
    else if (tool === "kustomize") await collectKustomizeInputs({ config, source, index, tree, appPath, acc });
    else if (tool === "directory") {
      const d = isRecord(source.directory) ? source.directory : {};
      if (d.recurse === true) acc.addDir(index, tree, appPath);
    } else {
      // A plugin runs arbitrary commands in a copy of the repository: conservatively its whole
      // source path plus what the configuration says it reads. Its environment carries the commit.
      acc.addDir(index, tree, appPath);
      acc.markRevisionSensitive();
      for (const pl of plugins) {
        for (const glob of pl.inputs ?? []) {
          const m = picomatch(glob.replace(/^\/+/, ""), { dot: true });
          for (const f of tree.files) if (m(f)) acc.add(index, tree, f);
        }
      }
    }
  }
}
