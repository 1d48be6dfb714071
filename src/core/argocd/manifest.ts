// Small, tolerant accessors for Kubernetes objects parsed from users' YAML.
import type { Manifest } from "../model.js";

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function metadataOf(obj: Manifest): Record<string, unknown> {
  return isRecord(obj.metadata) ? obj.metadata : {};
}

function stringMap(v: unknown): Record<string, string> {
  if (!isRecord(v)) return {};
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(v)) {
    if (val === null || val === undefined) continue;
    out[k] = typeof val === "string" ? val : String(val);
  }
  return out;
}

export function annotationsOf(obj: Manifest): Record<string, string> {
  return stringMap(metadataOf(obj).annotations);
}

export function labelsOf(obj: Manifest): Record<string, string> {
  return stringMap(metadataOf(obj).labels);
}

export function nameOf(obj: Manifest): string {
  const n = metadataOf(obj).name;
  return typeof n === "string" ? n : n === undefined || n === null ? "" : String(n);
}

export function namespaceOf(obj: Manifest): string {
  const n = metadataOf(obj).namespace;
  return typeof n === "string" ? n : n === undefined || n === null ? "" : String(n);
}

export function kindOf(obj: Manifest): string {
  return typeof obj.kind === "string" ? obj.kind : "";
}

export function apiVersionOf(obj: Manifest): string {
  return typeof obj.apiVersion === "string" ? obj.apiVersion : "";
}

/** "apps/v1" -> "apps"; "v1" -> "" */
export function groupOf(obj: Manifest): string {
  const av = apiVersionOf(obj);
  const i = av.lastIndexOf("/");
  return i < 0 ? "" : av.slice(0, i);
}

export function finalizersOf(obj: Manifest): string[] {
  const f = metadataOf(obj).finalizers;
  return Array.isArray(f) ? f.filter((x): x is string => typeof x === "string") : [];
}

export function hasOwnerReferences(obj: Manifest): boolean {
  const o = metadataOf(obj).ownerReferences;
  return Array.isArray(o) && o.length > 0;
}

/** Locale-independent string order, for deterministic output. */
export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
