// What a computation read of a tree, and whether another tree answers those reads the same.
import { describe, expect, it } from "@jest/globals";
import { indexInputTree, readsUnchanged, recordReads, treeChanges } from "../../../src/core/inputs/input-tree.js";

const tree = indexInputTree({ files: ["a/b/c.yaml", "a/d.yaml", "e/f.yaml"], readFile: () => "x" });

describe("recordReads / readsUnchanged", () => {
  it("a path asked about is a read; a change elsewhere leaves it unchanged", () => {
    const r = recordReads(tree);
    r.tree.has("a/d.yaml");
    void r.tree.readFile("a/b/c.yaml");
    expect(readsUnchanged(r.reads(), treeChanges(["e/f.yaml", "README.md"]))).toBe(true);
    expect(readsUnchanged(r.reads(), treeChanges(["a/d.yaml"]))).toBe(false);
    expect(readsUnchanged(r.reads(), treeChanges(["a/b/c.yaml"]))).toBe(false);
  });

  it("a listed directory changes with any path below it, at any depth, added or removed", () => {
    const r = recordReads(tree);
    r.tree.filesUnder("a");
    expect(readsUnchanged(r.reads(), treeChanges(["a/b/new/deep.yaml"]))).toBe(false);
    expect(readsUnchanged(r.reads(), treeChanges(["ab/x.yaml"]))).toBe(true);
  });

  it("the whole listing (or the root directory) read: any change is a change; no change is none", () => {
    const all = recordReads(tree);
    void all.tree.files;
    expect(readsUnchanged(all.reads(), treeChanges(["README.md"]))).toBe(false);
    const root = recordReads(tree);
    root.tree.filesUnder("");
    expect(readsUnchanged(root.reads(), treeChanges(["README.md"]))).toBe(false);
    expect(readsUnchanged(root.reads(), treeChanges([]))).toBe(true);
  });

  it("a view answers as the tree does and shares its memo owner", () => {
    const r = recordReads(tree);
    expect(r.tree.filesUnder("a")).toEqual(tree.filesUnder("a"));
    expect(r.tree.has("e/f.yaml")).toBe(true);
    expect(r.tree.memoTree).toBe(tree);
    expect(recordReads(r.tree).tree.memoTree).toBe(tree);
  });
});
