// `applications[].specChanges`: the Application's own fields that differ between base and head
// (sources, destination, sync policy and options, project, finalizers), one entry per leaf.
// A list of plain values (syncOptions, finalizers) is one field; a list of objects (sources) is
// compared item by item. Argo CD acts on these directly: turning `automated.prune` off stops
// pruning, a new destination moves the app (argo-cd:pkg/apis/application/v1alpha1/types.go
// (ApplicationSpec, SyncPolicy)).
import type { AppDestination, AppSpec, SpecChange } from "../model.js";
import { cmp, isRecord } from "../argocd/manifest.js";
import { formatPath, type PathSegment } from "./field-path.js";
import { stableStringify } from "./pair-apps.js";
import { summariseValues } from "./normalize-for-diff.js";

/** More than this and the rest is one "… more" entry: a rewritten spec is read in the manifest. */
const SPEC_CHANGES_MAX = 50;

export function specChangesOf(base: AppSpec, head: AppSpec): SpecChange[] {
  const out: SpecChange[] = [];
  walk(base.manifest.spec, head.manifest.spec, ["spec"], out);
  walk(finalizers(base), finalizers(head), ["metadata", "finalizers"], out);
  if (out.length <= SPEC_CHANGES_MAX) return out;
  return [
    ...out.slice(0, SPEC_CHANGES_MAX),
    { path: `… ${out.length - SPEC_CHANGES_MAX} more`, base: null, head: null },
  ];
}

export function destinationOf(spec: AppSpec): AppDestination {
  const d = spec.destination;
  return {
    ...(d.server ? { server: d.server } : {}),
    ...(d.name ? { name: d.name } : {}),
    ...(d.namespace ? { namespace: d.namespace } : {}),
  };
}

function finalizers(spec: AppSpec): unknown {
  const meta = spec.manifest.metadata;
  return isRecord(meta) ? meta.finalizers : undefined;
}

function walk(a: unknown, b: unknown, at: PathSegment[], out: SpecChange[]): void {
  if (stableStringify(a) === stableStringify(b)) return;
  if (isRecord(a) && isRecord(b)) {
    for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort(cmp)) walk(a[k], b[k], [...at, k], out);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b) && (a as unknown[]).concat(b as unknown[]).some(isRecord)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) walk(a[i], b[i], [...at, i], out);
    return;
  }
  out.push({ path: formatPath(at), base: summariseValues(a ?? null), head: summariseValues(b ?? null) });
}
