import { describe, it, expect } from "@jest/globals";
import { decodeManifestStream, splitManifests } from "../../../src/core/render/split-manifests.js";

const cm = (n: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${n}\n`;

function namesOf(text: string): string[] | string {
  const r = splitManifests(text);
  return r.ok ? r.manifests.map((m) => `${m.kind}/${(m.metadata as { name: string }).name}`) : `error: ${r.error}`;
}

describe("splitManifests (kube.SplitYAML + List unwrapping)", () => {
  it.each([
    ["one document", cm("a"), ["ConfigMap/a"]],
    ["several documents", `${cm("a")}---\n${cm("b")}`, ["ConfigMap/a", "ConfigMap/b"]],
    ["leading separator and empty docs", `---\n---\n${cm("a")}---\n`, ["ConfigMap/a"]],
    ["comment-only and null docs", `# only a comment\n---\nnull\n---\n~\n---\n${cm("a")}`, ["ConfigMap/a"]],
    ["separator with a comment", `${cm("a")}--- # next\n${cm("b")}`, ["ConfigMap/a", "ConfigMap/b"]],
    [
      "a List is unwrapped",
      `apiVersion: v1\nkind: List\nitems:\n- ${cm("x").trimEnd().split("\n").join("\n  ")}\n`,
      ["ConfigMap/x"],
    ],
    ["any kind with an items array is unwrapped", `apiVersion: example.com/v1\nkind: Bundle\nitems: []\n`, []],
    ["items: null without spec is dropped", `apiVersion: v1\nkind: ConfigMapList\nitems: null\n`, []],
    [
      "items: null with spec is kept",
      `apiVersion: x/v1\nkind: Thing\nmetadata: {name: t}\nitems: null\nspec: {}\n`,
      ["Thing/t"],
    ],
    [
      "JSON stream",
      `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a"}}\n{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"b"}}`,
      ["ConfigMap/a", "ConfigMap/b"],
    ],
    ["empty output", "", []],
  ])("%s", (_name, text, expected) => {
    expect(namesOf(text)).toEqual(expected);
  });

  it.each([
    ["a document without kind fails everything", `${cm("a")}---\nfoo: bar\n`, /Object 'Kind' is missing/],
    ["a scalar document fails", `${cm("a")}---\njust text\n`, /cannot unmarshal string/],
    ["broken YAML fails", `${cm("a")}---\nkind: [x\n`, /failed to unmarshal manifest/],
    ["a non-object list item fails", "apiVersion: v1\nkind: List\nitems: [1]\n", /items member is not an object/],
  ])("%s", (_name, text, error) => {
    const r = splitManifests(text);
    expect(r.ok).toBe(false);
    expect(r.ok ? "" : r.error).toMatch(error);
  });

  it("decodes YAML 1.1 like Kubernetes: yes/no booleans, octal, timestamps kept as strings, last duplicate key wins", () => {
    const r = decodeManifestStream(
      "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\nx: yes\nmode: 0755\nwhen: 2024-01-02\ntime: 1:20\ndup: 1\ndup: 2\n",
    );
    expect(r.error).toBeUndefined();
    expect(r.objects[0]).toMatchObject({ x: true, mode: 493, when: "2024-01-02", time: "1:20", dup: 2 });
  });

  it("keeps objects decoded before an error", () => {
    const r = decodeManifestStream(`${cm("a")}---\nfoo: bar\n`);
    expect(r.objects).toHaveLength(1);
    expect(r.error).toBeDefined();
  });

  it("resolves anchors and merge keys", () => {
    const r = splitManifests(
      "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\nbase: &b {x: 1}\ndata:\n  <<: *b\n  z: 2\n  y: 3\n",
    );
    // like go-yaml v2, a bare `y` key is the boolean true, which becomes the key "true"
    expect(r.ok && r.manifests[0]!.data).toEqual({ x: 1, z: 2, true: 3 });
  });
});

describe("our own decode messages carry no object data", () => {
  it("a document without kind names its index and name, never its data", () => {
    const r = splitManifests("apiVersion: v1\nmetadata: { name: creds }\ndata: { password: cGxhbnRlZC1zZWNyZXQ= }\n");
    expect(r).toEqual({ ok: false, error: `Object 'Kind' is missing in document 1 (metadata.name "creds")` });
  });
});

describe("deeply nested documents", () => {
  // Everything after the decoder (diffs, the cache's serializer) walks objects recursively.
  it.each([
    ["JSON", (d: number) => `{"apiVersion":"v1","kind":"ConfigMap","data":${"[".repeat(d)}${"]".repeat(d)}}`],
    ["YAML flow", (d: number) => `apiVersion: v1\nkind: ConfigMap\ndata: ${"[".repeat(d)}${"]".repeat(d)}\n`],
  ])("%s nested 100,000 levels is one error line, never a stack overflow", (_what, make) => {
    const r = splitManifests(make(100_000));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/^failed to unmarshal manifest: /);
    expect(splitManifests(make(1500))).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^failed to unmarshal manifest: /) as unknown,
    });
    expect(splitManifests(make(50)).ok).toBe(true);
  });

  it("a JSON document nested past the bound says so", () => {
    const d = 1500;
    const r = splitManifests(`{"apiVersion":"v1","kind":"ConfigMap","data":${"[".repeat(d)}${"]".repeat(d)}}`);
    expect(!r.ok && r.error).toBe(
      "failed to unmarshal manifest: document 1 nests deeper than 1000 levels (a bound of this tool)",
    );
  });
});
