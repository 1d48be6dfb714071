// The CLI contract (INTERFACE.md section 1): exit codes, one-line errors on stderr, report on stdout.
import { afterEach, describe, expect, it } from "@jest/globals";
import { execa } from "execa";
import { chmod, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../../src/cli/run-cli.js";
import { application, configMap, makeRepo } from "../scenario/scenario-repo.js";

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    streams: { stdout: { write: (s: string) => out.push(s) }, stderr: { write: (s: string) => err.push(s) } },
    out,
    err,
  };
}

const files = {
  "apps/web.yaml": application({ name: "web", path: "web", destNs: "web" }),
  "web/a.yaml": configMap("a"),
  "web/ns.yaml": "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: kube-node-lease\n",
};

describe("blast-radius analyze", () => {
  it("prints the markdown report, progress on stderr, exit 1 on block", async () => {
    const repo = await makeRepo({ base: files, head: { "web/ns.yaml": null } });
    try {
      const t = io();
      const code = await runCli(["analyze", "--repo", repo.dir, "--base", "main", "--head", "feature"], t.streams);
      expect(code).toBe(1);
      expect(t.out.join("")).toMatch(/^## 🛑 Blocked/);
      expect(t.err.join("")).toMatch(/rendered \d+\/\d+/);
    } finally {
      await repo.cleanup();
    }
  });

  it("--format json --out FILE writes the report object; exit 0 on pass", async () => {
    const repo = await makeRepo({ base: files, head: { "web/a.yaml": configMap("a").replace("value", "v2") } });
    const dir = await mkdtemp(join(tmpdir(), "cli-out-"));
    try {
      const t = io();
      const code = await runCli(
        [
          "analyze",
          "--repo",
          repo.dir,
          "--base",
          "main",
          "--head",
          "feature",
          "--format",
          "json",
          "--out",
          join(dir, "r.json"),
          "--quiet",
        ],
        t.streams,
      );
      expect(code).toBe(0);
      const report = JSON.parse(await readFile(join(dir, "r.json"), "utf8"));
      expect(report).toMatchObject({
        schemaVersion: 1,
        verdict: "pass",
        base: { rev: "main" },
        head: { rev: "feature" },
      });
      expect(t.out).toEqual([]);
      expect(t.err).toEqual([]);
    } finally {
      await repo.cleanup();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it.each([
    [
      "an unknown revision",
      (d: string) => ["analyze", "--repo", d, "--base", "main", "--head", "nope"],
      /^blast-radius: unknown revision nope \(head\)\n$/,
    ],
    [
      "not a repository",
      () => ["analyze", "--repo", tmpdir(), "--base", "a", "--head", "b"],
      /is not a git repository\n$/,
    ],
    ["missing --head", (d: string) => ["analyze", "--repo", d, "--base", "main"], /--base and --head are required/],
    [
      "a bad format",
      (d: string) => ["analyze", "--repo", d, "--base", "main", "--head", "feature", "--format", "xml"],
      /--format must be markdown, json or html/,
    ],
    ["an unknown flag", (d: string) => ["analyze", "--repo", d, "--bse", "main"], /Unknown option '--bse'/],
  ])("%s: exit 2 with a one-line reason", async (_l, args, message) => {
    const repo = await makeRepo({ base: files, head: {} });
    try {
      const t = io();
      expect(await runCli(args(repo.dir), t.streams)).toBe(2);
      expect(t.err.join("")).toMatch(message);
      expect(t.out).toEqual([]);
    } finally {
      await repo.cleanup();
    }
  });

  it("an invalid config (base revision, or --config) names the key; exit 2", async () => {
    const repo = await makeRepo({
      base: { ...files, ".github/argocd-blast-radius.yml": "protectedNamespace: [x]\n" },
      head: {},
    });
    const dir = await mkdtemp(join(tmpdir(), "cli-cfg-"));
    try {
      const t = io();
      expect(await runCli(["analyze", "--repo", repo.dir, "--base", "main", "--head", "feature"], t.streams)).toBe(2);
      expect(t.err.join("")).toBe(
        "blast-radius: .github/argocd-blast-radius.yml (base revision): unknown key protectedNamespace\n",
      );
      await writeFile(join(dir, "c.yml"), "policy: { maxDeletions: -1 }\n");
      const t2 = io();
      expect(
        await runCli(
          ["analyze", "--repo", repo.dir, "--base", "main", "--head", "feature", "--config", join(dir, "c.yml")],
          t2.streams,
        ),
      ).toBe(2);
      expect(t2.err.join("")).toMatch(/c\.yml: policy\.maxDeletions: /);
    } finally {
      await repo.cleanup();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("a head config cannot loosen the rules: the base revision's file applies", async () => {
    const strict = "policy:\n  rules:\n    shared-resource: block\n";
    const repo = await makeRepo({
      base: {
        ...files,
        ".github/argocd-blast-radius.yml": strict,
        "apps/b.yaml": application({ name: "b", path: "b", destNs: "web" }),
        "b/x.yaml": configMap("x"),
      },
      head: {
        ".github/argocd-blast-radius.yml": "policy:\n  rules:\n    shared-resource: off\n",
        "b/a.yaml": configMap("a"),
      },
    });
    try {
      const t = io();
      expect(
        await runCli(
          ["analyze", "--repo", repo.dir, "--base", "main", "--head", "feature", "--format", "json", "--quiet"],
          t.streams,
        ),
      ).toBe(1);
      expect(JSON.parse(t.out.join("")).findings.map((f: { rule: string }) => f.rule)).toEqual(["shared-resource"]);
    } finally {
      await repo.cleanup();
    }
  });
});

describe("CLI conventions", () => {
  it.each([["--help"], ["-h"]])("blast-radius %s prints usage and exits 0", async (flag) => {
    const t = io();
    expect(await runCli([flag], t.streams)).toBe(0);
    expect(t.out.join("")).toContain("blast-radius analyze [--repo DIR] --base REV --head REV");
    expect(t.out.join("")).toContain("blast-radius --version");
    expect(t.err).toEqual([]);
  });

  it("blast-radius analyze --help lists every option and exits 0, whatever else is given", async () => {
    const t = io();
    expect(await runCli(["analyze", "--base", "x", "--help"], t.streams)).toBe(0);
    for (const flag of ["--repo", "--base", "--head", "--config", "--format", "--out", "--base-branch", "--no-cache"])
      expect(t.out.join("")).toContain(flag);
    expect(t.err).toEqual([]);
  });

  it("blast-radius --version names its own version and the helm and kustomize it renders with", async () => {
    const t = io();
    expect(await runCli(["--version"], t.streams)).toBe(0);
    const lines = t.out.join("").split("\n");
    expect(lines[0]).toMatch(/^blast-radius \d+\.\d+\.\d+$/);
    expect(lines).toContainEqual(expect.stringMatching(/^helm v3\.\d+\.\d+\S* \(\/.+\)$/));
    expect(lines).toContainEqual(expect.stringMatching(/^kustomize v5\.\d+\.\d+/));
  });

  it("a revision missing from a shallow clone: exit 2, saying to fetch more history", async () => {
    const repo = await makeRepo({ base: files, head: { "web/a.yaml": configMap("a").replace("value", "v2") } });
    const shallow = await mkdtemp(join(tmpdir(), "cli-shallow-"));
    try {
      await execa("git", ["clone", "-q", "--depth=1", "--branch", "feature", `file://${repo.dir}`, shallow]);
      const t = io();
      expect(await runCli(["analyze", "--repo", shallow, "--base", "main", "--head", "feature"], t.streams)).toBe(2);
      expect(t.err.join("")).toBe(
        "blast-radius: unknown revision main (base): this clone is shallow, fetch more history (git fetch --unshallow, or git fetch --depth=N origin REV)\n",
      );
    } finally {
      await repo.cleanup();
      await rm(shallow, { recursive: true, force: true });
    }
  });
});

// Issue 9: without helm or kustomize the example once read "Warnings: nothing deleted", exit 0.
describe("missing or broken tools are exit 2, never a pass", () => {
  const saved = process.env.HELM_BIN;
  afterEach(() => {
    if (saved === undefined) delete process.env.HELM_BIN;
    else process.env.HELM_BIN = saved;
  });

  it.each([
    [
      "missing",
      async (_dir: string) => "/nonexistent/helm",
      /^blast-radius: helm not found at \/nonexistent\/helm \(HELM_BIN\): install Helm 3/,
    ],
    [
      "broken",
      async (dir: string) => {
        const p = join(dir, "helm");
        await writeFile(p, "#!/bin/sh\necho 'Error: exec format error' >&2\nexit 1\n");
        await chmod(p, 0o755);
        return p;
      },
      /^blast-radius: helm at \S+ \(HELM_BIN\) does not run \(.*exec format error\)/,
    ],
  ])("helm %s: exit 2, naming helm and how to install it", async (_l, helmBin, message) => {
    const repo = await makeRepo({ base: files, head: { "web/ns.yaml": null } });
    const dir = await mkdtemp(join(tmpdir(), "cli-tools-"));
    try {
      process.env.HELM_BIN = await helmBin(dir);
      const t = io();
      expect(await runCli(["analyze", "--repo", repo.dir, "--base", "main", "--head", "feature"], t.streams)).toBe(2);
      const err = t.err.join("");
      expect(err).toMatch(message);
      expect(err.trimEnd().split("\n")).toHaveLength(1);
      expect(t.out).toEqual([]);
      const v = io();
      expect(await runCli(["--version"], v.streams)).toBe(2);
      expect(v.err.join("")).toMatch(message);
    } finally {
      await repo.cleanup();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
