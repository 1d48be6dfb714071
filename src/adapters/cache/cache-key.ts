// The key Secret values are masked with before any render is kept (core/secrets/mask-secrets).
// Whoever holds the cache but not the key holds digests that cannot be checked against guesses:
// - BLAST_RADIUS_CACHE_KEY, when set (any text; CI can share a cache across runs with a secret);
// - in the app, derived from the webhook secret (HKDF), so every worker of one deployment (and a
//   shared cache layer) computes the same digests;
// - for a disk cache otherwise, a random key in a 0600 file OUTSIDE the cache directory
//   (BLAST_RADIUS_CACHE_KEY_FILE, else $XDG_STATE_HOME or ~/.local/state), created on first use,
//   so a cache restored from another run or shared as an artifact carries digests but not the key;
// - for caches in memory, a random key per process.
import { hkdfSync, randomBytes } from "node:crypto";
import { closeSync, linkSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";

const KEY_BYTES = 32;
const SALT = "argocd-blast-radius render cache";

type Env = Readonly<Record<string, string | undefined>>;

/** A key from a text (BLAST_RADIUS_CACHE_KEY, the app's webhook secret): HKDF-SHA256. */
export function deriveCacheKey(secret: string, purpose: "cache-key" | "webhook-secret"): Uint8Array {
  return new Uint8Array(
    hkdfSync("sha256", Buffer.from(secret, "utf8"), SALT, `secret masking key from ${purpose}`, KEY_BYTES),
  );
}

let processKey: Uint8Array | undefined;

/** The key of caches that live in this process only. */
export function processCacheKey(): Uint8Array {
  return (processKey ??= new Uint8Array(randomBytes(KEY_BYTES)));
}

/** Where the key of a disk cache lives when no key is given. */
export function cacheKeyFile(env: Env = process.env): string {
  if (env.BLAST_RADIUS_CACHE_KEY_FILE) return env.BLAST_RADIUS_CACHE_KEY_FILE;
  const state = env.XDG_STATE_HOME || join(homedir(), ".local", "state");
  return join(state, "argocd-blast-radius", "cache-key");
}

/** The key for a cache: explicit, from the environment, or (disk) from the key file; this
 *  process's key when the file cannot be created. Throws one line when the key file is inside the
 *  cache directory, or exists but cannot be read or is not a key. */
export function resolveCacheKey(p: { env?: Env; cacheDir?: string; key?: Uint8Array }): Uint8Array {
  const env = p.env ?? process.env;
  if (p.key) return p.key;
  if (env.BLAST_RADIUS_CACHE_KEY) return deriveCacheKey(env.BLAST_RADIUS_CACHE_KEY, "cache-key");
  if (p.cacheDir === undefined) return processCacheKey();
  const file = resolve(cacheKeyFile(env));
  const rel = relative(resolve(p.cacheDir), file);
  if (rel === "" || (!rel.startsWith("..") && !rel.startsWith("/")))
    throw new Error(`the render cache's key file ${file} is inside the cache directory ${p.cacheDir}: move it out`);
  return readOrCreateKeyFile(file);
}

function readOrCreateKeyFile(file: string): Uint8Array {
  const read = (): Uint8Array | undefined => {
    let text: string;
    try {
      text = readFileSync(file, "utf8").trim();
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === "ENOENT" || code === "ENOTDIR") return undefined;
      throw new Error(`cannot read the render cache's key file ${file}: ${(err as Error).message}`);
    }
    if (!/^[0-9a-f]{64}$/.test(text))
      throw new Error(`the render cache's key file ${file} is not 64 hex digits: remove it to make a new key`);
    return new Uint8Array(Buffer.from(text, "hex"));
  };
  const existing = read();
  if (existing) return existing;
  try {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    // Written whole under a private name, then linked in place: link() fails when the file
    // exists, so processes creating it at once all end up with the first one's key, and no one
    // ever reads a half-written file.
    const tmp = `${file}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`;
    const fd = openSync(tmp, "wx", 0o600);
    try {
      writeSync(fd, `${randomBytes(KEY_BYTES).toString("hex")}\n`);
    } finally {
      closeSync(fd);
    }
    try {
      linkSync(tmp, file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    } finally {
      rmSync(tmp, { force: true });
    }
  } catch {
    // A read-only home (a container, a locked-down runner): the cache still works for this
    // process under a key of its own; its entries are merely not reused by later runs.
    return processCacheKey();
  }
  const created = read();
  if (!created) throw new Error(`cannot create the render cache's key file ${file}`);
  return created;
}
