// What `kustomize build` reads, followed transitively through kustomizations and components:
// resources/bases/components, patches, generator files and env files, CRDs, configurations,
// replacements, openapi, helmCharts, and transformer/generator/validator configs (the kustomize
// types.Kustomization fields that name files). Argo CD's own edits add spec components and
// patches (argo-cd:util/kustomize/kustomize.go (Build)).
import { parseAllDocuments } from "yaml";
import type { Config } from "../../config/config.js";
import type { AppSource } from "../model.js";
import { isRecord } from "../argocd/manifest.js";
import { KUSTOMIZATION_FILE_NAMES } from "../plan/kustomize-edits.js";
import { joinInTree, type InputCollector } from "./input-collector.js";
import type { InputTree } from "./input-tree.js";
import { readYaml } from "./read-yaml.js";

export interface CollectKustomizeInputsParams {
  config: Config;
  /** the source after `.argocd-source*.yaml` overrides */
  source: AppSource;
  index: number;
  tree: InputTree;
  appPath: string;
  acc: InputCollector;
}

/** Keys of builtin plugin configs (PatchTransformer, ReplacementTransformer, ConfigMapGenerator,
 *  HelmChartInflationGenerator...) whose values name files relative to the kustomization. */
const PATH_KEYS = new Set([
  "path",
  "paths",
  "files",
  "envs",
  "env",
  "valuesFile",
  "additionalValuesFiles",
  "chartHome",
]);

/** Function annotations make kustomize run a container or an executable. */
const FUNCTION_ANNOTATIONS = ["config.kubernetes.io/function", "config.k8s.io/function"];

export async function collectKustomizeInputs(p: CollectKustomizeInputsParams): Promise<void> {
  const w = new KustomizeWalk(p);
  await w.kustomization(p.appPath);
  const k = isRecord(p.source.kustomize) ? p.source.kustomize : {};
  // Argo CD appends spec components and patches to the app's kustomization before the build.
  for (const c of Array.isArray(k.components) ? k.components : [])
    if (typeof c === "string" && c) await w.resource(p.appPath, c);
  for (const patch of Array.isArray(k.patches) ? k.patches : []) {
    if (isRecord(patch) && typeof patch.path === "string" && patch.path) await w.file(p.appPath, patch.path);
  }
}

class KustomizeWalk {
  private readonly visited = new Set<string>();
  private readonly plugins: boolean;

  constructor(private readonly p: CollectKustomizeInputsParams) {
    this.plugins = /(^|\s)--enable-(alpha-plugins|exec)(\s|$)/.test(p.config.argocd.kustomizeBuildOptions);
  }

  private get acc(): InputCollector {
    return this.p.acc;
  }

  private join(dir: string, rel: string): string {
    if (isRemote(rel)) this.acc.fail(`kustomize reference ${rel} is remote`);
    const path = joinInTree(dir, rel);
    if (path === undefined) return this.acc.fail(`kustomize reference ${rel} leaves the repository`);
    return path;
  }

  private add(path: string): void {
    this.acc.add(this.p.index, this.p.tree, path);
  }

  async kustomization(dir: string): Promise<void> {
    if (this.visited.has(dir)) return;
    this.visited.add(dir);
    const { tree } = this.p;
    // All three names enter the set: a second one appearing is kustomize's "multiple files" error.
    const names = KUSTOMIZATION_FILE_NAMES.map((n) => (dir ? `${dir}/${n}` : n));
    for (const n of names) this.add(n);
    const file = names.find((n) => tree.has(n));
    if (!file) return; // kustomize fails the same way on both sides
    const parsed = await readYaml(tree, file);
    const k = parsed?.ok ? parsed.value : undefined;
    if (!isRecord(k)) return; // kustomize reports a broken kustomization, the same on both sides
    for (const r of [...strings(k.resources), ...strings(k.bases), ...strings(k.components)])
      await this.resource(dir, r);
    for (const f of strings(k.patchesStrategicMerge)) if (!isInline(f)) await this.file(dir, f);
    for (const patch of [...records(k.patches), ...records(k.patchesJson6902), ...records(k.replacements)]) {
      if (typeof patch.path === "string" && patch.path) await this.file(dir, patch.path);
    }
    for (const g of [...records(k.configMapGenerator), ...records(k.secretGenerator)]) {
      for (const f of strings(g.files)) await this.file(dir, withoutKey(f));
      for (const e of [...strings(g.envs), ...strings([g.env])]) await this.envFile(dir, e);
    }
    for (const f of [...strings(k.crds), ...strings(k.configurations)]) await this.file(dir, f);
    if (isRecord(k.openapi) && typeof k.openapi.path === "string") await this.file(dir, k.openapi.path);
    const helmCharts = records(k.helmCharts);
    const inflators = records(k.helmChartInflationGenerator);
    if (helmCharts.length > 0 || inflators.length > 0) {
      for (const h of [...helmCharts, ...inflators]) {
        if ((typeof h.repo === "string" && h.repo) || (typeof h.chartRepoUrl === "string" && h.chartRepoUrl)) {
          this.acc.fail(`kustomize helm chart ${String(h.name ?? h.chartName ?? "")} is pulled from a repository`);
        }
        for (const f of [...strings([h.valuesFile]), ...strings(h.additionalValuesFiles), ...strings([h.values])])
          await this.file(dir, f);
      }
      const globals = isRecord(k.helmGlobals) ? k.helmGlobals : {};
      const homes = [
        typeof globals.chartHome === "string" && globals.chartHome ? globals.chartHome : "charts",
        ...inflators.flatMap((h) => strings([h.chartHome])),
      ];
      for (const home of homes) this.acc.addDir(this.p.index, tree, this.join(dir, home));
    }
    for (const entry of [...strings(k.transformers), ...strings(k.generators), ...strings(k.validators)]) {
      if (this.plugins) this.acc.fail("kustomize plugins are enabled (--enable-alpha-plugins/--enable-exec)");
      if (isInline(entry)) {
        await this.pluginConfig(dir, entry);
        continue;
      }
      const path = this.join(dir, entry);
      if (!tree.has(path) && tree.filesUnder(path).length > 0) {
        await this.kustomization(path);
        continue;
      }
      this.add(path);
      const text = await tree.readFile(path);
      if (text !== undefined) await this.pluginConfig(dir, text);
    }
  }

