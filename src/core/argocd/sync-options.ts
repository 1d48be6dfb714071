// Reading Argo CD sync options, the two ways Argo CD does.
import type { Manifest } from "../model.js";
import { ANNOTATION_SYNC_OPTIONS, type SyncOptionKey } from "./constants.js";
import { annotationsOf } from "./manifest.js";

/** Items of a resource's sync-options annotation: comma separated, trimmed, de-duplicated
 *  (argo-cd:gitops-engine/pkg/sync/resource/annotations.go (GetAnnotationCSVs)). */
export function annotationOptions(obj: Manifest | undefined, annotation = ANNOTATION_SYNC_OPTIONS): string[] {
  if (!obj) return [];
  const raw = annotationsOf(obj)[annotation];
  if (!raw) return [];
  return [
    ...new Set(
      raw
        .split(",")
        .map((s) => s.trim())
        .filter((s) => s !== ""),
    ),
  ];
}

/** Value of `key=` in a resource's annotation (GetAnnotationOptionValue, prefix match). */
export function annotationOptionValue(obj: Manifest | undefined, key: string): string | undefined {
  for (const item of annotationOptions(obj)) {
    if (item.startsWith(`${key}=`)) return item.slice(key.length + 1);
  }
  return undefined;
}

/** App-level options match the exact string (argo-cd types.go (SyncOptions.HasOption)). */
export function hasAppOption(options: readonly string[], option: string): boolean {
  return options.includes(option);
}

/** App-level `key=value` (types.go (SyncOptions.GetOptionValue)). */
export function appOptionValue(options: readonly string[], key: string): string | undefined {
  for (const item of options) {
    if (item.startsWith(`${key}=`)) return item.slice(key.length + 1);
  }
  return undefined;
}

/**
 * Effective value of a resource option like `Prune` or `Delete`: the live object's
 * annotation wins, else the app-level option (only since Argo CD 3.4).
 * (argo-cd:gitops-engine/pkg/sync/sync_context.go (isPruningDisabled); controller/sync.go WithDefaultPruneOption)
 */
export function effectiveOption(params: {
  obj: Manifest | undefined;
  key: typeof SyncOptionKey.Prune | typeof SyncOptionKey.Delete;
  appOptions: readonly string[];
  appLevelSupported: boolean;
}): string | undefined {
  const own = annotationOptionValue(params.obj, params.key);
  if (own !== undefined) return own;
  if (!params.appLevelSupported) return undefined;
  return appOptionValue(params.appOptions, params.key);
}
