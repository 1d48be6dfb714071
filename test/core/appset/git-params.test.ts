// Cases ported from argo-cd:applicationset/generators/git_test.go (Test_generateParamsFromGitFile,
// TestGitGenerateParamsFromFiles "Value variable interpolation"): Argo CD's own expectations for
// the parameters of the git files generator.
import { describe, expect, it } from "@jest/globals";
import { generateGitParams } from "../../../src/core/appset/generators/generate-git-params.js";
import type { GeneratorContext } from "../../../src/core/appset/generators/generator-context.js";
import { DEFAULT_CONFIG } from "../../../src/config/defaults.js";
import { fakeSourceTrees } from "./fake-source-trees.js";

const REPO = "https://example.com/repo.git";
const defaultContent = "\nfoo:\n  bar: baz\n";

function ctx(goTemplate: boolean, files: Record<string, string>): GeneratorContext {
  return {
    mode: { goTemplate, goTemplateOptions: [] },
    config: DEFAULT_CONFIG,
    trees: fakeSourceTrees({ [REPO]: files }),
    appSetName: "t",
  };
}

const plainPath = (prefix = "") => ({
  [`${prefix}path`]: "path/dir",
  [`${prefix}path.basename`]: "dir",
  [`${prefix}path.filename`]: "file_name.yaml",
  [`${prefix}path.basenameNormalized`]: "dir",
  [`${prefix}path.filenameNormalized`]: "file-name.yaml",
  [`${prefix}path[0]`]: "path",
  [`${prefix}path[1]`]: "dir",
});
const goPath = {
  path: "path/dir",
  basename: "dir",
  filename: "file_name.yaml",
  basenameNormalized: "dir",
  filenameNormalized: "file-name.yaml",
  segments: ["path", "dir"],
};

describe("Test_generateParamsFromGitFile", () => {
  it.each<[string, string, Record<string, string>, boolean, string, unknown[]]>([
    ["empty file returns path parameters", "", {}, false, "", [plainPath()]],
    ["file parameters are added to params", defaultContent, {}, false, "", [{ "foo.bar": "baz", ...plainPath() }]],
    [
      "path parameter are prefixed",
      defaultContent,
      {},
      false,
      "myRepo",
      [{ "foo.bar": "baz", ...plainPath("myRepo.") }],
    ],
    [
      "file parameters are added to params with go template",
      defaultContent,
      { somekey: "{{.path.basename}}" },
      true,
      "",
      [{ values: { somekey: "dir" }, foo: { bar: "baz" }, path: goPath }],
    ],
    [
      "path parameter are prefixed with go template",
      defaultContent,
      {},
      true,
      "myRepo",
      [{ foo: { bar: "baz" }, myRepo: { path: goPath } }],
    ],
    [
      "path parameter are prefixed with go template and values",
      defaultContent,
      { somekey: "{{.myRepo.path.basename}}" },
      true,
      "myRepo",
      [{ foo: { bar: "baz" }, myRepo: { path: goPath }, values: { somekey: "dir" } }],
    ],
  ])("%s", async (_name, content, values, goTemplate, pathParamPrefix, want) => {
    const spec = {
      repoURL: REPO,
      revision: "HEAD",
      files: [{ path: "path/dir/file_name.yaml" }],
      values,
      pathParamPrefix,
    };
    expect(await generateGitParams({ spec, ctx: ctx(goTemplate, { "path/dir/file_name.yaml": content }) })).toEqual(
      want,
    );
  });

  it("invalid json/yaml file returns error", async () => {
    const spec = { repoURL: REPO, revision: "HEAD", files: [{ path: "path/dir/file_name.yaml" }] };
    await expect(
      generateGitParams({ spec, ctx: ctx(false, { "path/dir/file_name.yaml": "this is not json or yaml" }) }),
    ).rejects.toThrow(/unable to parse file/);
  });
});

describe("TestGitGenerateParamsFromFiles", () => {
  it("Value variable interpolation: numbers print as Go does, unknown tags stay literal", async () => {
    const files = {
      "cluster-config/production/config.json": JSON.stringify({
        cluster: { owner: "john.doe@example.com", name: "production", address: "https://kubernetes.default.svc" },
        key1: "val1",
        key2: { key2_1: "val2_1", key2_2: { key2_2_1: "val2_2_1" } },
        key3: 123,
      }),
      "cluster-config/staging/config.json": JSON.stringify({
        cluster: { owner: "foo.bar@example.com", name: "staging", address: "https://kubernetes.default.svc" },
      }),
    };
    const spec = {
      repoURL: REPO,
      revision: "HEAD",
      files: [{ path: "**/config.json" }],
      values: { aaa: "{{ cluster.owner }}", "no-op": "{{ this-does-not-exist }}" },
    };
    const params = await generateGitParams({ spec, ctx: ctx(false, files) });
    expect(params[0]).toEqual({
      "cluster.owner": "john.doe@example.com",
      "cluster.name": "production",
      "cluster.address": "https://kubernetes.default.svc",
      key1: "val1",
      "key2.key2_1": "val2_1",
      "key2.key2_2.key2_2_1": "val2_2_1",
      key3: "123",
      path: "cluster-config/production",
      "path.basename": "production",
      "path[0]": "cluster-config",
      "path[1]": "production",
      "path.basenameNormalized": "production",
      "path.filename": "config.json",
      "path.filenameNormalized": "config.json",
      "values.aaa": "john.doe@example.com",
      "values.no-op": "{{ this-does-not-exist }}",
    });
    expect(params[1]).toMatchObject({ "cluster.name": "staging", "values.aaa": "foo.bar@example.com" });
  });
});
