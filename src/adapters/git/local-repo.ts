// Read-only access to a local git repository: resolve revisions and materialise trees into
// private temporary directories. The user's work tree and index are never touched (a temporary
// index file is used), so this is safe on a developer's checkout and on a bare repository.
import { execa } from "execa";
import { mkdtemp, realpath, rm, mkdir, writeFile } from "node:fs/promises";
import { createBlobReader } from "./blob-reader.js";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import type { RepoTree, TreeDiff } from "../../core/ports.js";
import { firstLine } from "../../core/first-line.js";

export class GitError extends Error {}

/** Blob texts kept in memory by id: up to this size each, and this much in all. */
const MAX_MEMO_BLOB_BYTES = 256 * 1024;
const MAX_MEMO_BYTES = 128 * 1024 * 1024;

export interface LocalRepo {
  readonly dir: string;
  resolveRevision(rev: string): Promise<string | undefined>;
  readFileAt(sha: string, path: string): Promise<string | undefined>;
  tree(sha: string): Promise<RepoTree>;
  /** true when `name` is a local branch or a remote-tracking branch of origin */
  isBranch(name: string): Promise<boolean>;
  /** true when `ancestor` is an ancestor of (or equal to) `rev` */
  isAncestor(ancestor: string, rev: string): Promise<boolean>;
  /** The tree of merging `head` into `base`, without touching any work tree; undefined on conflict or no merge base. */
  mergeTree(base: string, head: string): Promise<{ ok: true; tree: string } | { ok: false; reason: string }>;
  remoteURLs(): Promise<string[]>;
  dispose(): Promise<void>;
}

/** Environment for git: no prompts, no user/system config surprises that could run commands. */
function gitEnv(): Record<string, string> {
  return { GIT_TERMINAL_PROMPT: "0", GIT_CONFIG_NOSYSTEM: "1", LC_ALL: "C" };
}

async function git(repoDir: string, args: string[], extraEnv: Record<string, string> = {}): Promise<string> {
  const r = await execa("git", ["-C", repoDir, ...args], {
    env: { ...gitEnv(), ...extraEnv },
    reject: false,
    stripFinalNewline: true,
    maxBuffer: 512 * 1024 * 1024,
  });
  if (r.exitCode !== 0) throw new GitError(firstLine(r.stderr || r.stdout || `git ${args[0]} failed`));
  return r.stdout;
}

/** Repo-relative, normalised; undefined when it leaves the tree. */
function normalizePath(path: string): string | undefined {
  const out: string[] = [];
  for (const seg of path.split("/")) {
    if (seg === "" || seg === ".") continue;
    if (seg === "..") {
      if (out.length === 0) return undefined;
      out.pop();
    } else out.push(seg);
  }
  return out.join("/");
}

/**
 * Resolves a repo-relative path as the kernel does: component by component, a symlink met on the
 * way is replaced by its target (relative to the link's directory) BEFORE any later `..` applies,
 * so `d -> .` then `d/../x` is the parent's `x`, outside the tree, where a lexical normalisation
 * would say `x`. Undefined when the path leaves the tree, is absolute, or loops (40 hops, as the
 * kernel allows).
 */
function resolvePhysical(path: string, linkText: ReadonlyMap<string, string>): string | undefined {
  const stack: string[] = [];
  const queue = path.split("/");
  let hops = 0;
  while (queue.length > 0) {
    const seg = queue.shift()!;
    if (seg === "" || seg === ".") continue;
    if (seg === "..") {
      if (stack.length === 0) return undefined;
      stack.pop();
      continue;
    }
    stack.push(seg);
    const to = linkText.get(stack.join("/"));
    if (to === undefined) continue;
    if (to.startsWith("/") || ++hops > 40) return undefined;
    stack.pop();
    queue.unshift(...to.split("/"));
  }
  return stack.join("/");
}