  /** A resource, base or component: a file, or a directory holding a kustomization. */
  async resource(dir: string, rel: string): Promise<void> {
    const { tree } = this.p;
    const path = this.join(dir, rel);
    if (tree.has(path)) return this.add(path);
    if (tree.filesUnder(path).length > 0) return this.kustomization(path);
    // Absent: kustomize then tries it as a remote repository ("example.com/org/repo").
    const first = rel.split("/")[0] ?? "";
    if (first.includes(".") && !first.startsWith(".")) this.acc.fail(`kustomize resource ${rel} may be remote`);
    this.add(path);
    await this.kustomization(path);
  }

  /** A file a field names; a directory contributes all its files. */
  async file(dir: string, rel: string): Promise<void> {
    const path = this.join(dir, rel);
    if (this.p.tree.has(path) || this.p.tree.filesUnder(path).length === 0) this.add(path);
    else this.acc.addDir(this.p.index, this.p.tree, path);
  }

  /** An env file line without `=` takes its value from kustomize's environment, which holds
   *  ARGOCD_APP_REVISION (kustomize api/kv: a key alone is looked up in the environment). */
  private async envFile(dir: string, rel: string): Promise<void> {
    await this.file(dir, rel);
    const text = await this.p.tree.readFile(this.join(dir, rel));
    if (text === undefined) return;
    for (const line of text.split(/\r?\n/)) {
      const l = line.trim();
      if (l !== "" && !l.startsWith("#") && !l.includes("=")) this.acc.markRevisionSensitive();
    }
  }

  /** A transformer/generator/validator config: builtin ones name files under PATH_KEYS; a function
   *  config runs a program, which no file listing describes. */
  private async pluginConfig(dir: string, text: string): Promise<void> {
    for (const doc of parseAllDocuments(text)) {
      let obj: unknown;
      try {
        obj = doc.toJS();
      } catch {
        continue;
      }
      if (!isRecord(obj)) continue;
      const annotations = isRecord(obj.metadata) && isRecord(obj.metadata.annotations) ? obj.metadata.annotations : {};
      if (FUNCTION_ANNOTATIONS.some((a) => a in annotations)) this.acc.fail("kustomize function config runs a program");
      for (const f of collectPathValues(obj)) await this.file(dir, withoutKey(f));
    }
  }
}

function collectPathValues(v: unknown, out: string[] = []): string[] {
  if (Array.isArray(v)) for (const x of v) collectPathValues(x, out);
  else if (isRecord(v)) {
    for (const [k, x] of Object.entries(v)) {
      if (PATH_KEYS.has(k)) out.push(...strings(Array.isArray(x) ? x : [x]));
      else collectPathValues(x, out);
    }
  }
  return out;
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string" && x !== "") : [];
}

function records(v: unknown): Record<string, unknown>[] {
  return Array.isArray(v) ? v.filter(isRecord) : [];
}

/** `key=path` in generator `files`. */
function withoutKey(f: string): string {
  const i = f.indexOf("=");
  return i >= 0 ? f.slice(i + 1) : f;
}

/** patchesStrategicMerge and transformers entries may hold the YAML itself instead of a path. */
function isInline(s: string): boolean {
  return s.includes("\n") || /^\s*[\w.-]+\s*:\s/.test(s);
}

/** kustomize's remote forms: URLs, scp-like git addresses, hosted-git shorthands, `//` subpaths. */
function isRemote(s: string): boolean {
  return (
    /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(s) ||
    /^git@/.test(s) ||
    /^(github\.com|gitlab\.com|bitbucket\.org)\//.test(s) ||
    /[?&](ref|version|timeout|submodules)=/.test(s) ||
    s.slice(1).includes("//")
  );
}
