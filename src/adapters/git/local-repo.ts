// Read-only access to a local git repository: resolve revisions and materialise trees into
// private temporary directories. The user's work tree and index are never touched (a temporary
// index file is used), so this is safe on a developer's checkout and on a bare repository.
import { execa } from "execa";
import { mkdtemp, readFile, readlink, realpath, rm, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve, sep } from "node:path";
import type { RepoTree } from "../../core/ports.js";

export class GitError extends Error {}

export interface LocalRepo {
  readonly dir: string;
  resolveRevision(rev: string): Promise<string | undefined>;
  readFileAt(sha: string, path: string): Promise<string | undefined>;
  tree(sha: string): Promise<RepoTree>;
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
  const r = await execa("git", ["-C", repoDir, ...args], { env: { ...gitEnv(), ...extraEnv }, reject: false, stripFinalNewline: true, maxBuffer: 512 * 1024 * 1024 });
  if (r.exitCode !== 0) throw new GitError((r.stderr || r.stdout || `git ${args[0]} failed`).split("\n")[0]!);
  return r.stdout;
}

async function staysInside(root: string, link: string): Promise<boolean> {
  try {
    const to = await readlink(join(root, link));
    const resolved = resolve(dirname(join(root, link)), to);
    return resolved === root || resolved.startsWith(root + sep);
  } catch {
    return false;
  }
}

export async function openLocalRepo(repoDir: string): Promise<LocalRepo> {
  const dir = resolve(repoDir);
  const inside = await execa("git", ["-C", dir, "rev-parse", "--is-inside-work-tree", "--is-bare-repository"], { env: gitEnv(), reject: false });
  if (inside.exitCode !== 0) throw new GitError(`${repoDir} is not a git repository`);
  const workRoot = await mkdtemp(join(tmpdir(), "blast-radius-"));
  const trees = new Map<string, Promise<RepoTree>>();

  const materialise = async (sha: string): Promise<RepoTree> => {
    const target = join(workRoot, sha);
    await mkdir(target, { recursive: true });
    const index = join(workRoot, `${sha}.index`);
    const env = { GIT_INDEX_FILE: index };
    // --work-tree makes this work on bare repositories too; the temporary index keeps the user's index intact.
    await git(dir, [`--work-tree=${target}`, "read-tree", sha], env);
    await git(dir, [`--work-tree=${target}`, "checkout-index", "--all", "--force"], env);
    await rm(index, { force: true });
    // "<mode> <type> <object>\t<path>" records: the blob id is a content hash, free from git.
    const listing = await git(dir, ["ls-tree", "-r", "-z", "--full-tree", sha]);
    const ids = new Map<string, string>();
    const symlinks: string[] = [];
    for (const rec of listing.split("\0")) {
      const tab = rec.indexOf("\t");
      if (tab < 0) continue;
      const [mode, type, object] = rec.slice(0, tab).split(" ");
      if (type !== "blob" || !object) continue;
      ids.set(rec.slice(tab + 1), object);
      if (mode === "120000") symlinks.push(rec.slice(tab + 1));
    }
    const real = await realpath(target);
    // Pull-request content never reaches files outside the checkout: a committed symlink that
    // leaves the tree (e.g. to a key file) is removed before any tool can follow it.
    for (const link of symlinks) {
      if (!(await staysInside(real, link))) {
        await rm(join(real, link), { force: true });
        ids.delete(link);
      }
    }
    const files = [...ids.keys()].sort();
    return {
      dir: real,
      revision: sha,
      listFiles: async () => files,
      fileIds: async () => ids,
      readFile: async (path: string) => {
        const abs = resolve(real, path);
        if (abs !== real && !abs.startsWith(real + sep)) return undefined;
        try {
          const resolved = await realpath(abs);
          if (!resolved.startsWith(real + sep)) return undefined; // a symlink leaving the tree
          return await readFile(resolved, "utf8");
        } catch {
          return undefined;
        }
      },
    };
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
        t = materialise(sha);
        trees.set(sha, t);
      }
      return t;
    },
    async isAncestor(ancestor: string, rev: string) {
      const r = await execa("git", ["-C", dir, "merge-base", "--is-ancestor", ancestor, rev], { env: gitEnv(), reject: false });
      return r.exitCode === 0;
    },
    async mergeTree(base: string, head: string) {
      // git >= 2.38: a real merge computed in the object store only.
      const r = await execa("git", ["-C", dir, "merge-tree", "--write-tree", "--no-messages", base, head], { env: gitEnv(), reject: false });
      const tree = r.stdout.split("\n")[0]?.trim() ?? "";
      if (r.exitCode === 0 && /^[0-9a-f]{40,64}$/.test(tree)) return { ok: true as const, tree };
      if (r.exitCode === 1) return { ok: false as const, reason: "the pull request conflicts with its base" };
      return { ok: false as const, reason: (r.stderr || "git merge-tree failed").split("\n")[0]! };
    },
    async remoteURLs() {
      try {
        const out = await git(dir, ["config", "--get-regexp", "^remote\\..*\\.url$"]);
        return out.split("\n").map((l) => l.split(" ")[1] ?? "").filter((u) => u !== "");
      } catch {
        return [];
      }
    },
    async dispose() {
      await rm(workRoot, { recursive: true, force: true });
    },
  };
}
