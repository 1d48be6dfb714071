// What of a rendered object a reviewer should see compared: Argo CD's own noise removed, the
// team's `diff.ignore` applied, Secret values masked and oversized values summarised.
import { createHash } from "node:crypto";
import type { Config, DiffIgnoreRule } from "../../config/config.js";
import type { Manifest, Ref } from "../model.js";
import { isRecord } from "../argocd/manifest.js";
import { pathUnder, type PathSegment } from "./field-path.js";

/** Argo CD stamps these on every target object itself (argo-cd:util/argo/resource_tracking.go
 *  (SetAppInstance); argo-cd:common/common.go (AnnotationKeyAppInstance, AnnotationInstallationID)):
 *  a difference there is its bookkeeping, not the change under review. */
export const TRACKING_ANNOTATION = "argocd.argoproj.io/tracking-id";
const INSTALLATION_ID_ANNOTATION = "argocd.argoproj.io/installation-id";
/** kubectl's copy of the whole object: for a Secret it holds every value in clear. */
const LAST_APPLIED_ANNOTATION = "kubectl.kubernetes.io/last-applied-configuration";

/** A single-line string longer than this is summarised (a base64 blob, a minified bundle). */
export const VALUE_SUMMARY_MIN_CHARS = 512;

/** The comparable form of one object, before masking (masking needs both sides). */
export function normalizeForDiff(params: { obj: Manifest; ref: Ref; config: Config }): Manifest {
  const { obj, ref, config } = params;
  const out = structuredClone(obj);
  // `status` is never compared: Argo CD ignores it in diffs (argo-cd:util/settings/settings.go
  // (GetIgnoreResourceStatusField), default "all" since 3.0; gitops-engine:pkg/diff/diff.go
  // (Normalize, with IgnoreResourceStatusField)), and the API server ignores it on apply.
  delete out.status;
  const meta = isRecord(out.metadata) ? out.metadata : undefined;
  if (meta) {
    dropKeys(meta, "annotations", [TRACKING_ANNOTATION, INSTALLATION_ID_ANNOTATION]);
    if (config.argocd.trackingMethod !== "annotation") dropKeys(meta, "labels", [config.argocd.instanceLabelKey]);
    if (isSecret(ref)) dropKeys(meta, "annotations", [LAST_APPLIED_ANNOTATION]);
  }
  for (const rule of config.diff?.ignore ?? []) {
    if (!ruleMatches(rule, ref) || rule.paths.length === 0) continue;
    for (const p of rule.paths) deletePath(out, p);
  }
  return out;
}

/** A `diff.ignore` entry with no paths hides the whole resource's changes. */
export function ignoredWhole(params: { ref: Ref; config: Config }): boolean {
  return (params.config.diff?.ignore ?? []).some((r) => r.paths.length === 0 && ruleMatches(r, params.ref));
}

export function isSecret(ref: Ref): boolean {
  return ref.group === "" && ref.kind === "Secret";
}

/** Masks a Secret's values on both sides as Argo CD's diff does (gitops-engine:pkg/diff/diff.go
 *  (HideSecretData, NormalizeSecret)): `stringData` counts as the `data` it becomes; per key, equal
 *  values get the same run of `+`, a different value a longer one. Never a part or a hash of a value.
 *  Anything else under data/stringData that is not a key map is dropped, not printed. */
export function maskSecretPair(base: Manifest | undefined, head: Manifest | undefined): void {
  const sides = [base, head].filter((x): x is Manifest => x !== undefined);
  const values = sides.map(secretValues);
  const keys = [...new Set(values.flatMap((v) => [...v.keys()]))].sort();
  const masked: Record<string, string>[] = sides.map(() => ({}));
  for (const k of keys) {
    const seen = new Map<string, string>();
    let next = "++++++++";
    values.forEach((v, i) => {
      const value = v.get(k);
      if (value === undefined) return;
      let mask = seen.get(value);
      if (mask === undefined) {
        mask = next;
        seen.set(value, mask);
        next += "++++";
      }
      masked[i]![k] = mask;
    });
  }
  sides.forEach((obj, i) => {
    delete obj.stringData;
    if (Object.keys(masked[i]!).length > 0 || "data" in obj) obj.data = masked[i]!;
  });
}

/** Replaces oversized and binary-looking scalars by a summary that still differs when they differ
 *  (a short digest: never used on a Secret, whose values are masked before this runs). */
export function summariseValues(v: unknown, inBinaryData = false): unknown {
  if (typeof v === "string") return summariseString(v, inBinaryData);
  if (Array.isArray(v)) return v.map((x) => summariseValues(x));
  if (isRecord(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = summariseValues(x, k === "binaryData" && isRecord(x));
    if (inBinaryData) for (const k of Object.keys(out)) out[k] = summariseString(String(v[k]), true);
    return out;
  }
  return v;
}

function summariseString(s: string, binary: boolean): string {
  const controls = /[\u0000-\u0008\u000e-\u001f]/.test(s);
  const longLine = !s.includes("\n") && s.length > VALUE_SUMMARY_MIN_CHARS;
  if (!binary && !controls && !longLine) return s;
  const digest = createHash("sha256").update(s).digest("hex").slice(0, 12);
  const what = binary || controls ? "binary value" : "value";
  return `<${what}, ${s.length} characters, sha256 ${digest}…>`;
}

function secretValues(obj: Manifest): Map<string, string> {
  const out = new Map<string, string>();
  if (isRecord(obj.data)) for (const [k, v] of Object.entries(obj.data)) out.set(k, String(v));
  // Kubernetes merges stringData into data, base64-encoded, stringData winning.
  if (isRecord(obj.stringData))
    for (const [k, v] of Object.entries(obj.stringData)) out.set(k, Buffer.from(String(v), "utf8").toString("base64"));
  return out;
}

function ruleMatches(rule: DiffIgnoreRule, ref: Ref): boolean {
  return (
    (rule.kind === undefined || rule.kind === ref.kind) &&
    (rule.group === undefined || rule.group === ref.group) &&
    (rule.name === undefined || rule.name === ref.name)
  );
}

function dropKeys(meta: Record<string, unknown>, field: "annotations" | "labels", keys: string[]): void {
  const map = meta[field];
  if (!isRecord(map)) return;
  for (const k of keys) delete map[k];
  if (Object.keys(map).length === 0) delete meta[field];
}

/** Deletes every node under `pattern` (`*` = any key or index). */
function deletePath(root: unknown, pattern: readonly PathSegment[]): void {
  if (pattern.length === 0) return;
  const [head, ...rest] = pattern;
  const children: [PathSegment, unknown][] = Array.isArray(root)
    ? root.map((x, i) => [i, x])
    : isRecord(root)
      ? Object.entries(root)
      : [];
  const matches = children.filter(([k]) => pathUnder([k], [head!]));
  if (rest.length === 0) {
    if (Array.isArray(root)) {
      const drop = new Set(matches.map(([k]) => k as number));
      const kept = root.filter((_, i) => !drop.has(i));
      root.splice(0, root.length, ...(kept as unknown[]));
    } else if (isRecord(root)) for (const [k] of matches) delete root[k as string];
    return;
  }
  for (const [, child] of matches) deletePath(child, rest);
}
