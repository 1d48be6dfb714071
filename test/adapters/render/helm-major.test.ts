// Argo CD 3.5 moved to Helm 4; earlier versions render with Helm 3. Both are installed by npm ci.
import { describe, expect, it } from "@jest/globals";
import { renderOne } from "./support/render-one.js";
import { makeConfig, writeTree, REPO } from "./support/fixtures.js";

describe("the helm major follows argocd.version", () => {
  it.each([
    ["3.1", "v3."],
    ["3.5", "v4."],
  ])("argocd %s renders with helm %s", async (version, expected) => {
    const dir = await writeTree({
      "chart/Chart.yaml": "apiVersion: v2\nname: c\nversion: 0.1.0\n",
      "chart/templates/cm.yaml":
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  helm: {{ .Capabilities.HelmVersion.Version | quote }}\n",
    });
    const r = await renderOne({
      dir,
      sources: [{ repoURL: REPO, path: "chart" }],
      config: makeConfig({}, { version }),
    });
    expect(r.error).toBeUndefined();
    expect(String((r.manifests[0]!.data as Record<string, string>).helm)).toMatch(
      new RegExp(`^${expected.replace(".", "\\.")}`),
    );
    const source = r.sources[0]!;
    expect(source.status === "rendered" && (source.warnings ?? []).some((w) => w.includes("Helm 4"))).toBe(false);
  });
});
