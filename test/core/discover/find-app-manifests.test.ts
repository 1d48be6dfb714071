// Discovery never throws on hostile or broken files: each is reported by name, the rest is found.
import { describe, expect, it } from "@jest/globals";
import { findAppManifests, MAX_APP_FILE_BYTES } from "../../../src/core/discover/find-app-manifests.js";

const app = (name: string): string =>
  `apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: { name: ${name}, namespace: argocd }\nspec: {}\n`;

/** "Billion laughs": ten levels of ten aliases each expand to 10^10 nodes. */
function aliasBomb(name: string): string {
  const lines = [`apiVersion: argoproj.io/v1alpha1`, `kind: Application`, `metadata: { name: ${name} }`];
  lines.push(`a0: &a0 [x, x, x, x, x, x, x, x, x, x]`);
  for (let i = 1; i < 10; i++)
    lines.push(
      `a${i}: &a${i} [${Array(10)
        .fill(`*a${i - 1}`)
        .join(", ")}]`,
    );
  return `${lines.join("\n")}\nspec: {}\n`;
}

describe("findAppManifests", () => {
  it("reports an alias bomb as a parse error of its file and finds the other files' Applications", () => {
    const found = findAppManifests([
      { path: "apps/bomb.yaml", text: aliasBomb("bomb") },
      { path: "apps/ok.yaml", text: app("ok") },
    ]);
    expect(found.docs.map((d) => d.file)).toEqual(["apps/ok.yaml"]);
    expect(found.parseErrors).toEqual([{ file: "apps/bomb.yaml", message: expect.stringMatching(/alias count/i) }]);
  });

  it("reports a file larger than any Application file without parsing it", () => {
    const huge = app("huge") + `# ${"x".repeat(MAX_APP_FILE_BYTES)}\n`;
    const found = findAppManifests([
      { path: "apps/huge.yaml", text: huge },
      { path: "apps/ok.yaml", text: app("ok") },
    ]);
    expect(found.docs.map((d) => d.file)).toEqual(["apps/ok.yaml"]);
    expect(found.parseErrors).toEqual([
      { file: "apps/huge.yaml", message: expect.stringMatching(/larger than 16 MiB/) },
    ]);
  });

  it("reports bad YAML once per file, keeping the good documents of other files", () => {
    const found = findAppManifests([
      {
        path: "bad.yaml",
        text: `${app("a")}---\nkind: Application\napiVersion: argoproj.io/v1\nmetadata: { name: [b\n`,
      },
      { path: "ok.yaml", text: app("ok") },
    ]);
    expect(found.parseErrors.map((e) => e.file)).toEqual(["bad.yaml"]);
    expect(found.docs.map((d) => d.obj.metadata)).toContainEqual({ name: "ok", namespace: "argocd" });
  });
});
