// The git generator asks only for the part of the listing its patterns can select (so a side's
// recorded reads stay narrow), and selects exactly what it selects from the whole listing.
import { describe, expect, it } from "@jest/globals";
import { generateGitParams, literalDirOf } from "../../../src/core/appset/generators/generate-git-params.js";
import type { GeneratorContext } from "../../../src/core/appset/generators/generator-context.js";
import { DEFAULT_CONFIG } from "../../../src/config/defaults.js";
import { recordSourceReads } from "../../../src/core/inputs/record-source-reads.js";
import { sideReadsBuilder } from "../../../src/core/inputs/side-reads.js";
import type { SourceTrees } from "../../../src/core/ports.js";
import { fakeRepoTree } from "./fake-source-trees.js";

const REPO = "https://example.com/repo.git";
const FILES: Record<string, string> = {
  "README.md": "x",
  "apps/a/config.json": '{"name":"a"}',
  "apps/b/config.json": '{"name":"b"}',
  "apps/b/deep/config.json": '{"name":"deep"}',
  "apps-extra/c/config.json": '{"name":"c"}',
  "tenants/t1/cm.yaml": "x",
  "tenants/t2/cm.yaml": "x",
  "tenants/.hidden/cm.yaml": "x",
  ".ci/x/cm.yaml": "x",
};

function ctx(trees: SourceTrees, newGitFileGlobbing = false): GeneratorContext {
  return {
    mode: { goTemplate: false, goTemplateOptions: [] },
    config: { ...DEFAULT_CONFIG, argocd: { ...DEFAULT_CONFIG.argocd, newGitFileGlobbing } },
    trees,
    appSetName: "t",
  };
}

describe("literalDirOf", () => {
  it.each([
    ["tenants/*", "tenants"],
    ["apps/*/config.json", "apps"],
    ["apps/b*/x", "apps"],
    ["a/b/c/*.json", "a/b/c"],
    ["*", ""],
    ["*/x", ""],
    ["apps/x", "apps"],
    ["**/config.json", ""],
    ["apps/{a,b}/config.json", "apps"],
    ["!apps/a", ""],
    ["./apps/*", ""],
    ["/apps/*", ""],
    ["apps/../x/*", ""],
    ["apps\\*/x", ""],
  ])("%s -> %p", (pattern, dir) => {
    expect(literalDirOf(pattern)).toBe(dir);
  });
});

describe("the git generator's listing", () => {
  const own = fakeRepoTree(FILES);
  const plain: SourceTrees = { resolve: async () => ({ ok: true, tree: own }) };
  it.each([
    [{ directories: [{ path: "tenants/*" }] }, false, ["tenants"]],
    [{ directories: [{ path: "tenants/*" }, { path: "tenants/t2", exclude: true }] }, false, ["tenants"]],
    [{ directories: [{ path: "*" }] }, false, [""]],
    [{ files: [{ path: "apps/*/config.json" }] }, false, ["apps"]],
    [{ files: [{ path: "apps/*/config.json" }] }, true, ["apps"]],
    [{ files: [{ path: "apps/**/config.json" }] }, true, ["apps"]],
    [{ files: [{ path: "**/config.json" }] }, true, [""]],
    [{ files: [{ path: "apps/b" }] }, false, ["apps"]],
  ])("%j (new globbing %s) lists %j and selects what the whole listing selects", async (gen, globbing, listed) => {
    const spec = { repoURL: REPO, revision: "HEAD", ...gen };
    const whole = await generateGitParams({ spec, ctx: ctx(plain, globbing) });
    const into = sideReadsBuilder();
    const rec = recordSourceReads({ trees: plain, own, into });
    const narrow = await generateGitParams({ spec, ctx: ctx(rec.trees, globbing) });
    expect(narrow).toEqual(whole);
    expect(whole.length).toBeGreaterThan(0);
    expect([...into.done().listed]).toEqual(listed);
  });
});
