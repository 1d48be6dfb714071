import { describe, it, expect } from "@jest/globals";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { createRenderer } from "../../../src/adapters/render/create-renderer.js";
import { createDirSourceTrees } from "../../../src/adapters/render/dir-source-trees.js";
import { makeApp, makeConfig, writeTree, REPO, CM } from "./support/fixtures.js";

describe("parallel renders over one checkout", () => {
  it("kustomize edits and helm dependency builds never race or touch the checkout", async () => {
    const dir = await writeTree({
      "k/kustomization.yaml": "resources:\n  - cm.yaml\n",
      "k/cm.yaml": CM("c"),
      "umbrella/Chart.yaml":
        "apiVersion: v2\nname: umbrella\nversion: 0.1.0\ndependencies:\n  - name: lib\n    version: 0.1.0\n    repository: file://../lib\n",
      "umbrella/templates/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\n",
      "lib/Chart.yaml": "apiVersion: v2\nname: lib\nversion: 0.1.0\n",
      "lib/templates/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: lib-{{ .Release.Name }}\n",
    });
    const renderer = createRenderer();
    const trees = createDirSourceTrees({ dir });
    const config = makeConfig();
    const jobs = Array.from({ length: 6 }, (_, i) => [
      renderer.render({
        app: makeApp({ name: `k${i}`, sources: [{ repoURL: REPO, path: "k", kustomize: { namePrefix: `p${i}-` } }] }),
        side: "head",
        trees,
        config,
      }),
      renderer.render({
        app: makeApp({ name: `h${i}`, sources: [{ repoURL: REPO, path: "umbrella" }] }),
        side: "head",
        trees,
        config,
      }),
    ]).flat();
    const results = await Promise.all(jobs);
    results.forEach((r, j) => {
      const i = Math.floor(j / 2);
      expect(r.error).toBeUndefined();
      const got = r.manifests.map((m) => (m.metadata as { name: string }).name).sort();
      expect(got).toEqual(j % 2 === 0 ? [`p${i}-c`] : [`h${i}`, `lib-h${i}`]);
    });
    expect(await readFile(join(dir, "k/kustomization.yaml"), "utf8")).toBe("resources:\n  - cm.yaml\n");
  });
});
