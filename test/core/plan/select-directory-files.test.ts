import { describe, it, expect } from "@jest/globals";
import { compareWalkOrder, selectDirectoryFiles } from "../../../src/core/plan/select-directory-files.js";

const files = ["b.yaml", "a.yml", "c.json", "d.jsonnet", "README.md", "x.txt", "sub/e.yaml", "a/z.yaml", "a.yaml"];

describe("selectDirectoryFiles", () => {
  it.each([
    [{ recurse: false }, ["a.yaml", "a.yml", "b.yaml", "c.json", "d.jsonnet"]],
    [{ recurse: true }, ["a/z.yaml", "a.yaml", "a.yml", "b.yaml", "c.json", "d.jsonnet", "sub/e.yaml"]],
    [{ recurse: true, include: "*.yaml" }, ["a/z.yaml", "a.yaml", "b.yaml", "sub/e.yaml"]],
    [{ recurse: true, exclude: "sub/*" }, ["a/z.yaml", "a.yaml", "a.yml", "b.yaml", "c.json", "d.jsonnet"]],
    [{ recurse: true, include: "*.yaml", exclude: "a*" }, ["b.yaml", "sub/e.yaml"]],
    [{ recurse: false, include: "{a,b}.yaml" }, ["a.yaml", "b.yaml"]],
  ])("%j", (opts, expected) => {
    expect(selectDirectoryFiles({ files, ...opts })).toEqual(expected);
  });

  it("orders like filepath.Walk: a directory's entries by name, segment by segment", () => {
    expect(["a.yaml", "a/z.yaml", "a-b.yaml"].sort(compareWalkOrder)).toEqual(["a/z.yaml", "a-b.yaml", "a.yaml"]);
  });
});
