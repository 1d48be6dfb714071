import { describe, expect, it } from "@jest/globals";
import { execa } from "execa";
import { existsSync } from "node:fs";
import { mkdtemp, rm, symlink, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openLocalRepo } from "../../src/adapters/git/local-repo.js";

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
});
