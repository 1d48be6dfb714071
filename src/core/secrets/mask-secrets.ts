// No Secret value exists past the renderer boundary: every value of a v1 Secret's `data` and
// `stringData` becomes a keyed digest of its DECODED bytes, so the render cache (disk, memory, a
// shared layer) and everything after it hold digests only, and a report cannot leak what the
// pipeline never holds. Equal bytes give equal digests under one key, whether written as `data`
// (base64) or `stringData` (text): the diff can still say "same value or changed" and the
// immutable-Secret rule still sees a change. `stringData` is merged into `data` as the API server
// stores it, stringData winning (kubernetes:pkg/apis/core/v1/conversion.go
// (Convert_v1_Secret_To_core_Secret)), the way Argo CD's diff compares them
// (gitops-engine:pkg/diff/diff.go (NormalizeSecret)).
//
// Messages still have to be scrubbed of the values (a helm `fail` printing one): each render
// carries, for the text forms of its values (the value, its base64 form, each line), the pair
// (length, keyed digest), and a message is scrubbed by digesting its windows of each known length.
// A value known only from a cached render is thereby scrubbed from a fresh render's message.
import * as crypto from "node:crypto";
import { createHash, createHmac } from "node:crypto";
import type { AppRender, Manifest, SecretNeedle, SourceRender } from "../model.js";
import { isRecord } from "../argocd/manifest.js";
import { MASKED_PREFIX, SECRET_MASK, scrubSecrets, secretValuesOf, secretTextParts } from "./scrub-secrets.js";

/** 128 bits of HMAC-SHA256: collisions are out of reach, and the entry stays short. */
const DIGEST_HEX = 32;

/** kubectl's copy of the whole object: for a Secret it holds every value in clear. */
const LAST_APPLIED_ANNOTATION = "kubectl.kubernetes.io/last-applied-configuration";

export interface SecretDigester {
  /** A short public id of the key: entries made under another key are never read. */
  readonly keyId: string;
  /** The masked form of a value's bytes (`kind` separates decoded bytes from undecodable text). */
  mask(kind: "bytes" | "invalid" | "json", bytes: Uint8Array): string;
  /** The scrubbing digest of a text a message may quote. */
  needle(text: string): string;
}

export function createSecretDigester(key: Uint8Array): SecretDigester {
  const hmac = (domain: string, bytes: Uint8Array | string): string =>
    createHmac("sha256", key).update(`${domain}\u0000`).update(bytes).digest("hex").slice(0, DIGEST_HEX);
  // Scrubbing digests every window of a message: SHA-256 under a secret prefix (a key of its own,
  // derived from the cache key) is a keyed hash as hard to check guesses against without the key,
  // and the one-shot form costs a fifth of an HMAC.
  const scrubKey = `${hmac("scrub-key", "")}\u0000`;
  const oneShot = (crypto as { hash?: (alg: string, data: string, enc: "hex") => string }).hash;
  const needle = oneShot
    ? (text: string): string => oneShot("sha256", scrubKey + text, "hex").slice(0, DIGEST_HEX)
    : (text: string): string => createHash("sha256").update(scrubKey).update(text).digest("hex").slice(0, DIGEST_HEX);
  return {
    keyId: hmac("key-id", "").slice(0, 16),
    mask: (kind, bytes) => `${MASKED_PREFIX}hmac-sha256:${kind === "bytes" ? "" : `${kind}:`}${hmac(kind, bytes)}`,
    needle,
  };
}

export function isMaskedValue(v: unknown): boolean {
  return typeof v === "string" && v.startsWith(MASKED_PREFIX);
}

/** Whether a manifest is a core v1 Secret (the only kind whose values are masked). */
export function isV1Secret(m: Manifest): boolean {
  return m.kind === "Secret" && (m.apiVersion === "v1" || m.apiVersion === undefined);
}

/** The render with every Secret value masked, its own messages scrubbed of them, and the needles
 *  that scrub them from any other message. Objects shared between `manifests` and the sources'
 *  manifests stay shared. */
