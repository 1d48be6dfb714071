// `.argocd-source.yaml` and `.argocd-source-<appName>.yaml` in the app path are JSON merge patches
// (RFC 7386) over the source; only tool fields may change, so repoURL, path, chart and
// targetRevision are restored (argo-cd:reposerver/repository/repository.go (mergeSourceParameters)).
import { isRecord } from "../argocd/manifest.js";
import type { AppSource } from "../model.js";

export const SOURCE_OVERRIDE_FILE = ".argocd-source.yaml";

export function appSourceOverrideFile(appName: string): string {
  return `.argocd-source-${appName}.yaml`;
}

export function jsonMergePatch(target: unknown, patch: unknown): unknown {
  if (!isRecord(patch)) return patch;
  const out: Record<string, unknown> = isRecord(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = jsonMergePatch(out[k], v);
  }
  return out;
}

/** `patches` are parsed override files in order (the generic one first, then the app-specific one). */
export function mergeSourceOverrides(source: AppSource, patches: readonly unknown[]): AppSource {
  let merged: unknown = JSON.parse(JSON.stringify(source));
  for (const p of patches) merged = jsonMergePatch(merged, p);
  const out = (isRecord(merged) ? merged : {}) as unknown as AppSource;
  const restored: AppSource = { ...out, repoURL: source.repoURL };
  for (const k of ["path", "chart", "targetRevision"] as const) {
    if (source[k] === undefined) delete restored[k];
    else restored[k] = source[k];
  }
  for (const k of ["helm", "kustomize", "directory", "plugin"] as const) {
    if (restored[k] !== undefined && !isRecord(restored[k])) delete restored[k];
  }
  return restored;
}
