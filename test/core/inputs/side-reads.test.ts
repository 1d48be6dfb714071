import { describe, it, expect } from "@jest/globals";
import { treeChanges, type TreeReads } from "../../../src/core/inputs/input-tree.js";
import { sideReadsBuilder, sideReadsUnchanged } from "../../../src/core/inputs/side-reads.js";
import { recordSourceReads } from "../../../src/core/inputs/record-source-reads.js";
import type { RepoTree, SourceTrees } from "../../../src/core/ports.js";

const reads = (r: Partial<TreeReads>): TreeReads => ({ paths: new Set(), dirs: new Set(), all: false, ...r });

describe("sideReadsUnchanged", () => {
  const b = sideReadsBuilder();
  b.addTreeReads(reads({ paths: new Set(["apps/a/values.yaml"]), dirs: new Set(["charts/x"]) }));
  b.addListing("tenants");
  const side = b.done();

  it("a path read, a file under a directory read, or a directory read that is now a file, differs", () => {
    expect(sideReadsUnchanged(side, treeChanges(["apps/a/values.yaml"], []))).toBe(false);
    expect(sideReadsUnchanged(side, treeChanges(["charts/x/templates/cm.yaml"], []))).toBe(false);
    expect(sideReadsUnchanged(side, treeChanges(["charts/x"]))).toBe(false);
  });
  it("a listing changes with a path appearing or going below it, not with content", () => {
    expect(sideReadsUnchanged(side, treeChanges(["tenants/t1/cm.yaml"], []))).toBe(true);
    expect(sideReadsUnchanged(side, treeChanges(["tenants/t3/cm.yaml"], ["tenants/t3/cm.yaml"]))).toBe(false);
  });
  it("what nobody read, and a sibling whose name only starts the same, do not differ", () => {
    expect(sideReadsUnchanged(side, treeChanges(["README.md", "charts/xy/a.yaml", "apps/a/other.yaml"]))).toBe(true);
    expect(sideReadsUnchanged(side, treeChanges([]))).toBe(true);
  });
  it("the whole tree read: any change differs; the whole listing read: any path appearing", () => {
    const all = sideReadsBuilder();
    all.addTreeReads(reads({ all: true }));
    expect(sideReadsUnchanged(all.done(), treeChanges(["README.md"], []))).toBe(false);
    const listing = sideReadsBuilder();
    listing.addListing("");
    expect(sideReadsUnchanged(listing.done(), treeChanges(["README.md"], []))).toBe(true);
    expect(sideReadsUnchanged(listing.done(), treeChanges(["docs/new.md"], ["docs/new.md"]))).toBe(false);
  });
  it("changes given without presence are taken as presence changes (the cautious default)", () => {
    expect(sideReadsUnchanged(side, treeChanges(["tenants/t1/cm.yaml"]))).toBe(false);
  });
});

describe("recordSourceReads", () => {
  const own: RepoTree = {
    revision: "own",
    directory: async () => "/tmp/x",
    listFiles: async () => ["a.yaml", "b/c.yaml"],
    readFile: async (p) => (p === "a.yaml" ? "x" : undefined),
  };
  const other: RepoTree = { ...own, revision: "pinned" };
  const trees: SourceTrees = {
    resolve: async ({ targetRevision }) =>
      targetRevision === "v1"
        ? { ok: true, tree: other }
        : targetRevision === "gone"
          ? { ok: false, reason: "not here", unavailable: true }
          : { ok: true, tree: own },
  };

  it("notes the listing and the files read of the side's own tree", async () => {
    const into = sideReadsBuilder();
    const rec = recordSourceReads({ trees, own, into });
    const r = await rec.trees.resolve({ repoURL: "u" });
    if (!r.ok) throw new Error("resolve");
    await r.tree.listFiles();
    await r.tree.readFile("a.yaml");
    const side = into.done();
    expect([...side.listed]).toEqual([""]);
    expect([...side.paths]).toEqual(["a.yaml"]);
    expect(rec.ownTreeOnly()).toBe(true);
  });
  it("another tree, or a revision that may be fetched later, is not the side's own", async () => {
    for (const rev of ["v1", "gone"]) {
      const rec = recordSourceReads({ trees, own, into: sideReadsBuilder() });
      await rec.trees.resolve({ repoURL: "u", targetRevision: rev });
      expect(rec.ownTreeOnly()).toBe(false);
    }
  });
});
