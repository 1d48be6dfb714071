import type { RenderTool } from "../model.js";
// Accumulates the files one application's render can read, and stops the computation as soon as
// something makes that set unknowable (a symlink, a path leaving the repository, a remote fetch).
import { posix } from "node:path";
import type { InputTree } from "./input-tree.js";

/** A file a render reads: `source` is the index (in spec.sources) of the source whose tree holds it. */
export interface InputFile {
  source: number;
  path: string;
}

/** Thrown inside the computation and caught once in appInputSet: an unknowable input set is an
 *  expected outcome returned as data, the throw only unwinds the recursive walks. */
export class UndeterminableInput extends Error {}

export interface InputCollector {
  /** A file (present or not: a file that appears later must change the set). */
  add(source: number, tree: InputTree, path: string): void;
  /** Every file under a directory. */
  addDir(source: number, tree: InputTree, dir: string): void;
  /** Fails when the directory is a symlink or lies under one. */
  checkDir(tree: InputTree, dir: string): void;
  /** Say that the render can observe the commit id (ARGOCD_APP_REVISION). */
  markRevisionSensitive(): void;
  /** Record a tool a source renders with. */
  markTool(tool: RenderTool): void;
  fail(reason: string): never;
  readonly revisionSensitive: boolean;
  readonly tools: ReadonlySet<RenderTool>;
  files(): InputFile[];
}

export function createInputCollector(): InputCollector {
  const seen = new Map<string, InputFile>();
  let revisionSensitive = false;
  const tools = new Set<RenderTool>();
  const fail = (reason: string): never => {
    throw new UndeterminableInput(reason);
  };
  /** A symlinked directory is one blob in git, so a path below it is absent from the listing
   *  although the tool reads the link's target: any ancestor that is a listed file is a link. */
  const checkAncestors = (tree: InputTree, path: string): void => {
    let i = path.indexOf("/");
    while (i > 0) {
      const prefix = path.slice(0, i);
      if (tree.has(prefix)) {
        if (tree.isSymlink(prefix)) fail(`${prefix} is a symlink`);
        return; // a regular file: nothing can be below it
      }
      i = path.indexOf("/", i + 1);
    }
  };
  const checkDir = (tree: InputTree, dir: string): void => {
    if (dir === "") return;
    checkAncestors(tree, `${dir}/x`);
  };
  const record = (source: number, tree: InputTree, path: string): void => {
    if (tree.isSymlink(path)) fail(`${path} is a symlink`);
    const k = `${source}\u0000${path}`;
    if (!seen.has(k)) seen.set(k, { source, path });
  };
  return {
    add(source, tree, path) {
      checkAncestors(tree, path);
      record(source, tree, path);
    },
    addDir(source, tree, dir) {
      checkDir(tree, dir);
      for (const f of tree.filesUnder(dir)) record(source, tree, f);
    },
    checkDir,
    markRevisionSensitive() {
      revisionSensitive = true;
    },
    markTool(tool) {
      tools.add(tool);
    },
    get tools() {
      return tools;
    },
    fail,
    get revisionSensitive() {
      return revisionSensitive;
    },
    files() {
      return [...seen.values()].sort((a, b) => a.source - b.source || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    },
  };
}

/** `rel` joined to a repo-relative directory; undefined when absolute or leaving the repository. */
export function joinInTree(dir: string, rel: string): string | undefined {
  if (rel === "" || posix.isAbsolute(rel) || /^[a-zA-Z]:[\\/]/.test(rel)) return rel === "" ? dir : undefined;
  const n = posix.normalize(posix.join(dir || ".", rel)).replace(/\/+$/, "");
  if (n === ".." || n.startsWith("../")) return undefined;
  return n === "." ? "" : n;
}
