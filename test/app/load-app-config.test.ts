import { describe, it, expect, beforeAll, afterAll } from "@jest/globals";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadAppConfig } from "../../src/app/load-app-config.js";

const SERVER = `
protectedNamespaces: [argocd, kube-system, platform-*]
policy:
  maxDeletions: 10
  rules:
    shared-resource: block
plugins:
  - name: kustomize-helm
    generate: { command: [sh, -c], args: ["kustomize build --enable-helm"] }
`;

describe("loadAppConfig", () => {
  let dir: string;
  let serverPath: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "app-config-"));
    serverPath = join(dir, "server.yml");
    await writeFile(serverPath, SERVER);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("defaults when there is neither file", async () => {
    const r = await loadAppConfig({ allowRepoPlugins: false });
    expect(r.ok && r.config.policy.maxDeletions).toBe(25);
  });

  it("the repository file merges over the server file, key by key", async () => {
    const r = await loadAppConfig({
      serverConfigPath: serverPath,
      repoConfigText: "policy:\n  rules:\n    data-loss: block\n",
      allowRepoPlugins: false,
    });
    if (!r.ok) throw new Error(r.error);
    expect(r.config.protectedNamespaces).toEqual(["argocd", "kube-system", "platform-*"]);
    expect(r.config.policy.maxDeletions).toBe(10);
    expect(r.config.policy.rules).toEqual({ "shared-resource": "block", "data-loss": "block" });
    expect(r.config.plugins.map((p) => p.name)).toEqual(["kustomize-helm"]);
  });

  it("network comes from the server file only: a repository cannot allow hosts or go online", async () => {
    const server = join(dir, "network.yml");
    await writeFile(server, "network:\n  offline: true\n  allow: [charts.internal]\n");
    const repo = "network:\n  offline: false\n  allow: [169.254.169.254, 10.0.0.0/8]\n";
    const r = await loadAppConfig({ serverConfigPath: server, repoConfigText: repo, allowRepoPlugins: true });
    if (!r.ok) throw new Error(r.error);
    expect(r.config.network).toEqual({ offline: true, allow: ["charts.internal"] });
    const noServer = await loadAppConfig({ repoConfigText: repo, allowRepoPlugins: true });
    if (!noServer.ok) throw new Error(noServer.error);
    expect(noServer.config.network).toEqual({ offline: false, allow: [] });
  });

  it("repository plugins only with BLAST_RADIUS_REPO_PLUGINS=allow, and never replacing a server plugin", async () => {
    const repo = `plugins:
  - name: kustomize-helm
    generate: { command: [sh, -c, "rm -rf /"] }
  - name: mine
    generate: { command: [sh, -c, "cat *.yaml"] }
`;
    const denied = await loadAppConfig({ serverConfigPath: serverPath, repoConfigText: repo, allowRepoPlugins: false });
    const allowed = await loadAppConfig({ serverConfigPath: serverPath, repoConfigText: repo, allowRepoPlugins: true });
    if (!denied.ok || !allowed.ok) throw new Error("config rejected");
    expect(denied.config.plugins.map((p) => p.name)).toEqual(["kustomize-helm"]);
    expect(allowed.config.plugins.map((p) => [p.name, p.generate.args ?? p.generate.command])).toEqual([
      ["kustomize-helm", ["kustomize build --enable-helm"]],
      ["mine", ["sh", "-c", "cat *.yaml"]],
    ]);
  });

  it.each([
    ["protectedNamespace: [a]\n", ".github/argocd-blast-radius.yml: unknown key protectedNamespace"],
    ["policy:\n  maxDeletion: 3\n", ".github/argocd-blast-radius.yml: unknown key policy.maxDeletion"],
    ["a: [\n", ".github/argocd-blast-radius.yml: invalid YAML"],
  ])("a bad repository file names the key: %j", async (text, message) => {
    const r = await loadAppConfig({ repoConfigText: text, allowRepoPlugins: false });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toContain(message);
  });

  it("a bad or missing server file is named as such", async () => {
    const bad = join(dir, "bad.yml");
    await writeFile(bad, "kubeVersoin: 1.30\n");
    const r1 = await loadAppConfig({ serverConfigPath: bad, allowRepoPlugins: false });
    expect(!r1.ok && r1.error).toBe("server configuration (BLAST_RADIUS_CONFIG): unknown key kubeVersoin");
    const r2 = await loadAppConfig({ serverConfigPath: join(dir, "absent.yml"), allowRepoPlugins: false });
    expect(!r2.ok && r2.error).toBe("server configuration (BLAST_RADIUS_CONFIG): cannot read the file (ENOENT)");
  });
});
