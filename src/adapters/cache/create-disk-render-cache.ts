// A RenderCache on disk, shared by both sides of an analysis and by reruns of the same pull
// request. Entries are written atomically (temp file, then rename) and carry their key and a
// checksum, so a torn or corrupted file is a miss, never a wrong render. The directory is bounded:
// when it grows past maxBytes the least recently used entries (oldest mtime; a hit touches the
// file) are removed. Several processes may share the directory; a race only costs a miss. Entries
// hold no Secret value: renders reach the cache masked (core/secrets/mask-secrets), and live under
// the id of the masking key (whose file is elsewhere: cache-key.ts).
import { createHash } from "node:crypto";
import { mkdir, readdir, readFile, rm, stat, utimes } from "node:fs/promises";
import { writeAtomically } from "./sealed-files.js";
import { join } from "node:path";
import { deserialize, serialize } from "node:v8";
import type { AppRender } from "../../core/model.js";
import type { RenderCache } from "./render-cache.js";

/** 500 MB: thousands of renders of a large monorepo, small next to a CI runner's disk. */
export const DEFAULT_CACHE_MAX_BYTES = 500 * 1024 * 1024;

/** Changing the entry layout changes this, so old entries are simply never read (v2: Secret values
 *  masked with a key, entries under the key's id). */
const LAYOUT = "renders-v2";
/** Layouts that held Secret values in clear: removed on the first write. */
const LEGACY_LAYOUTS = ["renders-v1"];
const MAGIC = Buffer.from("BRC2");
const DIGEST_BYTES = 32;

export interface DiskRenderCacheParams {
  dir: string;
  /** the id of the key the renders' Secret values are masked with (SecretDigester.keyId): an
   *  entry written under another key is a miss, never a digest compared with the wrong key's */
  keyId: string;
  maxBytes?: number;
}

export interface DiskRenderCache extends RenderCache {
  /** Removes least recently used entries until the directory is under its bound. */
  evict(): Promise<void>;
}

export function createDiskRenderCache(params: DiskRenderCacheParams): DiskRenderCache {
  if (!/^[0-9a-f]{8,64}$/.test(params.keyId)) throw new Error(`render cache: invalid key id ${params.keyId}`);
  /** Every key's entries share one bound. */
  const layout = join(params.dir, LAYOUT);
  const root = join(layout, params.keyId);
  const maxBytes = params.maxBytes ?? DEFAULT_CACHE_MAX_BYTES;
  const fileOf = (key: string) => join(root, key.slice(0, 2), `${key}.bin`);
  let legacyRemoved: Promise<unknown> | undefined;
  /** Known size of the directory: scanned once, then kept up to date by our own writes. */
  let total: Promise<number> | undefined;
  let written = 0;
  let evicting: Promise<void> | undefined;

  const evict = async (): Promise<void> => {
    const entries = await listEntries(layout);
    let size = entries.reduce((s, e) => s + e.size, 0);
    if (size > maxBytes) {
      // Oldest first, down to 90% so that the next few writes do not trigger another scan.
      entries.sort((a, b) => a.mtimeMs - b.mtimeMs);
      for (const e of entries) {
        if (size <= maxBytes * 0.9) break;
        await rm(e.path, { force: true });
        size -= e.size;
      }
    }
    total = Promise.resolve(size);
    written = 0;
  };

  return {
    async get(key) {
      const file = fileOf(key);
      let buf: Buffer;
      try {
        buf = await readFile(file);
      } catch {
        return undefined;
      }
      const render = decodeEntry(buf, key);
      if (!render) {
        await rm(file, { force: true }).catch(() => undefined);
        return undefined;
      }
      // Touch: eviction removes the least recently USED entries.
      const now = new Date();
      await utimes(file, now, now).catch(() => undefined);
      return render;
    },
    async set(key, render) {
      legacyRemoved ??= Promise.all(
        LEGACY_LAYOUTS.map((l) => rm(join(params.dir, l), { recursive: true, force: true }).catch(() => undefined)),
      );
      await legacyRemoved;
      const file = fileOf(key);
      const data = encodeEntry(key, render);
      await mkdir(join(root, key.slice(0, 2)), { recursive: true });
      await writeAtomically(file, data);
      total ??= listEntries(layout).then((es) => es.reduce((s, e) => s + e.size, 0));
      written += data.length;
      if ((await total) + written > maxBytes) {
        evicting ??= evict().finally(() => {
          evicting = undefined;
        });
        await evicting;
      }
    },
    evict,
  };
}

function encodeEntry(key: string, render: AppRender): Buffer {
  // v8 serialization keeps every value a YAML parse can produce (NaN, Infinity, -0), unlike JSON.
  const payload = serialize({ key, render });
  const digest = createHash("sha256").update(payload).digest();
  return Buffer.concat([MAGIC, digest, payload]);
}

function decodeEntry(buf: Buffer, key: string): AppRender | undefined {
  if (buf.length < MAGIC.length + DIGEST_BYTES || !buf.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  const digest = buf.subarray(MAGIC.length, MAGIC.length + DIGEST_BYTES);
  const payload = buf.subarray(MAGIC.length + DIGEST_BYTES);
  if (!createHash("sha256").update(payload).digest().equals(digest)) return undefined;
  try {
    const v = deserialize(payload) as { key?: unknown; render?: unknown };
    if (v.key !== key || typeof v.render !== "object" || v.render === null) return undefined;
    const r = v.render as AppRender;
    return typeof r.app === "string" && Array.isArray(r.manifests) && Array.isArray(r.sources) ? r : undefined;
  } catch {
    return undefined;
  }
}

type Entry = { path: string; size: number; mtimeMs: number };

/** The entries of every key under the layout directory. */
async function listEntries(layout: string): Promise<Entry[]> {
  let keys: string[];
  try {
    keys = await readdir(layout);
  } catch {
    return [];
  }
  const out: Entry[] = [];
  for (const k of keys) out.push(...(await listKeyEntries(join(layout, k))));
  return out;
}

async function listKeyEntries(root: string): Promise<Entry[]> {
  const out: Entry[] = [];
  let shards: string[];
  try {
    shards = await readdir(root);
  } catch {
    return out;
  }
  for (const shard of shards) {
    let names: string[];
    try {
      names = await readdir(join(root, shard));
    } catch {
      continue;
    }
    for (const name of names) {
      const path = join(root, shard, name);
      try {
        const s = await stat(path);
        if (s.isFile()) out.push({ path, size: s.size, mtimeMs: s.mtimeMs });
      } catch {
        // removed by another process meanwhile
      }
    }
  }
  return out;
}
