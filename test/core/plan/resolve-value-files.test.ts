import { describe, it, expect } from "@jest/globals";
import { resolveValueFiles } from "../../../src/core/plan/resolve-value-files.js";

const self = {
  files: [
    "charts/web/values.yaml",
    "charts/web/prod.yaml",
    "charts/web/env/a.yaml",
    "charts/web/env/b.yaml",
    "shared/common.yaml",
  ],
};
const refs = { $values: { files: ["envs/prod.yaml", "envs/dev.yaml"] } };
const base = { appPath: "charts/web", self, refs, env: { ENV: "prod" }, ignoreMissingValueFiles: false, globs: true };

describe("resolveValueFiles", () => {
  it.each([
    [["prod.yaml"], [{ tree: "", path: "charts/web/prod.yaml" }]],
    [["$ENV.yaml"], [{ tree: "", path: "charts/web/prod.yaml" }]],
    [["../../shared/common.yaml"], [{ tree: "", path: "shared/common.yaml" }]],
    [["/shared/common.yaml"], [{ tree: "", path: "shared/common.yaml" }]],
    [["$values/envs/$ENV.yaml"], [{ tree: "$values", path: "envs/prod.yaml" }]],
    [["https://example.com/v.yaml"], [{ url: "https://example.com/v.yaml" }]],
    [
      ["env/*.yaml"],
      [
        { tree: "", path: "charts/web/env/a.yaml" },
        { tree: "", path: "charts/web/env/b.yaml" },
      ],
    ],
    [
      ["env/*.yaml", "env/a.yaml"],
      [
        { tree: "", path: "charts/web/env/b.yaml" },
        { tree: "", path: "charts/web/env/a.yaml" },
      ],
    ],
    [
      ["$values/envs/*.yaml"],
      [
        { tree: "$values", path: "envs/dev.yaml" },
        { tree: "$values", path: "envs/prod.yaml" },
      ],
    ],
  ])("%j", (valueFiles, files) => {
    expect(resolveValueFiles({ ...base, valueFiles })).toEqual({ ok: true, files });
  });

  it.each([
    [["missing.yaml"], "open missing.yaml: no such file or directory"],
    [["../../../etc/passwd"], "value file '../../../etc/passwd' resolved to outside repository root"],
    [["$values/../../x.yaml"], "value file '/../../x.yaml' resolved to outside repository root"],
    [["nomatch/*.yaml"], "values file glob nomatch/*.yaml matched no files"],
    [["ftp://x/v.yaml"], "the URL scheme 'ftp' is not allowed"],
  ])("%j fails", (valueFiles, error) => {
    expect(resolveValueFiles({ ...base, valueFiles })).toEqual({ ok: false, error });
  });

  it("ignoreMissingValueFiles drops missing files and empty globs", () => {
    expect(
      resolveValueFiles({
        ...base,
        ignoreMissingValueFiles: true,
        valueFiles: ["missing.yaml", "nomatch/*", "prod.yaml"],
      }),
    ).toEqual({
      ok: true,
      files: [{ tree: "", path: "charts/web/prod.yaml" }],
    });
  });

  it("before 3.5 a glob is a literal file name", () => {
    expect(resolveValueFiles({ ...base, globs: false, valueFiles: ["env/*.yaml"] })).toEqual({
      ok: false,
      error: "open env/*.yaml: no such file or directory",
    });
  });
});
