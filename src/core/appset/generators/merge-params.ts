// The two ways Argo CD combines parameter maps in goTemplate mode, both dario.cat/mergo:
// - mergeParamsOverride: mergo.Merge(dst, src, WithOverride): nested maps merge, anything else
//   (lists, scalars, nil) from src replaces dst (matrix.go, merge.go);
// - fillTemplate: mergo.Merge(dst, src) without override: only fields that are empty (Go zero values:
//   "", 0, false, nil, empty list/map) in dst are taken from src (generator_spec_processor.go
//   (mergeGeneratorTemplate): a generator's `template` wins over the ApplicationSet's).
import { isRecord } from "../../argocd/manifest.js";
import { isGoMap, type GoMap } from "../gotemplate/go-value.js";

export function mergeParamsOverride(dst: GoMap, src: GoMap): GoMap {
  for (const [k, v] of Object.entries(src)) {
    const cur = dst[k];
    if (isGoMap(cur) && isGoMap(v)) dst[k] = mergeParamsOverride({ ...cur }, v);
    else dst[k] = v;
  }
  return dst;
}

export function isGoZero(v: unknown): boolean {
  if (v === undefined || v === null || v === "" || v === 0 || v === false) return true;
  if (Array.isArray(v)) return v.length === 0;
  if (isRecord(v)) return Object.keys(v).length === 0;
  return false;
}

export function fillTemplate(dst: unknown, src: unknown): unknown {
  if (isGoZero(dst)) return structuredClone(src);
  if (isRecord(dst) && isRecord(src)) {
    const out: Record<string, unknown> = { ...dst };
    for (const [k, v] of Object.entries(src)) out[k] = fillTemplate(dst[k], v);
    return out;
  }
  return dst;
}