export function maskRender(render: AppRender, d: SecretDigester): AppRender {
  const secrets = render.manifests.filter(isV1Secret);
  for (const s of render.sources)
    if (s.status === "rendered")
      for (const m of s.manifests) if (isV1Secret(m) && !secrets.includes(m)) secrets.push(m);
  if (secrets.length === 0) return render;
  const values = secretValuesOf(secrets);
  const needles = new Map<string, SecretNeedle>();
  for (const part of secretTextParts(values)) {
    const n = { length: part.length, digest: d.needle(part) };
    needles.set(`${n.length}:${n.digest}`, n);
  }
  for (const n of render.secretNeedles ?? []) needles.set(`${n.length}:${n.digest}`, n);
  const memo = new Map<Manifest, Manifest>();
  const maskOf = (m: Manifest): Manifest => {
    if (!isV1Secret(m)) return m;
    let out = memo.get(m);
    if (!out) memo.set(m, (out = maskSecret(m, d)));
    return out;
  };
  const scrub = (t: string): string => scrubSecrets(t, values);
  const sources = render.sources.map((s): SourceRender => {
    if (s.status === "rendered")
      return { ...s, manifests: s.manifests.map(maskOf), ...(s.warnings ? { warnings: s.warnings.map(scrub) } : {}) };
    if (s.status === "error") return { ...s, message: scrub(s.message) };
    return { ...s, reason: scrub(s.reason) };
  });
  return {
    ...render,
    manifests: render.manifests.map(maskOf),
    sources,
    ...(render.error !== undefined ? { error: scrub(render.error) } : {}),
    ...(render.limitation !== undefined ? { limitation: scrub(render.limitation) } : {}),
    ...(render.incomplete !== undefined ? { incomplete: scrub(render.incomplete) } : {}),
    secretNeedles: [...needles.values()].sort((a, b) => a.length - b.length || cmpStr(a.digest, b.digest)),
  };
}

function maskSecret(m: Manifest, d: SecretDigester): Manifest {
  const out: Manifest = { ...m };
  const enc = new TextEncoder();
  const json = (v: unknown): string => d.mask("json", enc.encode(JSON.stringify(v) ?? "undefined"));
  if ("data" in m || "stringData" in m) {
    const data: Record<string, unknown> = {};
    let whole: string | undefined;
    if (isRecord(m.data)) {
      for (const [k, v] of Object.entries(m.data)) data[k] = maskDataValue(v, d);
    } else if (m.data !== undefined && m.data !== null) whole = json(m.data);
    if (isRecord(m.stringData)) {
      for (const [k, v] of Object.entries(m.stringData))
        data[k] = typeof v === "string" ? d.mask("bytes", enc.encode(v)) : json(v);
    } else if (m.stringData !== undefined && m.stringData !== null) whole = json([whole, m.stringData]);
    delete out.stringData;
    if (whole !== undefined) out.data = whole;
    else if (Object.keys(data).length > 0 || "data" in m) out.data = data;
  }
  const meta = isRecord(m.metadata) ? m.metadata : undefined;
  const annotations = meta && isRecord(meta.annotations) ? meta.annotations : undefined;
  if (meta && annotations && LAST_APPLIED_ANNOTATION in annotations) {
    const a = annotations[LAST_APPLIED_ANNOTATION];
    out.metadata = { ...meta, annotations: { ...annotations, [LAST_APPLIED_ANNOTATION]: json(a) } };
  }
  return out;
}

/** `data` values are base64 of the bytes (Go's StdEncoding, which skips line breaks). */
function maskDataValue(v: unknown, d: SecretDigester): string {
  if (isMaskedValue(v)) return v as string;
  if (typeof v !== "string") return d.mask("json", new TextEncoder().encode(JSON.stringify(v) ?? "undefined"));
  const s = v.replace(/[\r\n]/g, "");
  if (s.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(s)) return d.mask("bytes", Buffer.from(s, "base64"));
  return d.mask("invalid", new TextEncoder().encode(v));
}

/** The text with every window that digests to a needle masked (longest first, never overlapping). */
export function scrubByNeedles(text: string, needles: readonly SecretNeedle[], d: SecretDigester): string {
  if (needles.length === 0) return text;
  const byLength = new Map<number, Set<string>>();
  for (const n of needles) {
    if (n.length > text.length) continue;
    let set = byLength.get(n.length);
    if (!set) byLength.set(n.length, (set = new Set()));
    set.add(n.digest);
  }
  if (byLength.size === 0) return text;
  const covered = new Uint8Array(text.length);
  const hits: [number, number][] = [];
  for (const len of [...byLength.keys()].sort((a, b) => b - a)) {
    const set = byLength.get(len)!;
    for (let i = 0; i + len <= text.length; i++) {
      if (covered[i] || covered[i + len - 1]) continue;
      if (!set.has(d.needle(text.slice(i, i + len)))) continue;
      if (covered.subarray(i, i + len).some((c) => c === 1)) continue;
      covered.fill(1, i, i + len);
      hits.push([i, len]);
      i += len - 1;
    }
  }
  if (hits.length === 0) return text;
  hits.sort((a, b) => a[0] - b[0]);
  let out = "";
  let at = 0;
  for (const [i, len] of hits) {
    out += text.slice(at, i) + SECRET_MASK;
    at = i + len;
  }
  return out + text.slice(at);
}

function cmpStr(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
