// One Application from the template and one parameter set
// (argo-cd:applicationset/utils/utils.go (RenderTemplateParams)).
import { FINALIZER_RESOURCES } from "../argocd/constants.js";
import { isRecord } from "../argocd/manifest.js";
import type { GoMap } from "./gotemplate/go-value.js";
import { deepReplace } from "./deep-replace.js";
import type { TemplateMode } from "./replace-template-string.js";

/** The Application Argo CD starts from (template.go (GetTempApplication)): only name, namespace,
 *  labels, annotations and finalizers of the template's metadata, and its spec. */
export function tempApplication(template: Record<string, unknown>): Record<string, unknown> {
  const meta = isRecord(template.metadata) ? template.metadata : {};
  const metadata: Record<string, unknown> = {};
  for (const k of ["name", "namespace", "labels", "annotations", "finalizers"])
    if (meta[k] !== undefined && meta[k] !== null) metadata[k] = meta[k];
  return { metadata, spec: isRecord(template.spec) ? template.spec : {} };
}

export function renderTemplateParams(params: {
  app: Record<string, unknown>;
  data: GoMap;
  mode: TemplateMode;
  preserveResourcesOnDeletion: boolean;
}): Record<string, unknown> {
  // An empty parameter set returns the template untouched: no templating, no finalizer.
  if (Object.keys(params.data).length === 0) return structuredClone(params.app);
  const replaced = deepReplace({ value: params.app, data: params.data, mode: params.mode }) as Record<string, unknown>;
  const metadata = isRecord(replaced.metadata) ? { ...replaced.metadata } : {};
  const finalizers = Array.isArray(metadata.finalizers) ? metadata.finalizers : [];
  // "Add the 'resources-finalizer' finalizer if the template application doesn't have any
  // finalizers and preserveResourcesOnDeletion is not set" (RenderTemplateParams).
  if (!params.preserveResourcesOnDeletion && finalizers.length === 0) metadata.finalizers = [FINALIZER_RESOURCES];
  return { ...replaced, metadata };
}
