// How the git generators select paths: Go's path.Match for directories, git ls-files pathspecs
// (greedy `*`) or doublestar for files, and filepath.WalkDir's order for directory listings.
import { describe, expect, it } from "@jest/globals";
import { matchGoPath } from "../../../src/core/appset/match-go-path.js";
import { matchGitFilePattern } from "../../../src/core/appset/match-git-file-pattern.js";
import { listGitDirectories } from "../../../src/core/appset/generators/generate-git-params.js";

describe("Go path.Match (git directories generator)", () => {
  it.each<[string, string, boolean | undefined]>([
    ["apps/*", "apps/a", true],
    ["apps/*", "apps/a/b", false],
    ["apps/*/*", "apps/a/b", true],
    ["apps/?", "apps/a", true],
    ["apps/?", "apps/ab", false],
    ["apps/[a-c]*", "apps/bravo", true],
    ["apps/[^a-c]*", "apps/bravo", false],
    ["apps/[^a-c]*", "apps/delta", true],
    ["apps/\\*", "apps/*", true],
    ["*", ".hidden", true],
    ["apps/**", "apps/a/b", false],
    ["apps/[", "apps/[", undefined],
  ])("%s vs %s", (pattern, name, expected) => {
    expect(matchGoPath({ pattern, name })).toBe(expected);
  });
});

describe("git files generator patterns", () => {
  it.each<[string, string, boolean, boolean]>([
    // git ls-files pathspec: fnmatch without FNM_PATHNAME
    ["cluster-config/*/config.json", "cluster-config/a/config.json", false, true],
    ["cluster-config/*/config.json", "cluster-config/a/b/config.json", false, true],
    ["cluster-config/**/config.json", "cluster-config/a/config.json", false, true],
    ["**/config.json", "config.json", false, false],
    ["cluster-config", "cluster-config/a/config.json", false, true],
    ["cluster-config/a/config.json", "cluster-config/a/config.json", false, true],
    ["cluster-config/?/config.json", "cluster-config/a/config.json", false, true],
    ["*.yaml", "deep/dir/file.yaml", false, true],
    // doublestar (applicationsetcontroller.enable.new.git.file.globbing)
    ["cluster-config/*/config.json", "cluster-config/a/config.json", true, true],
    ["cluster-config/*/config.json", "cluster-config/a/b/config.json", true, false],
    ["cluster-config/**/config.json", "cluster-config/a/b/config.json", true, true],
    ["cluster-config/**/config.json", "cluster-config/config.json", true, true],
    ["*.yaml", "deep/dir/file.yaml", true, false],
    ["cluster-config/{a,b}/config.json", "cluster-config/b/config.json", true, true],
  ])("%s vs %s (new globbing: %s)", (pattern, file, newGlobbing, expected) => {
    expect(matchGitFilePattern({ pattern, file, newGlobbing })).toBe(expected);
  });
});

describe("directory listing (repository.go GetGitDirectories)", () => {
  it("walks like filepath.WalkDir: lexical per directory, depth first, no hidden directories", () => {
    const files = ["a/b/x.yaml", "a-c/y.yaml", "a/.keep", ".github/workflows/ci.yaml", "b/.hidden/z.yaml", "root.yaml"];
    expect(listGitDirectories(files)).toEqual(["a", "a/b", "a-c", "b"]);
  });
});

describe("malformed patterns select nothing instead of failing the analysis", () => {
  it.each([
    () => matchGoPath({ pattern: "apps/[z-a]", name: "apps/b" }),
    () => matchGitFilePattern({ pattern: "apps/[z-a]*", file: "apps/b.json", newGlobbing: false }),
  ])("%#", (fn) => {
    expect(fn()).toBeFalsy();
  });
});
