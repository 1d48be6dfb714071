// A generator's `values`, templated with the parameters the generator produced and exposed as
// `values.<key>` (plain) or `.values.<key>` (goTemplate)
// (argo-cd:applicationset/generators/value_interpolation.go (appendTemplatedValues)). Values see only
// the generator's own parameters, never each other.
import { isRecord } from "../../argocd/manifest.js";
import type { GoMap } from "../gotemplate/go-value.js";
import { replaceTemplateString, type TemplateMode } from "../replace-template-string.js";

export function appendTemplatedValues(params: { values: unknown; into: GoMap; mode: TemplateMode }): void {
  if (!isRecord(params.values)) return;
  const tmp: GoMap = {};
  const nested: GoMap = {};
  let any = false;
  for (const [k, raw] of Object.entries(params.values)) {
    const v = raw === null || raw === undefined ? "" : String(raw);
    const result = replaceTemplateString({ template: v, data: params.into, mode: params.mode });
    any = true;
    if (params.mode.goTemplate) nested[k] = result;
    else tmp[`values.${k}`] = result;
  }
  if (params.mode.goTemplate && any) tmp.values = nested;
  Object.assign(params.into, tmp);
}
