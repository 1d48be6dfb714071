// The git generator (argo-cd:applicationset/generators/git.go) reading the tree of
// `repoURL`@`revision` through SourceTrees: never the pull request's head unless that is the tree
// the revision resolves to.
import path from "node:path/posix";
import { isRecord } from "../../argocd/manifest.js";
import { isGoMap, type GoValue } from "../gotemplate/go-value.js";
import { matchGitFilePattern } from "../match-git-file-pattern.js";
import { matchGoPath } from "../match-go-path.js";
import { parseGoYaml } from "../parse-go-yaml.js";
import { sanitizeName } from "../sanitize-name.js";
import type { RepoTree } from "../../ports.js";
import { appendTemplatedValues } from "./append-templated-values.js";
import { flattenParams } from "./flatten-params.js";
import { AppSetError, CannotEvaluateError, type GeneratorContext, type ParamSet } from "./generator-context.js";

export async function generateGitParams(params: {
  spec: Record<string, unknown>;
  ctx: GeneratorContext;
}): Promise<ParamSet[]> {
  const { spec, ctx } = params;
  const directories = Array.isArray(spec.directories) ? spec.directories.filter(isRecord) : [];
  const files = Array.isArray(spec.files) ? spec.files.filter(isRecord) : [];
  if (directories.length === 0 && files.length === 0) throw new AppSetError("ApplicationSet is empty");
  const repoURL = typeof spec.repoURL === "string" ? spec.repoURL : "";
  const revision = typeof spec.revision === "string" ? spec.revision : "";
  const resolved = await ctx.trees.resolve({ repoURL, targetRevision: revision });
  if (!resolved.ok) {
    throw new CannotEvaluateError(
      `git generator reads ${repoURL}@${revision || "HEAD"}, which is not available: ${resolved.reason}`,
    );
  }
  const prefix = typeof spec.pathParamPrefix === "string" ? spec.pathParamPrefix : "";
  // Argo CD checks directories first: a generator with both only lists directories.
  if (directories.length > 0) return gitDirectoryParams({ tree: resolved.tree, directories, spec, prefix, ctx });
  return gitFileParams({ tree: resolved.tree, files, spec, prefix, ctx, repoURL });
}

/** Every directory of the tree in filepath.WalkDir order (lexical per directory), skipping hidden
 *  directories and their contents (repository.go (GetGitDirectories)). */
export function listGitDirectories(files: readonly string[]): string[] {
  const dirs = new Set<string>();
  for (const f of files) {
    const segs = f.split("/");
    for (let i = 1; i < segs.length; i++) {
      if (segs[i - 1]!.startsWith(".")) break;
      dirs.add(segs.slice(0, i).join("/"));
    }
  }
  return [...dirs].sort(compareWalkOrder);
}

function compareWalkOrder(a: string, b: string): number {
  const sa = a.split("/");
  const sb = b.split("/");
  for (let i = 0; i < Math.min(sa.length, sb.length); i++) {
    if (sa[i] !== sb[i]) return sa[i]! < sb[i]! ? -1 : 1;
  }
  return sa.length - sb.length;
}

async function gitDirectoryParams(p: {
  tree: RepoTree;
  directories: Record<string, unknown>[];
  spec: Record<string, unknown>;
  prefix: string;
  ctx: GeneratorContext;
}): Promise<ParamSet[]> {
  const includes = p.directories.filter((d) => d.exclude !== true).map((d) => String(d.path ?? ""));
  const all = listGitDirectories(await filesUnderPatterns(p.tree, includes));
  const res: ParamSet[] = [];
  for (const dir of all) {
    let include = false;
    let exclude = false;
    for (const item of p.directories) {
      const m = matchGoPath({ pattern: String(item.path ?? ""), name: dir });
      if (m === undefined || !m) continue; // a bad pattern is logged and skipped by Argo CD
      if (item.exclude === true) exclude = true;
      else include = true;
    }
    // An exclude wins whatever the order of the entries (git.go (filterApps)).
    if (!include || exclude) continue;
    const params: ParamSet = {};
    if (p.ctx.mode.goTemplate) {
      const pathParam: ParamSet = {
        path: dir,
        basename: path.basename(dir),
        basenameNormalized: sanitizeName(path.basename(dir)),
        segments: dir.split("/"),
      };
      if (p.prefix) params[p.prefix] = { path: pathParam };
      else params.path = pathParam;
    } else {
      const name = p.prefix ? `${p.prefix}.path` : "path";
      params[name] = dir;
      params[`${name}.basename`] = path.basename(dir);
      params[`${name}.basenameNormalized`] = sanitizeName(path.basename(dir));
      dir.split("/").forEach((seg, i) => {
        if (seg !== "") params[`${name}[${i}]`] = seg;
      });
    }
    appendTemplatedValues({ values: p.spec.values, into: params, mode: p.ctx.mode });
    res.push(params);
  }
  return res;
}

