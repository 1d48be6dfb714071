// InputTrees for the pure input-set computation, built once per checked-out tree and shared by
// every application and both sides: the listing, memoized reads, the symlinks found on disk (git
// stores a link as a blob, and the tools follow it), and content ids to key renders by.
import { createHash } from "node:crypto";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import type { RepoTree } from "../../core/ports.js";
import { indexInputTree, type InputTree } from "../../core/inputs/input-tree.js";

export interface TreeInputs {
  inputTree: InputTree;
  /** A content id of a file ("" when absent): the git blob id when the tree knows it. */
  idOf(path: string): Promise<string>;
}

export interface InputTrees {
  of(tree: RepoTree): Promise<TreeInputs>;
}

export function createInputTrees(): InputTrees {
  const built = new WeakMap<RepoTree, Promise<TreeInputs>>();
  return {
    of(tree) {
      let p = built.get(tree);
      if (!p) {
        p = build(tree);
        built.set(tree, p);
      }
      return p;
    },
  };
}

async function build(tree: RepoTree): Promise<TreeInputs> {
  const [files, ids, symlinks] = await Promise.all([
    tree.listFiles(),
    tree.fileIds?.(),
    tree.symlinks ? tree.symlinks() : tree.directory().then(findSymlinks),
  ]);
  const reads = new Map<string, Promise<string | undefined>>();
  const readFile = (path: string): Promise<string | undefined> => {
    let r = reads.get(path);
    if (!r) {
      r = tree.readFile(path);
      reads.set(path, r);
    }
    return r;
  };
  const inputTree = indexInputTree({ revision: tree.revision, files, readFile, symlinks });
  return {
    inputTree,
    async idOf(path) {
      if (ids) return ids.get(path) ?? "";
      if (!inputTree.has(path)) return "";
      // A tree without blob ids (a fake): hash the content instead.
      const text = await readFile(path);
      return text === undefined ? "" : createHash("sha1").update(text).digest("hex");
    },
  };
}

/** Repo-relative paths of every symlink under dir (a checkout: no .git directory inside). */
async function findSymlinks(dir: string): Promise<Set<string>> {
  const out = new Set<string>();
  const walk = async (rel: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(rel ? join(dir, rel) : dir, { withFileTypes: true });
    } catch {
      return;
    }
    const subdirs: Promise<void>[] = [];
    for (const e of entries) {
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (e.isSymbolicLink()) out.add(p);
      else if (e.isDirectory() && !(rel === "" && e.name === ".git")) subdirs.push(walk(p));
    }
    await Promise.all(subdirs);
  };
  await walk("");
  return out;
}
