import { describe, it, expect } from "@jest/globals";
import { mkdtemp, rm, stat, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  cacheKeyFile,
  deriveCacheKey,
  processCacheKey,
  resolveCacheKey,
} from "../../../src/adapters/cache/cache-key.js";

const withDir = async (fn: (dir: string) => Promise<void>): Promise<void> => {
  const dir = await mkdtemp(join(tmpdir(), "br-cache-key-"));
  try {
    await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
};

describe("resolveCacheKey", () => {
  it("derives the key from BLAST_RADIUS_CACHE_KEY, the same in every process", () => {
    const a = resolveCacheKey({ env: { BLAST_RADIUS_CACHE_KEY: "ci-secret" }, cacheDir: "/nowhere" });
    expect(a).toEqual(deriveCacheKey("ci-secret", "cache-key"));
    expect(a).toHaveLength(32);
    // the app's key from its webhook secret differs from a cache key of the same text
    expect(deriveCacheKey("ci-secret", "webhook-secret")).not.toEqual(a);
  });

  it("creates a 0600 key file outside the cache directory once, and reads it back", async () => {
    await withDir(async (dir) => {
      const env = { BLAST_RADIUS_CACHE_KEY_FILE: join(dir, "state", "key") };
      const a = resolveCacheKey({ env, cacheDir: join(dir, "cache") });
      const b = resolveCacheKey({ env, cacheDir: join(dir, "cache") });
      expect(a).toEqual(b);
      expect((await stat(env.BLAST_RADIUS_CACHE_KEY_FILE)).mode & 0o777).toBe(0o600);
    });
  });

  it("defaults the key file to the XDG state directory", () => {
    expect(cacheKeyFile({ XDG_STATE_HOME: "/state" })).toBe("/state/argocd-blast-radius/cache-key");
  });

  it("refuses a key file inside the cache directory, and a broken one, in one line", async () => {
    await withDir(async (dir) => {
      expect(() =>
        resolveCacheKey({
          env: { BLAST_RADIUS_CACHE_KEY_FILE: join(dir, "cache", "k") },
          cacheDir: join(dir, "cache"),
        }),
      ).toThrow(/is inside the cache directory/);
      await mkdir(join(dir, "s"));
      await writeFile(join(dir, "s", "k"), "not a key");
      expect(() =>
        resolveCacheKey({ env: { BLAST_RADIUS_CACHE_KEY_FILE: join(dir, "s", "k") }, cacheDir: join(dir, "cache") }),
      ).toThrow(/is not 64 hex digits/);
    });
  });

  it("falls back to this process's key when the key file cannot be created (a read-only home)", async () => {
    await withDir(async (dir) => {
      await writeFile(join(dir, "file"), "");
      const env = { BLAST_RADIUS_CACHE_KEY_FILE: join(dir, "file", "sub", "key") };
      expect(resolveCacheKey({ env, cacheDir: join(dir, "cache") })).toBe(processCacheKey());
    });
  });

  it("gives caches in memory one random key per process", () => {
    expect(resolveCacheKey({ env: {} })).toBe(processCacheKey());
  });
});
