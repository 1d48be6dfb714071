// Applies templating to every string of an object, map keys included
// (argo-cd:applicationset/utils/utils.go (deeplyReplaceWithFilter)): "Keys can be templated as well
// as values". Non-string scalars are copied; nil map values are dropped, as the Go walk skips them.
import { isRecord } from "../argocd/manifest.js";
import type { GoMap } from "./gotemplate/go-value.js";
import { replaceTemplateString, type TemplateMode } from "./replace-template-string.js";

/** Returns a replacement for a map entry, or undefined to walk it normally. */
export type ReplaceFilter = (path: readonly string[], key: string, value: unknown) => { value: unknown } | undefined;

export function deepReplace(params: {
  value: unknown;
  data: GoMap;
  mode: TemplateMode;
  filter?: ReplaceFilter;
}): unknown {
  const { data, mode, filter } = params;
  const walk = (v: unknown, path: string[]): unknown => {
    if (typeof v === "string") return replaceTemplateString({ template: v, data, mode });
    if (Array.isArray(v)) return v.map((e) => walk(e, path));
    if (isRecord(v)) {
      const out: Record<string, unknown> = {};
      for (const [k, val] of Object.entries(v)) {
        if (val === null || val === undefined) continue;
        const filtered = filter?.(path, k, val);
        const newVal = filtered ? filtered.value : walk(val, [...path, k]);
        out[replaceTemplateString({ template: k, data, mode })] = newVal;
      }
      return out;
    }
    return v;
  };
  return walk(params.value, []);
}
