// The CLI contract (INTERFACE.md section 1): exit codes, one-line errors on stderr, report on stdout.
import { describe, expect, it } from "@jest/globals";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
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
      /--format must be markdown or json/,
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
