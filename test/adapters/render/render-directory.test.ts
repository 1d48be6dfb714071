import { describe, it, expect } from "@jest/globals";
import { symlink } from "node:fs/promises";
import { join } from "node:path";
import { renderOne, names } from "./support/render-one.js";
import { makeConfig, writeTree, REPO, CM } from "./support/fixtures.js";

describe("directory sources", () => {
  it("reads only the app directory unless recurse, in filepath.Walk order", async () => {
    const dir = await writeTree({
      "d/b.yaml": CM("b"),
      "d/a.yml": CM("a"),
      "d/sub/c.yaml": CM("c"),
      "d/a/z.yaml": CM("z"),
      "d/readme.md": "not yaml",
      "d/data.txt": CM("txt"),
    });
    const flat = await renderOne({ dir, sources: [{ repoURL: REPO, path: "d" }] });
    expect(names(flat.manifests)).toEqual(["ConfigMap/a", "ConfigMap/b"]);
    const deep = await renderOne({ dir, sources: [{ repoURL: REPO, path: "d", directory: { recurse: true } }] });
    expect(names(deep.manifests)).toEqual(["ConfigMap/z", "ConfigMap/a", "ConfigMap/b", "ConfigMap/c"]);
  });

  it("include/exclude are globs where * crosses / and {a,b} alternates, exclude first", async () => {
    const dir = await writeTree({
      "d/x/one.yaml": CM("one"),
      "d/x/two.yaml": CM("two"),
      "d/y/three.yaml": CM("three"),
      "d/four.json": JSON.stringify({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "four" } }),
    });
    const r = await renderOne({
      dir,
      sources: [{ repoURL: REPO, path: "d", directory: { recurse: true, include: "{*.json,x/*}", exclude: "*two*" } }],
    });
    expect(names(r.manifests)).toEqual(["ConfigMap/four", "ConfigMap/one"]);
  });

  it("ignores YAML that does not look like a manifest, fails on a broken manifest", async () => {
    const ok = await writeTree({ "d/values.yaml": "a: [unclosed\n", "d/cm.yaml": CM("cm") });
    const r1 = await renderOne({ dir: ok, sources: [{ repoURL: REPO, path: "d" }] });
    expect(r1.error).toBeUndefined();
    expect(names(r1.manifests)).toEqual(["ConfigMap/cm"]);
    const bad = await writeTree({ "d/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [x\n" });
    const r2 = await renderOne({ dir: bad, sources: [{ repoURL: REPO, path: "d" }] });
    expect(r2.error).toMatch(/^directory: Failed to unmarshal "cm.yaml"/);
  });

  it("a JSON file holds exactly one object", async () => {
    const dir = await writeTree({
      "d/two.json":
        '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a"}}\n{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"b"}}\n',
    });
    const r = await renderOne({ dir, sources: [{ repoURL: REPO, path: "d" }] });
    expect(r.error).toMatch(/Found multiple objects in "two.json"/);
  });

  it("honours the skip-file-rendering marker from 3.1", async () => {
    const dir = await writeTree({ "d/a.yaml": CM("a"), "d/b.yaml": `# +argocd:skip-file-rendering\n${CM("b")}` });
    const v31 = await renderOne({
      dir,
      sources: [{ repoURL: REPO, path: "d" }],
      config: makeConfig({}, { version: "3.1" }),
    });
    expect(names(v31.manifests)).toEqual(["ConfigMap/a"]);
    const v30 = await renderOne({
      dir,
      sources: [{ repoURL: REPO, path: "d" }],
      config: makeConfig({}, { version: "3.0" }),
    });
    expect(names(v30.manifests)).toEqual(["ConfigMap/a", "ConfigMap/b"]);
  });

  it("unwraps any object with an items array and drops null lists", async () => {
    const dir = await writeTree({
      "d/list.yaml":
        "apiVersion: v1\nkind: List\nitems:\n  - " +
        CM("in-list").trimEnd().split("\n").join("\n    ") +
        "\n---\napiVersion: v1\nkind: ConfigMapList\nitems: null\n",
    });
    const r = await renderOne({ dir, sources: [{ repoURL: REPO, path: "d" }] });
    expect(names(r.manifests)).toEqual(["ConfigMap/in-list"]);
  });

  it("refuses jsonnet rather than render it wrong", async () => {
    const dir = await writeTree({ "d/main.jsonnet": "{}" });
    const r = await renderOne({ dir, sources: [{ repoURL: REPO, path: "d" }] });
    expect(r.error).toBe("directory: jsonnet is not supported (main.jsonnet)");
  });

  it("symlinks must stay inside the repository", async () => {
    const outside = await writeTree({ "secret.yaml": CM("outside") });
    const dir = await writeTree({ "d/a.yaml": CM("a"), "shared/s.yaml": CM("shared") });
    await symlink(join(dir, "shared/s.yaml"), join(dir, "d/s.yaml"));
    const inside = await renderOne({ dir, sources: [{ repoURL: REPO, path: "d" }] });
    expect(names(inside.manifests)).toEqual(["ConfigMap/a", "ConfigMap/shared"]);
    await symlink(join(outside, "secret.yaml"), join(dir, "d/t.yaml"));
    const escaped = await renderOne({ dir, sources: [{ repoURL: REPO, path: "d" }] });
    expect(escaped.error).toBe("directory: illegal filepath in symlink at t.yaml");
  });

  it("a symlink loop (a directory linking to its parent, a file linking to itself) neither hangs nor recurses", async () => {
    const dir = await writeTree({ "d/a.yaml": CM("a") });
    await symlink(join(dir, "d"), join(dir, "d/loop"));
    await symlink("self.yaml", join(dir, "d/self.yaml"));
    const started = Date.now();
    const r = await renderOne({ dir, sources: [{ repoURL: REPO, path: "d", directory: { recurse: true } }] });
    expect(names(r.manifests)).toEqual(["ConfigMap/a"]);
    expect(r.error).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(10000);
  });
});