export async function openLocalRepo(repoDir: string): Promise<LocalRepo> {
  const dir = resolve(repoDir);
  const inside = await execa("git", ["-C", dir, "rev-parse", "--is-inside-work-tree", "--is-bare-repository"], {
    env: gitEnv(),
    reject: false,
  });
  if (inside.exitCode !== 0) throw new GitError(`${repoDir} is not a git repository`);
  const workRoot = await mkdtemp(join(tmpdir(), "blast-radius-"));
  const trees = new Map<string, Promise<RepoTree>>();

  const blobs = createBlobReader({ repoDir: dir, env: { ...process.env, ...gitEnv() } as Record<string, string> });
  // Texts by blob id, shared by every tree: a file unchanged between base and head is one blob,
  // read once. Small blobs only, and a bounded total (the big ones are rare and read rarely).
  const texts = new Map<string, Promise<string | undefined>>();
  let textBytes = 0;
  const readText = (oid: string): Promise<string | undefined> => {
    const hit = texts.get(oid);
    if (hit) return hit;
    const p = blobs.read(oid).then((b) => {
      if (b === undefined || b.length > MAX_MEMO_BLOB_BYTES || textBytes + b.length > MAX_MEMO_BYTES) texts.delete(oid);
      else textBytes += b.length;
      return b?.toString("utf8");
    });
    texts.set(oid, p);
    return p;
  };

  // A tree is listed when first asked (ls-tree: paths, blob ids, symlinks) and read through git
  // objects; it is written to disk only when a tool needs a directory (most apps of a big repo
  // never do).
  // Trees this repository opened, by object: changesSince compares two of them with one git diff.
  const opened = new WeakSet<RepoTree>();
  const openTree = async (sha: string): Promise<RepoTree> => {
    // Listed on first use: a side taken whole from an earlier analysis never lists its tree.
    const listing = once(() => listTree(sha));
    const tree = openListedTree(sha, listing);
    opened.add(tree);
    return tree;
  };

  /** The tree's files (ls-tree: paths, blob ids, symlinks), escaping symlinks left out. */
  const listTree = async (sha: string) => {
    // "<mode> <type> <object>\t<path>" records: the blob id is a content hash, free from git.
    const listing = await git(dir, ["ls-tree", "-r", "-z", "--full-tree", sha]);
    const ids = new Map<string, string>();
    const links = new Map<string, string>(); // symlink path -> blob id of its target text
    for (const rec of listing.split("\0")) {
      const tab = rec.indexOf("\t");
      if (tab < 0) continue;
      const [mode, type, object] = rec.slice(0, tab).split(" ");
      if (type !== "blob" || !object) continue;
      ids.set(rec.slice(tab + 1), object);
      if (mode === "120000") links.set(rec.slice(tab + 1), object);
    }
    const linkText = new Map<string, string>();
    for (const [link, oid] of links) linkText.set(link, (await blobs.read(oid))?.toString("utf8") ?? "");
    const targets = new Map<string, string | undefined>();
    for (const link of links.keys()) targets.set(link, resolvePhysical(link, linkText));
    // Pull-request content never reaches files outside the checkout: a symlink that leaves the
    // tree (e.g. to a key file) does not exist for readers, and is not written to disk.
    for (const [link, target] of targets) {
      if (target === undefined) {
        ids.delete(link);
        links.delete(link);
      }
    }
    const files = [...ids.keys()].sort();
    return { ids, links, linkText, targets, files };
  };

  const openListedTree = (sha: string, listing: () => ReturnType<typeof listTree>): RepoTree => {
    // The whole tree and a sparse one live in different directories: files are written once and
    // never rewritten, so a tool reading one while another render writes more is never disturbed.
    let full: Promise<string> | undefined;
    const wholeTree = (): Promise<string> =>
      (full ??= listing().then(({ targets }) =>
        writeTree(
          sha,
          [...targets].filter(([, t]) => t === undefined).map(([l]) => l),
        ),
      ));
    let sparseRoot: Promise<string> | undefined;
    const sparseWrites = new Map<string, Promise<void>>();
    const writeSparse = async (paths: readonly string[]): Promise<string> => {
      if (full) return full;
      const { ids, links, files } = await listing();
      if (paths.some((p) => links.has(p))) return wholeTree();
      const root = await (sparseRoot ??= mkdir(join(workRoot, `${sha}.sparse`), { recursive: true }).then(() =>
        realpath(join(workRoot, `${sha}.sparse`)),
      ));
      await Promise.all(
        paths.map((p) => {
          if (p.endsWith("/")) {
            // a directory that exists in the tree (has files below it) exists on disk too
            const d = normalizePath(p);
            return d !== undefined && files.some((f) => f.startsWith(`${d}/`))
              ? mkdir(join(root, d), { recursive: true }).then(() => undefined)
              : Promise.resolve();
          }
          const oid = ids.get(p);
          if (oid === undefined) return Promise.resolve(); // a named input that does not exist
          let w = sparseWrites.get(p);
          if (!w) {
            w = (async () => {
              const data = await blobs.read(oid);
              if (data === undefined) throw new GitError(`cannot read ${p} at ${sha.slice(0, 7)}`);
              await mkdir(dirname(join(root, p)), { recursive: true });
              await writeFile(join(root, p), data);
            })();
            sparseWrites.set(p, w);
          }
          return w;
        }),
      );
      return root;
    };
    return {
      revision: sha,
      directory: (paths?: readonly string[]) => (paths ? writeSparse(paths) : wholeTree()),
      listFiles: async () => (await listing()).files,
      fileIds: async () => (await listing()).ids,
      symlinks: async () => new Set((await listing()).links.keys()),
      readFile: async (path: string) => {
        const { ids, links, linkText } = await listing();
        // A listed file that is not a link is its own physical path (git stores nothing below a link).
        const real = ids.has(path) && !links.has(path) ? path : resolvePhysical(path, linkText);
        const oid = real === undefined ? undefined : ids.get(real);
        if (oid === undefined) return undefined;
        return readText(oid);
      },
      filesContaining: async (text: string, paths?: readonly string[]) => {
        if (paths?.length === 0) return [];
        const { ids, links } = await listing();
        // Named paths as literal pathspecs, in slices that stay far below the argument-size limit.
        const slices: string[][] = [];
        if (paths)
          for (let i = 0; i < paths.length; i += 500) slices.push(paths.slice(i, i + 500).map((p) => `:(literal)${p}`));
        else slices.push([]);
        const out: string[] = [];
        for (const pathspecs of slices) {
          const r = await execa(
            "git",
            ["-C", dir, "grep", "-l", "-z", "-F", "-I", "-e", text, sha, "--", ...pathspecs],
            {
              env: gitEnv(),
              reject: false,
              maxBuffer: 256 * 1024 * 1024,
            },
          );
          if (r.exitCode !== 0 && r.exitCode !== 1) throw new GitError(firstLine(r.stderr || "git grep failed"));
          // "<tree-ish>:<path>" records
          for (const x of r.stdout.split("\0")) {
            if (x === "") continue;
            const f = x.slice(sha.length + 1);
            if (ids.has(f) && !links.has(f)) out.push(f);
          }
        }
        return out;
      },
      changesSince: async (other: RepoTree) => (opened.has(other) ? diffTrees(other.revision, sha) : undefined),
    };
  };

  /** What differs from tree `a` to tree `b` (blob ids, presence), from one `git diff-tree`;
   *  undefined when a symlink is among the differences (whether it leaves the tree, and so
   *  exists for readers, takes the listing: the caller compares listings instead). */
  const diffTrees = async (a: string, b: string): Promise<TreeDiff | undefined> => {
    const out = await git(dir, ["diff-tree", "-r", "-z", "--no-renames", "--no-commit-id", a, b]);
    const changed: string[] = [];
    const presence: string[] = [];
    // ":<old mode> <new mode> <old id> <new id> <status>\0<path>\0" records
    const parts = out.split("\0");
    for (let k = 0; k + 1 < parts.length; k += 2) {
      const head = parts[k]!;
      const path = parts[k + 1]!;
      if (!head.startsWith(":")) return undefined;
      const [oldMode, newMode, oldId, newId] = head.slice(1).split(" ");
      if (oldMode === "120000" || newMode === "120000") return undefined;
      // a file is a blob; a gitlink (160000, a submodule) and nothing (000000) are not listed
      const was = oldMode !== "000000" && oldMode !== "160000";
      const is = newMode !== "000000" && newMode !== "160000";
      if (!was && !is) continue;
      if (was !== is) presence.push(path);
      // a mode-only change (an executable bit) leaves the blob id, the content, as it was
      if (was !== is || oldId !== newId) changed.push(path);
    }
    return { changed, presence };
  };

  const writeTree = async (sha: string, escaping: string[]): Promise<string> => {
    const target = join(workRoot, sha);
    await mkdir(target, { recursive: true });
    const index = join(workRoot, `${sha}.index`);
    const env = { GIT_INDEX_FILE: index };
    // --work-tree makes this work on bare repositories too; the temporary index keeps the user's index intact.
    await git(dir, [`--work-tree=${target}`, "read-tree", sha], env);
    await git(dir, [`--work-tree=${target}`, "checkout-index", "--all", "--force"], env);
    await rm(index, { force: true });
    const real = await realpath(target);
    for (const link of escaping) await rm(join(real, link), { force: true });
    return real;
  };

  return {
    dir,
    async resolveRevision(rev: string) {
      if (rev.startsWith("-")) return undefined;
      try {
        return await git(dir, ["rev-parse", "--verify", "--quiet", "--end-of-options", `${rev}^{commit}`]);
      } catch {
        return undefined;
      }
    },
    async readFileAt(sha: string, path: string) {
      try {
        return await git(dir, ["show", `${sha}:${path}`]);
      } catch {
        return undefined;
      }
    },
    tree(sha: string) {
      let t = trees.get(sha);
      if (!t) {
        t = openTree(sha);
        trees.set(sha, t);
      }
      return t;
    },
    async isBranch(name: string) {
      if (name.startsWith("-")) return false;
      for (const ref of [`refs/heads/${name}`, `refs/remotes/origin/${name}`, name.startsWith("refs/") ? name : ""]) {
        if (!ref) continue;
        const r = await execa("git", ["-C", dir, "show-ref", "--verify", "--quiet", ref], {
          env: gitEnv(),
          reject: false,
        });
        if (r.exitCode === 0) return true;
      }
      return false;
    },
    async isAncestor(ancestor: string, rev: string) {
      const r = await execa("git", ["-C", dir, "merge-base", "--is-ancestor", ancestor, rev], {
        env: gitEnv(),
        reject: false,
      });
      return r.exitCode === 0;
    },
    async mergeTree(base: string, head: string) {
      // git >= 2.38: a real merge computed in the object store only.
      const r = await execa("git", ["-C", dir, "merge-tree", "--write-tree", "--no-messages", base, head], {
        env: gitEnv(),
        reject: false,
      });
      const tree = r.stdout.split("\n")[0]?.trim() ?? "";
      if (r.exitCode === 0 && /^[0-9a-f]{40,64}$/.test(tree)) return { ok: true as const, tree };
      if (r.exitCode === 1) return { ok: false as const, reason: "the pull request conflicts with its base" };
      return { ok: false as const, reason: firstLine(r.stderr || "git merge-tree failed") };
    },
    async remoteURLs() {
      try {
        const out = await git(dir, ["config", "--get-regexp", "^remote\\..*\\.url$"]);
        return out
          .split("\n")
          .map((l) => l.split(" ")[1] ?? "")
          .filter((u) => u !== "");
      } catch {
        return [];
      }
    },
    async dispose() {
      blobs.close();
      await rm(workRoot, { recursive: true, force: true });
    },
  };
}

/** The first call's promise, for every call. */
function once<T>(f: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | undefined;
  return () => (p ??= f());
}