async function gitFileParams(p: {
  tree: RepoTree;
  files: Record<string, unknown>[];
  spec: Record<string, unknown>;
  prefix: string;
  ctx: GeneratorContext;
  repoURL: string;
}): Promise<ParamSet[]> {
  const newGlobbing = p.ctx.config.argocd.newGitFileGlobbing;
  const includes = p.files.filter((f) => f.exclude !== true).map((f) => String(f.path ?? ""));
  const allFiles = await filesUnderPatterns(p.tree, includes);
  const excludes = p.files.filter((f) => f.exclude === true).map((f) => String(f.path ?? ""));
  const selected = allFiles.filter(
    (file) =>
      includes.some((pattern) => matchGitFilePattern({ pattern, file, newGlobbing })) &&
      !excludes.some((pattern) => matchGitFilePattern({ pattern, file, newGlobbing })),
  );
  selected.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const res: ParamSet[] = [];
  for (const filePath of selected) {
    const text = (await p.tree.readFile(filePath)) ?? "";
    let objects: Record<string, GoValue>[];
    try {
      objects = parseParamFile(text);
    } catch (e) {
      throw new AppSetError(
        `unable to process file '${filePath}' from repository '${p.repoURL}': unable to parse file: ${(e as Error).message}`,
      );
    }
    for (const obj of objects) {
      const params: ParamSet = {};
      const dir = path.dirname(filePath);
      if (p.ctx.mode.goTemplate) {
        Object.assign(params, obj);
        const filename = path.basename(filePath);
        const pathParam: ParamSet = {
          path: dir,
          basename: path.basename(dir),
          filename,
          basenameNormalized: sanitizeName(path.basename(dir)),
          filenameNormalized: sanitizeName(filename),
          segments: dir.split("/"),
        };
        if (p.prefix) params[p.prefix] = { path: pathParam };
        else params.path = pathParam;
      } else {
        Object.assign(params, flattenParams(obj));
        const name = p.prefix ? `${p.prefix}.path` : "path";
        params[name] = dir;
        params[`${name}.basename`] = path.basename(dir);
        params[`${name}.filename`] = path.basename(filePath);
        params[`${name}.basenameNormalized`] = sanitizeName(path.basename(dir));
        params[`${name}.filenameNormalized`] = sanitizeName(path.basename(filePath));
        dir.split("/").forEach((seg, i) => {
          if (seg !== "") params[`${name}[${i}]`] = seg;
        });
      }
      appendTemplatedValues({ values: p.spec.values, into: params, mode: p.ctx.mode });
      res.push(params);
    }
  }
  return res;
}

/** One object, or each object of a top-level array; an empty file is one empty object. */
function parseParamFile(text: string): Record<string, GoValue>[] {
  const v = parseGoYaml(text);
  if (v === null || v === undefined) return [{}];
  if (isGoMap(v)) return [v];
  if (Array.isArray(v)) {
    return v.map((e) => {
      if (e === null) return {};
      if (!isGoMap(e)) throw new Error(`cannot unmarshal ${typeof e} into an object`);
      return e;
    });
  }
  throw new Error("the file holds neither an object nor a list of objects");
}

/** The files any of `patterns` can select, sorted: those under the directory each pattern names
 *  before its first wildcard (what a match must start with, literally, in every globbing mode:
 *  Go's path.Match, git's pathspec, doublestar), the whole listing when one names none. */
async function filesUnderPatterns(tree: RepoTree, patterns: readonly string[]): Promise<string[]> {
  const dirs = [...new Set(patterns.map(literalDirOf))];
  if (dirs.includes("") || !tree.filesUnder) return tree.listFiles();
  const out = new Set<string>();
  for (const d of dirs) for (const f of await tree.filesUnder(d)) out.add(f);
  return [...out].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The directory a pattern names literally ("" when it may match anywhere: a leading negation,
 *  a relative or absolute form, a wildcard in the first segment). */
export function literalDirOf(pattern: string): string {
  if (/^[!/]|^\.\.?(\/|$)|\/\.\.?(\/|$)/.test(pattern)) return "";
  const wild = pattern.search(/[*?[\]{}()!+@|\\]/);
  const literal = wild < 0 ? pattern : pattern.slice(0, wild);
  const cut = literal.lastIndexOf("/");
  return cut < 0 ? "" : literal.slice(0, cut);
}
