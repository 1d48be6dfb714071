// What `helm template` of a chart in the repository reads: the whole chart directory (templates,
// .Files, vendored charts/), `file://` dependencies followed transitively, value files (own tree,
// `$ref/...` trees, globs) and fileParameters (argo-cd:reposerver/repository/repository.go
// (helmTemplate, getResolvedValueFiles, runHelmBuild)).
import { posix } from "node:path";
import type { Config } from "../../config/config.js";
import type { AppSource, AppSpec } from "../model.js";
import { isRecord } from "../argocd/manifest.js";
import { buildAppEnv, versionAtLeast } from "../plan/build-app-env.js";
import { envsubst } from "../plan/envsubst.js";
import { planHelm } from "../plan/plan-helm.js";
import { resolveValueFiles, type ListedTree } from "../plan/resolve-value-files.js";
import { joinInTree, type InputCollector } from "./input-collector.js";
import type { InputTree } from "./input-tree.js";
import { readYaml } from "./read-yaml.js";

/** Argo CD 3.5 started expanding globs in value files (as the renderer does). */
const VALUE_FILE_GLOBS_SINCE = "3.5";

export interface CollectHelmInputsParams {
  app: AppSpec;
  config: Config;
  /** the source after `.argocd-source*.yaml` overrides */
  source: AppSource;
  index: number;
  tree: InputTree;
  appPath: string;
  /** every source's tree, for `$ref` value files; a string says why it is unavailable */
  trees: readonly (InputTree | string | undefined)[];
  acc: InputCollector;
}

export async function collectHelmInputs(p: CollectHelmInputsParams): Promise<void> {
  const { acc, tree, index } = p;
  await collectChartDir({ acc, tree, index, dir: p.appPath, visited: new Set() });

  const env = buildAppEnv({ app: p.app, source: p.source, revision: p.tree.revision });
  const plan = planHelm({
    app: p.app,
    source: p.source,
    env,
    kubeVersion: p.config.kubeVersion,
    apiVersions: p.config.apiVersions,
  });
  const refs: Record<string, ListedTree> = {};
  const refIndex: Record<string, number> = {};
  for (const raw of [...plan.valueFiles, ...plan.fileParameters.map((f) => f.path)]) {
    if (!raw.startsWith("$")) continue;
    const name = raw.split("/")[0]!;
    const i = p.app.sources.findIndex((s) => s.ref && `$${s.ref}` === name);
    if (i < 0) continue; // not a ref: a plain path, as in Argo CD
    const t = p.trees[i];
    if (typeof t !== "object") return acc.fail(`ref source ${name}: ${t ?? "unavailable"}`);
    refs[name] = t;
    refIndex[name] = i;
  }
  const treeOf = (name: string): { i: number; t: InputTree } =>
    name === "" ? { i: index, t: tree } : { i: refIndex[name]!, t: p.trees[refIndex[name]!] as InputTree };

  const resolveAll = (valueFiles: string[], globs: boolean): void => {
    // Missing files are tolerated here: the explicit candidates below still enter the set, so a
    // file that appears on one side changes the key; the render reports the error itself.
    const r = resolveValueFiles({
      valueFiles,
      appPath: p.appPath,
      self: tree,
      refs,
      env,
      ignoreMissingValueFiles: true,
      globs,
    });
    if (!r.ok) return; // refused (outside the repository, scheme): the render fails the same way on both sides
    for (const f of r.files) {
      if ("url" in f) return acc.fail(`value file ${f.url} is fetched at render time`);
      const { i, t } = treeOf(f.tree);
      acc.add(i, t, f.path);
    }
    for (const raw of valueFiles) {
      const c = candidatePath({ raw, appPath: p.appPath, refs, env });
      if (c === undefined) continue;
      const { i, t } = treeOf(c.tree);
      acc.add(i, t, c.path);
    }
  };
  resolveAll(plan.valueFiles, versionAtLeast(p.config.argocd.version, VALUE_FILE_GLOBS_SINCE));
  for (const fp of plan.fileParameters) resolveAll([fp.path], false);
}

/** The repo path an explicit (non-glob, non-URL) value file names, present or not. */
function candidatePath(p: {
  raw: string;
  appPath: string;
  refs: Record<string, ListedTree>;
  env: Readonly<Record<string, string>>;
}): { tree: string; path: string } | undefined {
  const refName = p.raw.startsWith("$") ? p.raw.split("/")[0]! : "";
  let tree = "";
  let rel: string;
  let base = p.appPath;
  if (refName && p.refs[refName]) {
    tree = refName;
    rel = envsubst(p.raw.slice(refName.length), p.env);
    base = "";
  } else {
    rel = envsubst(p.raw, p.env);
  }
  if (rel.includes("://") || /[*?[{]/.test(rel)) return undefined;
  const path = rel.startsWith("/") ? joinInTree("", rel.replace(/^\/+/, "")) : joinInTree(base, rel);
  return path === undefined || path === "" ? undefined : { tree, path };
}

/** A chart directory and, transitively, the `file://` charts it depends on. A dependency from a
 *  chart repository that is not vendored under charts/ would be downloaded by `helm dependency
 *  build`: unknowable offline. */
async function collectChartDir(p: {
  acc: InputCollector;
  tree: InputTree;
  index: number;
  dir: string;
  visited: Set<string>;
}): Promise<void> {
  const { acc, tree, index, dir } = p;
  if (p.visited.has(dir)) return;
  p.visited.add(dir);
  acc.addDir(index, tree, dir);
  const deps: unknown[] = [];
  for (const name of ["Chart.yaml", "requirements.yaml"]) {
    const path = dir ? `${dir}/${name}` : name;
    acc.add(index, tree, path);
    const parsed = await readYaml(tree, path);
    // absent or broken: helm reports it, the same on both sides
    const doc = parsed?.ok ? parsed.value : undefined;
    if (isRecord(doc) && Array.isArray(doc.dependencies)) deps.push(...(doc.dependencies as unknown[]));
  }
  const vendored = tree.filesUnder(dir ? `${dir}/charts` : "charts");
  for (const d of deps) {
    if (!isRecord(d)) continue;
    const repo = typeof d.repository === "string" ? d.repository : "";
    const name = typeof d.name === "string" ? d.name : "";
    if (repo.startsWith("file://")) {
      const target = joinInTree(dir, repo.slice("file://".length));
      if (target === undefined) return acc.fail(`chart dependency ${repo} is outside the repository`);
      await collectChartDir({ ...p, dir: target });
      continue;
    }
    const prefix = posix.join(dir, "charts", name);
    if (!vendored.some((f) => f.startsWith(prefix)))
      acc.fail(`chart dependency ${name || "?"} from ${repo || "?"} is downloaded at render time`);
  }
}
