import { describe, expect, it } from "@jest/globals";
import { execa } from "execa";
import { existsSync } from "node:fs";
import { mkdtemp, rm, symlink, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openLocalRepo } from "../../../src/adapters/git/local-repo.js";

const env = { GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@t", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@t" };

describe("materialised trees", () => {
  it("keep symlinks inside the tree and drop those that leave it; the user's work tree is untouched", async () => {
    const dir = await mkdtemp(join(tmpdir(), "lr-"));
    const secret = join(await mkdtemp(join(tmpdir(), "lr-secret-")), "key.pem");
    await writeFile(secret, "-----BEGIN PRIVATE KEY-----\n");
    await execa("git", ["init", "-q", dir]);
    await mkdir(join(dir, "chart"));
    await writeFile(join(dir, "chart/values.yaml"), "a: 1\n");
    await symlink("values.yaml", join(dir, "chart/inside.yaml"));
    await symlink(secret, join(dir, "chart/outside.yaml"));
    await symlink("../../../../../../etc/passwd", join(dir, "chart/up.yaml"));
    await symlink("chart", join(dir, "chart-link"));
    await execa("git", ["-C", dir, "add", "-A"], { env });
    await execa("git", ["-C", dir, "commit", "-qm", "x"], { env });
    await writeFile(join(dir, "chart/values.yaml"), "a: local edit\n");
    const repo = await openLocalRepo(dir);
    try {
      const tree = await repo.tree((await repo.resolveRevision("HEAD"))!);
      expect(await tree.listFiles()).toEqual(["chart-link", "chart/inside.yaml", "chart/values.yaml"]);
      expect(await tree.readFile("chart/inside.yaml")).toBe("a: 1\n");
      expect(await tree.readFile("chart-link/values.yaml")).toBe("a: 1\n");
      expect(await tree.readFile("chart/outside.yaml")).toBeUndefined();
      expect(await tree.readFile("chart-link/up.yaml")).toBeUndefined();
      expect(existsSync(join(await tree.directory(), "chart/outside.yaml"))).toBe(false);
      expect(existsSync(join(await tree.directory(), "chart/inside.yaml"))).toBe(true);
      expect(await tree.readFile("../../etc/passwd")).toBeUndefined();
      const status = await execa("git", ["-C", dir, "status", "--porcelain"]);
      expect(status.stdout).toBe(" M chart/values.yaml");
    } finally {
      await repo.dispose();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("judge a link by where the kernel goes: a link met on the way is followed before a later ..", async () => {
    // a/b/up -> ../.. is the root; "a/b/up/../../../etc/passwd" reads lexically as "etc/passwd",
    // inside, but the kernel goes root -> .. -> .. -> .. : /etc/passwd of the host.
    const dir = await mkdtemp(join(tmpdir(), "lr-"));
    await execa("git", ["init", "-q", dir]);
    await mkdir(join(dir, "a/b"), { recursive: true });
    await mkdir(join(dir, "etc"));
    await writeFile(join(dir, "etc/passwd"), "in the repository\n");
    await symlink("../..", join(dir, "a/b/up"));
    const deep = "../".repeat(3);
    await symlink(`a/b/up/${deep}etc/passwd`, join(dir, "escape.yaml"));
    await symlink("a/b/up/etc/passwd", join(dir, "fine.yaml"));
    await execa("git", ["-C", dir, "add", "-A"], { env });
    await execa("git", ["-C", dir, "commit", "-qm", "x"], { env });
    const repo = await openLocalRepo(dir);
    try {
      const tree = await repo.tree((await repo.resolveRevision("HEAD"))!);
      expect(await tree.listFiles()).toEqual(["a/b/up", "etc/passwd", "fine.yaml"]);
      expect(await tree.readFile("fine.yaml")).toBe("in the repository\n");
      expect(await tree.readFile("escape.yaml")).toBeUndefined();
      expect(await tree.readFile(`a/b/up/${deep}etc/passwd`)).toBeUndefined();
      const root = await tree.directory();
      expect(existsSync(join(root, "escape.yaml"))).toBe(false);
      expect(existsSync(join(root, "fine.yaml"))).toBe(true);
    } finally {
      await repo.dispose();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("writes only the requested files for a sparse directory, and the whole tree when asked", async () => {
    const dir = await mkdtemp(join(tmpdir(), "lr-sparse-"));
    await execa("git", ["init", "-q", dir]);
    await mkdir(join(dir, "a/b"), { recursive: true });
    await mkdir(join(dir, "empty-app/sub"), { recursive: true });
    await writeFile(join(dir, "a/one.yaml"), "1\n");
    await writeFile(join(dir, "a/b/two.yaml"), "2\n");
    await writeFile(join(dir, "empty-app/sub/x.yaml"), "x\n");
    await writeFile(join(dir, "other.yaml"), "o\n");
    await execa("git", ["-C", dir, "add", "-A"], { env });
    await execa("git", ["-C", dir, "commit", "-qm", "x"], { env });
    const repo = await openLocalRepo(dir);
    try {
      const tree = await repo.tree((await repo.resolveRevision("HEAD"))!);
      const sparse = await tree.directory(["a/one.yaml", "missing.yaml", "empty-app/"]);
      expect(existsSync(join(sparse, "a/one.yaml"))).toBe(true);
      expect(existsSync(join(sparse, "a/b/two.yaml"))).toBe(false);
      expect(existsSync(join(sparse, "other.yaml"))).toBe(false);
      expect(existsSync(join(sparse, "empty-app"))).toBe(true);
      const full = await tree.directory();
      expect(full).not.toBe(sparse);
      expect(existsSync(join(full, "a/b/two.yaml"))).toBe(true);
      // once the whole tree exists, sparse requests use it
      expect(await tree.directory(["other.yaml"])).toBe(full);
    } finally {
      await repo.dispose();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("changesSince", () => {
  it("tells with one diff what the listings tell: content, presence, not a mode bit; a symlink defers to the listings", async () => {
    const dir = await mkdtemp(join(tmpdir(), "lr-"));
    await execa("git", ["init", "-q", dir]);
    const commit = async (m: string) => {
      await execa("git", ["-C", dir, "add", "-A"], { env });
      await execa("git", ["-C", dir, "commit", "-qm", m], { env });
      return (await execa("git", ["-C", dir, "rev-parse", "HEAD"])).stdout;
    };
    await mkdir(join(dir, "a"));
    for (const f of ["a/same.yaml", "a/changed.yaml", "a/gone.yaml", "a/mode.sh"]) await writeFile(join(dir, f), f);
    const one = await commit("one");
    await writeFile(join(dir, "a/changed.yaml"), "new");
    await rm(join(dir, "a/gone.yaml"));
    await writeFile(join(dir, "a/added.yaml"), "x");
    await execa("chmod", ["+x", join(dir, "a/mode.sh")]);
    const two = await commit("two");
    await symlink("same.yaml", join(dir, "a/link.yaml"));
    const three = await commit("three");
    const repo = await openLocalRepo(dir);
    try {
      const [t1, t2, t3] = await Promise.all([one, two, three].map((s) => repo.tree(s)));
      const diff = await t2!.changesSince!(t1!);
      expect(diff).toEqual({
        changed: ["a/added.yaml", "a/changed.yaml", "a/gone.yaml"],
        presence: ["a/added.yaml", "a/gone.yaml"],
      });
      // the same as comparing the listings
      const [x, y] = [await t1!.fileIds!(), await t2!.fileIds!()];
      const byIds = [...new Set([...x.keys(), ...y.keys()])].filter((p) => x.get(p) !== y.get(p)).sort();
      expect([...diff!.changed].sort()).toEqual(byIds);
      expect(await t3!.changesSince!(t2!)).toBeUndefined();
      // a tree of another object is not compared
      expect(await t2!.changesSince!({ ...t1! })).toBeUndefined();
    } finally {
      await repo.dispose();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
