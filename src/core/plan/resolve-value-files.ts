// Helm value-file resolution (argo-cd:reposerver/repository/repository.go (getResolvedValueFiles,
// getResolvedRefValueFile, getReferencedSource), argo-cd:util/io/path (ResolveValueFilePathOrUrl)).
// Pure: trees are given as file listings; the adapter maps the result to absolute paths.
import { posix } from "node:path";
import picomatch from "picomatch";
import { envsubst } from "./envsubst.js";

/** A tree as a listing of its files, repo-relative posix paths. */
export interface ListedTree {
  files: readonly string[];
  /** a faster `files.includes(path)`, when the tree has an index */
  has?(path: string): boolean;
}

/** A resolved value file: a path inside a tree ("" = the source's own tree, else a ref name
 *  such as "$values"), or a remote URL that helm fetches itself. */
export type ResolvedValueFile = { tree: string; path: string } | { url: string };

export interface ResolveValueFilesParams {
  valueFiles: readonly string[];
  /** The app path inside the source's own tree ("" = root). */
  appPath: string;
  self: ListedTree;
  /** Ref sources by "$<ref>". A `$name/...` path whose name is not here is a plain path, as in Argo CD. */
  refs: Readonly<Record<string, ListedTree>>;
  env: Readonly<Record<string, string>>;
  ignoreMissingValueFiles: boolean;
  /** Argo CD 3.5+ expands glob patterns in value files. */
  globs: boolean;
  /** helm.valuesFileSchemes, default http and https. */
  allowedSchemes?: readonly string[];
}

export type ResolveValueFilesResult = { ok: true; files: ResolvedValueFile[] } | { ok: false; error: string };

const DEFAULT_SCHEMES = ["http", "https"];

function hasGlobMeta(p: string): boolean {
  return /[*?[{]/.test(p);
}

type Resolved = { ok: true; value: ResolvedValueFile } | { ok: false; error: string };

/** Join a value-file path to its base inside a tree and refuse to leave the tree. An absolute
 *  path is relative to the tree root (ResolveValueFilePathOrUrl). */
function resolveInTree(params: { raw: string; base: string; tree: string; schemes: readonly string[] }): Resolved {
  const { raw, base, tree, schemes } = params;
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(raw)?.[1];
  if (scheme && raw.includes("://")) {
    if (!schemes.includes(scheme.toLowerCase()))
      return { ok: false, error: `the URL scheme '${scheme}' is not allowed` };
    return { ok: true, value: { url: raw } };
  }
  const joined = raw.startsWith("/")
    ? posix.normalize(raw.slice(1) || ".")
    : posix.normalize(posix.join(base || ".", raw));
  if (joined === ".." || joined.startsWith("../") || posix.isAbsolute(joined)) {
    return { ok: false, error: `value file '${raw}' resolved to outside repository root` };
  }
  return { ok: true, value: { tree, path: joined === "." ? "" : joined } };
}

export function resolveValueFiles(params: ResolveValueFilesParams): ResolveValueFilesResult {
  const schemes = params.allowedSchemes ?? DEFAULT_SCHEMES;
  const trees: Record<string, ListedTree> = { "": params.self, ...params.refs };
  const entries: { value: ResolvedValueFile; glob: boolean; raw: string }[] = [];
  for (const raw of params.valueFiles) {
    let r: Resolved;
    const refName = raw.startsWith("$") ? raw.split("/")[0]! : "";
    if (refName && params.refs[refName]) {
      // Env substitution happens after the ref is resolved, inside the ref's tree.
      const rest = envsubst(raw.slice(refName.length), params.env);
      r = resolveInTree({ raw: rest.startsWith("/") ? rest : `/${rest}`, base: "", tree: refName, schemes });
    } else {
      r = resolveInTree({ raw: envsubst(raw, params.env), base: params.appPath, tree: "", schemes });
    }
    if (!r.ok) return { ok: false, error: r.error };
    entries.push({ value: r.value, raw, glob: params.globs && "path" in r.value && hasGlobMeta(r.value.path) });
  }
  // A file listed explicitly keeps its explicit position; globs do not repeat it.
  const explicit = new Set(
    entries.filter((e) => !e.glob && "path" in e.value).map((e) => key(e.value as { tree: string; path: string })),
  );
  const out: ResolvedValueFile[] = [];
  for (const e of entries) {
    if ("url" in e.value) {
      out.push(e.value);
      continue;
    }
    const { tree, path } = e.value;
    const listed = trees[tree]!;
    if (e.glob) {
      const m = picomatch(path, { dot: true });
      const matches = listed.files.filter((f) => m(f)).sort();
      if (matches.length === 0 && !params.ignoreMissingValueFiles) {
        return { ok: false, error: `values file glob ${e.raw} matched no files` };
      }
      for (const f of matches) if (!explicit.has(key({ tree, path: f }))) out.push({ tree, path: f });
      continue;
    }
    if (!(listed.has ? listed.has(path) : listed.files.includes(path))) {
      if (params.ignoreMissingValueFiles) continue;
      return { ok: false, error: `open ${e.raw}: no such file or directory` };
    }
    out.push(e.value);
  }
  return { ok: true, files: out };
}

function key(v: { tree: string; path: string }): string {
  return `${v.tree}\u0000${v.path}`;
}
