// The built CLI as a user runs it: a hostile Application file (an alias bomb) is reported by name,
// the rest of the repository is analysed, and the process exits within a bound.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { execa } from "execa";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { application, configMap, makeRepo } from "../scenario/scenario-repo.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
let out: string;

beforeAll(async () => {
  // Under node_modules so that the build finds the project's dependencies; an ES module scope.
  await mkdir(join(root, "node_modules", ".cache"), { recursive: true });
  out = await mkdtemp(join(root, "node_modules", ".cache", "cli-exit-test-"));
  await execa("npx", ["tsc", "-p", "tsconfig.emit.json", "--outDir", out], { cwd: root });
  await writeFile(join(out, "package.json"), '{ "type": "module" }\n');
}, 120000);
afterAll(async () => {
  await rm(out, { recursive: true, force: true });
});

function aliasBomb(): string {
  const lines = [
    "apiVersion: argoproj.io/v1alpha1",
    "kind: Application",
    "metadata: { name: bomb, namespace: argocd }",
  ];
  lines.push("a0: &a0 [x, x, x, x, x, x, x, x, x, x]");
  for (let i = 1; i < 10; i++)
    lines.push(
      `a${i}: &a${i} [${Array(10)
        .fill(`*a${i - 1}`)
        .join(", ")}]`,
    );
  return `${lines.join("\n")}\nspec: {}\n`;
}

describe("the built CLI", () => {
  it("reports an alias bomb as not analysed, analyses the rest, and exits", async () => {
    const repo = await makeRepo({
      base: { "apps/web.yaml": application({ name: "web", path: "web", destNs: "web" }), "web/a.yaml": configMap("a") },
      head: { "apps/bomb.yaml": aliasBomb(), "web/a.yaml": null, "web/b.yaml": configMap("b") },
    });
    const cacheDir = await mkdtemp(join(tmpdir(), "cli-exit-cache-"));
    try {
      const started = Date.now();
      const r = await execa(
        "node",
        [join(out, "cli/main.js"), "analyze", "--repo", repo.dir, "--base", "main", "--head", "feature"],
        { reject: false, timeout: 60000, env: { BLAST_RADIUS_CACHE_DIR: cacheDir } },
      );
      expect(r.timedOut).toBe(false);
      expect(Date.now() - started).toBeLessThan(30000);
      expect({ code: r.exitCode, stderr: r.stderr.split("\n").filter((l) => !/^\[/.test(l)) }).toEqual({
        code: 0,
        stderr: [],
      });
      const report = JSON.parse(
        (
          await execa(
            "node",
            [join(out, "cli/main.js"), "analyze", "--repo", repo.dir, "--base", "main", "--head", "feature"].concat([
              "--format",
              "json",
              "--quiet",
            ]),
            { reject: false, timeout: 60000, env: { BLAST_RADIUS_CACHE_DIR: cacheDir } },
          )
        ).stdout,
      ) as { findings: { rule: string; message: string }[]; deletions: { ref: { name: string } }[] };
      expect(report.findings).toContainEqual(
        expect.objectContaining({
          rule: "not-analysed",
          message: expect.stringMatching(/^apps\/bomb\.yaml could not be parsed: .*alias/i),
        }),
      );
      expect(report.deletions.map((d) => d.ref.name)).toContain("a");
    } finally {
      await repo.cleanup();
      await rm(cacheDir, { recursive: true, force: true });
    }
  });
});
