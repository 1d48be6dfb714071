// Through `analyze` on real git and the real renderer: a head side that nothing base read differs
// in IS the base side (no app keyed twice), and a side kept in the cache directory is taken by a
// later analysis of the same commit. Each time the report equals the forced full render's.
import { describe, it, expect, afterAll } from "@jest/globals";
import { execa } from "execa";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { analyze } from "../../src/analyze.js";
import { renderJson } from "../../src/core/report/render-json.js";
import { sideCounters } from "../../src/pipeline/build-sides.js";
import { SIDES_LAYOUT } from "../../src/adapters/cache/side-snapshots.js";
import {
  makeRepo,
  REPO_URL,
  sourcedApplication as application,
  TENANTS_APPSET as APPSET,
  type Files,
} from "../scenario/scenario-repo.js";

const cm = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: ${name} }\ndata: { a: "1" }\n`;

const BASE: Files = {
  "argocd/apps.yaml": `${application("alpha")}---\n${application("beta")}`,
  "argocd/tenants.yaml": APPSET,
  "apps/alpha/cm.yaml": cm("alpha"),
  "apps/beta/cm.yaml": cm("beta"),
  "tenants/t1/cm.yaml": cm("t1"),
  "tenants/t2/cm.yaml": cm("t2"),
  "README.md": "docs\n",
  ".github/workflows/ci.yml": "on: push\n",
  "extra/notes.yaml": "kind: Notes\n",
};

const cacheDirs: string[] = [];
async function freshCacheDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), "br-sides-"));
  cacheDirs.push(d);
  return d;
}
afterAll(async () => {
  for (const d of cacheDirs) await rm(d, { recursive: true, force: true });
});

async function analyseTwice(head: Files, base: Files = BASE, cacheDir?: string) {
  const repo = await makeRepo({ base, head });
  try {
    const dir = cacheDir ?? (await freshCacheDir());
    const before = { ...sideCounters };
    const fast = await analyze({ repoDir: repo.dir, base: "main", head: "feature", cacheDir: dir });
    const shared = sideCounters.shared - before.shared;
    const full = await analyze({ repoDir: repo.dir, base: "main", head: "feature", noCache: true });
    if (!fast.ok || !full.ok) throw new Error(`analysis failed: ${!fast.ok ? fast.error : ""}`);
    return { fast: fast.report, full: full.report, shared, repo, dir };
  } finally {
    await repo.cleanup();
  }
}

describe("a head side nothing base read differs in is the base side", () => {
  it.each([
    ["a README changed in place", true, { "README.md": "more docs\n" }],
    [
      "a workflow file changed (YAML that declares nothing)",
      true,
      { ".github/workflows/ci.yml": "on: pull_request\n" },
    ],
    ["a file a generated app reads", false, { "tenants/t1/cm.yaml": cm("t1-changed") }],
    ["a file a file-declared app reads", false, { "apps/beta/cm.yaml": cm("beta-changed") }],
    ["a tenant directory added (the git generator lists the tree)", false, { "tenants/t3/cm.yaml": cm("t3") }],
    ["a new file outside what the generator lists (tenants/)", true, { "docs/new.md": "x\n" }],
    ["a tenant directory removed", false, { "tenants/t2/cm.yaml": null }],
    ["a YAML file that starts declaring an Application", false, { "extra/notes.yaml": application("gamma") }],
    ["an Application file changed", false, { "argocd/apps.yaml": application("alpha") }],
  ] as const)("%s (shared: %s), the report equals the full render's", async (_name, expected, head) => {
    const { fast, full, shared } = await analyseTwice(head);
    expect(shared).toBe(expected ? 1 : 0);
    expect(renderJson(fast)).toBe(renderJson(full));
  });

  it("a head side that can see the commit is never the base side", async () => {
    const chart = {
      "charts/c/Chart.yaml": "apiVersion: v2\nname: c\nversion: 0.1.0\n",
      "charts/c/templates/cm.yaml":
        "apiVersion: v1\nkind: ConfigMap\nmetadata: { name: rev }\ndata: { rev: {{ .Values.rev | quote }} }\n",
    };
    const base: Files = {
      ...chart,
      "argocd/app.yaml": application(
        "rev",
        `{ repoURL: "${REPO_URL}", path: charts/c, helm: { parameters: [{ name: rev, value: "$ARGOCD_APP_REVISION" }] } }`,
      ),
      "README.md": "docs\n",
    };
    const { fast, full, shared } = await analyseTwice({ "README.md": "more\n" }, base);
    expect(shared).toBe(0);
    expect(renderJson(fast)).toBe(renderJson(full));
  });
});

describe("sides kept across analyses", () => {
  it("a side that chose a tree by a branch or tag is not kept (refs move), though head still shares it", async () => {
    const base: Files = {
      "argocd/app.yaml": application("pinned", `{ repoURL: "${REPO_URL}", path: apps/pinned, targetRevision: v1 }`),
      "apps/pinned/cm.yaml": cm("pinned"),
      "README.md": "docs\n",
    };
    const repo = await makeRepo({ base, head: { "README.md": "more\n" } });
    try {
      await execa("git", ["-C", repo.dir, "tag", "v1", "main"]);
      const dir = await freshCacheDir();
      const shared0 = sideCounters.shared;
      const fast = await analyze({ repoDir: repo.dir, base: "main", head: "feature", cacheDir: dir });
      const full = await analyze({ repoDir: repo.dir, base: "main", head: "feature", noCache: true });
      if (!fast.ok || !full.ok) throw new Error("analysis failed");
      expect(renderJson(fast.report)).toBe(renderJson(full.report));
      expect(sideCounters.shared - shared0).toBe(1);
      expect(await readdir(join(dir, SIDES_LAYOUT)).catch(() => [])).toEqual([]);
    } finally {
      await repo.cleanup();
    }
  });

  it("a later analysis of the same base takes the kept side; a corrupt entry is a miss", async () => {
    const dir = await freshCacheDir();
    const first = await analyseTwice({ "README.md": "more docs\n" }, BASE, dir);
    const loaded0 = sideCounters.loaded;
    const reports0 = sideCounters.reports;
    // Another pull request on the same base that no app can see: the first one's report of the
    // base side against itself, nothing loaded but what the side read.
    const second = await analyseTwice({ ".github/workflows/ci.yml": "x: 1\n" }, BASE, dir);
    expect(sideCounters.reports - reports0).toBe(1);
    expect(sideCounters.loaded - loaded0).toBe(0);
    expect(renderJson(second.fast)).toBe(renderJson(second.full));
    // One that changes a tenant file: the kept side, and head built from it.
    const third = await analyseTwice({ "tenants/t2/cm.yaml": cm("t2-changed") }, BASE, dir);
    expect(sideCounters.loaded - loaded0).toBe(1);
    expect(third.shared).toBe(0);
    expect(renderJson(third.fast)).toBe(renderJson(third.full));
    expect(third.fast.applications.find((a) => a.name === "tenant-t2")?.change).toBe("modified");
    // one base side, its reads, its index, its keys and its report against itself: head sides
    // are not kept (they would push the base out)
    const root = join(dir, SIDES_LAYOUT);
    expect((await readdir(root)).length).toBe(5);
    // every kept entry damaged: a miss, the same report
    for (const f of await readdir(root)) await writeFile(join(root, f), "garbage");
    const loaded1 = sideCounters.loaded;
    const fourth = await analyseTwice({ "README.md": "again\n" }, BASE, dir);
    expect(sideCounters.loaded).toBe(loaded1);
    expect(renderJson(fourth.fast)).toBe(renderJson(fourth.full));
    expect(first.fast.verdict).toBe(fourth.fast.verdict);
  });
});
