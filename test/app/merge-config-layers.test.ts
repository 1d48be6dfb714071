import { describe, it, expect } from "@jest/globals";
import { availableParallelism } from "node:os";
import { mergeConfigLayers } from "../../src/app/merge-config-layers.js";
import { loadAppConfig } from "../../src/app/load-app-config.js";

describe("mergeConfigLayers: server render limits are ceilings", () => {
  const server = { render: { timeoutSeconds: 60, maxOutputBytes: 1000, memoryMiB: 512, concurrency: 4 } };

  it("a repository cannot raise the server's memory, time, output or concurrency", () => {
    const repository = { render: { timeoutSeconds: 3600, maxOutputBytes: 10 ** 9, memoryMiB: 65536, concurrency: 64 } };
    const merged = mergeConfigLayers({ server, repository, allowRepoPlugins: false });
    expect(merged.render).toEqual(server.render);
  });

  it("a repository may lower them, key by key", () => {
    const repository = { render: { timeoutSeconds: 30, memoryMiB: 256 } };
    const merged = mergeConfigLayers({ server, repository, allowRepoPlugins: false });
    expect(merged.render).toEqual({ timeoutSeconds: 30, maxOutputBytes: 1000, memoryMiB: 256, concurrency: 4 });
  });

  it("without a server file the built-in defaults are the ceilings", async () => {
    const repo =
      "render:\n  timeoutSeconds: 3600\n  maxOutputBytes: 999999999999\n  memoryMiB: 65536\n  concurrency: 100000\n";
    const r = await loadAppConfig({ repoConfigText: repo, allowRepoPlugins: false });
    if (!r.ok) throw new Error(r.error);
    expect(r.config.render).toEqual({
      timeoutSeconds: 120,
      maxOutputBytes: 64 * 1024 * 1024,
      memoryMiB: 2048,
      concurrency: availableParallelism(),
    });
  });

  it("a lower repository value stays when the server leaves the key at its default", () => {
    const merged = mergeConfigLayers({
      server: {},
      repository: { render: { timeoutSeconds: 10, concurrency: 1 } },
      allowRepoPlugins: false,
    });
    expect(merged.render).toEqual({ timeoutSeconds: 10, concurrency: 1 });
  });
});
