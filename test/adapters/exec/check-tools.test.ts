// The tools preflight (issue 9, "Missing tools"): a missing or broken helm or kustomize is named,
// with how to install it; the real tools pass and report their versions.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checkTools } from "../../../src/adapters/exec/check-tools.js";
import { resolveTools, type ToolCommand } from "../../../src/adapters/exec/resolve-tools.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "check-tools-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function script(name: string, body: string): Promise<ToolCommand> {
  const path = join(dir, name);
  await writeFile(path, `#!/bin/sh\n${body}\n`);
  await chmod(path, 0o755);
  return { path, prefixArgs: [], display: name };
}

const real = resolveTools();

describe("checkTools", () => {
  it("passes the installed helm and kustomize and names their versions", async () => {
    const r = await checkTools(real);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const byName = Object.fromEntries(r.tools.map((t) => [t.name, t.version]));
    expect(byName.helm).toMatch(/^v3\.\d+\.\d+/);
    expect(byName.kustomize).toMatch(/^v5\.\d+\.\d+/);
  });

  it("a helm that is not there is named with how to install it", async () => {
    const r = await checkTools({ ...real, helm: { path: join(dir, "no-such-helm"), prefixArgs: [], display: "helm" } });
    expect(r).toEqual({ ok: false, error: expect.stringContaining(`helm not found at ${join(dir, "no-such-helm")}`) });
    expect(!r.ok && r.error).toContain("https://helm.sh/docs/intro/install/");
  });

  it("no kustomize at all is named", async () => {
    const { kustomize: _, ...rest } = real;
    const r = await checkTools(rest);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/^kustomize not found: install kustomize .* or set KUSTOMIZE_BIN \(on linux-x64/);
  });

  it("a helm that exits 1 is broken, with its own reason", async () => {
    const helm = await script("broken-helm", 'echo "Error: cannot execute binary file" >&2; exit 1');
    const r = await checkTools({ ...real, helm });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toContain(`helm at ${helm.path} does not run (`);
    expect(!r.ok && r.error).toContain("cannot execute binary file");
  });

  it("a binary replaced on disk is checked again (a pass is remembered per binary, not per path)", async () => {
    const helm = await script("helm-swapped", "echo v3.99.0");
    expect((await checkTools({ ...real, helm })).ok).toBe(true);
    await writeFile(helm.path, "#!/bin/sh\necho 'Error: broken now' >&2\nexit 1\n");
    const r = await checkTools({ ...real, helm });
    expect(!r.ok && r.error).toContain("broken now");
  });

  it("a helm4 that is configured must run too; an absent one is fine", async () => {
    const { helm4: _, ...without } = real;
    expect((await checkTools(without)).ok).toBe(true);
    const helm4 = await script("helm4", "exit 3");
    const r = await checkTools({ ...real, helm4 });
    expect(!r.ok && r.error).toMatch(/^helm4 at .* does not run \(.*exited with status 3\): point HELM4_BIN/);
  });
});
