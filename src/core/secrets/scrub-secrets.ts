// Secret values never leave: tool messages (a helm `fail` printing a value, kustomize quoting a
// secretGenerator literal) are scrubbed of every value known to be secret before they reach a
// report, a comment or a log. Pure: the values come from the renders and the generator inputs.
import type { Manifest } from "../model.js";
import { isRecord } from "../argocd/manifest.js";

/** What a masked value (core/secrets/mask-secrets) starts with: a digest, never a value to scrub,
 *  and never a value a chart renders (every value is replaced). */
export const MASKED_PREFIX = "blast-radius-masked:";

/** What a scrubbed value reads as; Argo CD masks Secret values with plus signs
 *  (argo-cd:util/diff/diff.go (HideSecretData)), which a message cannot tell from text. */
export const SECRET_MASK = "***";

/** Shorter values are not scrubbed: they would mangle every message ("a", "1", "on") and hide little. */
const MIN_SECRET_LENGTH = 3;

/** Every value of every v1 Secret among the manifests: `data` both base64 and decoded, `stringData`. */
export function secretValuesOf(manifests: readonly Manifest[]): string[] {
  const out: string[] = [];
  for (const m of manifests) {
    if (m.kind !== "Secret" || (m.apiVersion !== "v1" && m.apiVersion !== undefined)) continue;
    if (isRecord(m.data))
      for (const v of Object.values(m.data)) {
        if (typeof v !== "string" || v.startsWith(MASKED_PREFIX)) continue;
        out.push(v);
        const decoded = decodeBase64(v);
        if (decoded !== undefined) out.push(decoded);
      }
    if (isRecord(m.stringData)) for (const v of Object.values(m.stringData)) if (typeof v === "string") out.push(v);
  }
  return out;
}

/** The values a kustomization's secretGenerators put in Secrets: `literals` (the whole literal and
 *  the part after `=`, kustomize quotes either in its errors) and the lines of its `envs`/`env`
 *  and `files` sources, given their text (`readInput`: path relative to the kustomization). */
export function secretGeneratorValues(
  kustomization: unknown,
  readInput: (path: string) => string | undefined,
): string[] {
  if (!isRecord(kustomization) || !Array.isArray(kustomization.secretGenerator)) return [];
  const out: string[] = [];
  const addKeyValue = (s: string): void => {
    out.push(s);
    const eq = s.indexOf("=");
    if (eq >= 0) out.push(s.slice(eq + 1));
  };
  for (const g of kustomization.secretGenerator) {
    if (!isRecord(g)) continue;
    for (const l of strings(g.literals)) addKeyValue(l);
    for (const f of [...strings(g.envs), ...strings(g.env === undefined ? [] : [g.env])]) {
      for (const line of (readInput(f) ?? "").split(/\r?\n/)) if (!line.trimStart().startsWith("#")) addKeyValue(line);
    }
    for (const f of strings(g.files)) {
      const eq = f.indexOf("=");
      const text = readInput(eq >= 0 ? f.slice(eq + 1) : f);
      if (text !== undefined) out.push(text, ...text.split(/\r?\n/));
    }
  }
  return out;
}

/** The texts a message may quote of these values: each value and each line of a multi-line one,
 *  trimmed, long enough to be worth masking. */
export function secretTextParts(values: Iterable<string>): Set<string> {
  const needles = new Set<string>();
  for (const v of values)
    for (const part of [v, ...v.split(/\r?\n/)]) {
      const t = part.trim();
      if (t.length >= MIN_SECRET_LENGTH) needles.add(t);
    }
  return needles;
}

/** The text with every occurrence of every value (and of each line of a multi-line value) masked. */
export function scrubSecrets(text: string, values: Iterable<string>): string {
  const needles = secretTextParts(values);
  if (needles.size === 0) return text;
  // Longest first, so a value containing another is masked whole.
  let out = text;
  for (const n of [...needles].sort((a, b) => b.length - a.length))
    if (out.includes(n)) out = out.split(n).join(SECRET_MASK);
  return out;
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
}

/** Standard base64 to UTF-8 text, or undefined when it is not base64 of text. */
function decodeBase64(v: string): string | undefined {
  const s = v.replace(/\s+/g, "");
  if (s.length === 0 || s.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(s)) return undefined;
  const decoded = Buffer.from(s, "base64").toString("utf8");
  return decoded.includes("\uFFFD") ? undefined : decoded;
}
