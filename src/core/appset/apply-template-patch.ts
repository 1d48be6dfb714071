// `templatePatch` (argo-cd:applicationset/controllers/template/patch.go (applyTemplatePatch)): the
// rendered patch text (YAML or JSON) applied as a strategic merge patch onto the rendered
// Application. The Application type declares no merge keys, so maps merge recursively, lists are
// replaced, and null deletes a field. `spec.project` is restored afterwards: a patch may not move an
// Application to another project.
import { isRecord } from "../argocd/manifest.js";
import { fromGoValue } from "./gotemplate/go-value.js";
import { AppSetError } from "./generators/generator-context.js";
import { parseGoYaml } from "./parse-go-yaml.js";

export function applyTemplatePatch(params: { app: Record<string, unknown>; patch: string }): Record<string, unknown> {
  let patch: unknown;
  try {
    const text = params.patch.trim();
    patch = text.startsWith("{") ? JSON.parse(text) : fromGoValue(parseGoYaml(params.patch));
  } catch (e) {
    throw new AppSetError(
      `error while converting template to json ${JSON.stringify(params.patch)}: ${(e as Error).message}`,
    );
  }
  if (patch === null || patch === undefined) return params.app;
  if (!isRecord(patch)) throw new AppSetError(`invalid templatePatch ${JSON.stringify(params.patch)}: not an object`);
  const patched = strategicMerge(params.app, patch) as Record<string, unknown>;
  const origSpec = isRecord(params.app.spec) ? params.app.spec : {};
  const spec = isRecord(patched.spec) ? { ...patched.spec } : {};
  if (origSpec.project !== undefined) spec.project = origSpec.project;
  else delete spec.project;
  return { ...patched, spec };
}

function strategicMerge(orig: unknown, patch: unknown): unknown {
  if (!isRecord(patch)) return patch;
  if (patch.$patch === "replace") {
    const { $patch: _ignored, ...rest } = patch;
    return rest;
  }
  if (patch.$patch === "delete") return undefined;
  const out: Record<string, unknown> = isRecord(orig) ? { ...orig } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) {
      delete out[k];
      continue;
    }
    const merged = strategicMerge(out[k], v);
    if (merged === undefined) delete out[k];
    else out[k] = merged;
  }
  return out;
}
