// A directory of whole-value cache entries (a tree's discovery, a built side): each file is a
// magic tag, a SHA-256 of the payload and the V8-serialized payload, written atomically, at most
// `maxEntries` kept (the least recently used go first). A missing, short, corrupt or foreign
// file reads as undefined: a miss, never a different answer.
import { createHash, randomBytes } from "node:crypto";
import { mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { deserialize, serialize } from "node:v8";

const DIGEST_BYTES = 32;

export interface SealedFiles {
  /** the entry named by `name` (any string: it is hashed into a file name), or undefined */
  read(name: string): Promise<object | undefined>;
  write(name: string, value: object): Promise<void>;
}

export function createSealedFiles(params: { root: string; magic: string; maxEntries: number }): SealedFiles {
  const magic = Buffer.from(params.magic);
  const fileOf = (name: string): string =>
    join(params.root, `${createHash("sha256").update(`${params.magic}\n${name}`).digest("hex")}.bin`);
  return {
    async read(name) {
      let buf: Buffer;
      const file = fileOf(name);
      try {
        buf = await readFile(file);
      } catch {
        return undefined;
      }
      const value = decode(buf, magic);
      // used: the last to go when the directory is pruned
      if (value !== undefined) {
        const now = new Date();
        await utimes(file, now, now).catch(() => undefined);
      }
      return value;
    },
    async write(name, value) {
      // v8 serialization keeps every value a YAML parse can produce (NaN, Infinity, -0), and Maps.
      const payload = serialize(value);
      const data = Buffer.concat([magic, createHash("sha256").update(payload).digest(), payload]);
      await mkdir(params.root, { recursive: true });
      await writeAtomically(fileOf(name), data);
      await prune(params.root, params.maxEntries);
    },
  };
}

/** `data` at `file`, whole or not at all: readers never see a partly written file. */
export async function writeAtomically(file: string, data: Buffer): Promise<void> {
  const tmp = `${file}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`;
  try {
    await writeFile(tmp, data);
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true }).catch(() => undefined);
    throw err;
  }
}

function decode(buf: Buffer, magic: Buffer): object | undefined {
  if (buf.length < magic.length + DIGEST_BYTES || !buf.subarray(0, magic.length).equals(magic)) return undefined;
  const digest = buf.subarray(magic.length, magic.length + DIGEST_BYTES);
  const payload = buf.subarray(magic.length + DIGEST_BYTES);
  if (!createHash("sha256").update(payload).digest().equals(digest)) return undefined;
  try {
    const v: unknown = deserialize(payload);
    return typeof v === "object" && v !== null ? v : undefined;
  } catch {
    return undefined;
  }
}

/** The oldest entries beyond `max` go (a race with another process costs a miss). */
async function prune(root: string, max: number): Promise<void> {
  const names = (await readdir(root)).filter((n) => n.endsWith(".bin"));
  if (names.length <= max) return;
  const dated = await Promise.all(
    names.map(async (n) => ({
      n,
      t: await stat(join(root, n)).then(
        (s) => s.mtimeMs,
        () => 0,
      ),
    })),
  );
  dated.sort((a, b) => a.t - b.t);
  for (const { n } of dated.slice(0, dated.length - max)) await rm(join(root, n), { force: true });
}
