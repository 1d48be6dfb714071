// Evaluates an ApplicationSet as Argo CD's applicationset controller does on a reconcile
// (argo-cd:applicationset/controllers/template/template.go (GenerateApplications)): every generator
// in order, each parameter set rendered into an Application, the templatePatch applied, and the
// namespace forced to the ApplicationSet's. Any generator or template error aborts the reconcile
// (Argo CD then creates, updates and deletes nothing), which is `{ ok: false, reason: "error" }`.
import type { Config } from "../../config/config.js";
import { APPLICATION_API_VERSION, APPLICATION_KIND } from "../argocd/constants.js";
import { isRecord } from "../argocd/manifest.js";
import type { AppSetResult, AppSetSpec, Manifest } from "../model.js";
import type { SourceTrees } from "../ports.js";
import { applyTemplatePatch } from "./apply-template-patch.js";
import { NotModelledError } from "./gotemplate/exec-template.js";
import { GoTemplateError } from "./gotemplate/go-value.js";
import {
  AppSetError,
  CannotEvaluateError,
  MAX_PARAM_SETS,
  tooManyParamSets,
  type GeneratorContext,
} from "./generators/generator-context.js";
import { transformGenerator } from "./generators/transform-generator.js";
import { FastTemplateError } from "./render-fast-template.js";
import { renderTemplateParams, tempApplication } from "./render-template-params.js";
import { replaceTemplateString, type TemplateMode } from "./replace-template-string.js";
import { resolveAppSetPolicy } from "./resolve-app-set-policy.js";

export async function evaluateAppSet(params: {
  appSet: AppSetSpec;
  config: Config;
  trees: SourceTrees;
}): Promise<AppSetResult> {
  const { appSet, config, trees } = params;
  const spec = isRecord(appSet.manifest.spec) ? appSet.manifest.spec : {};
  const policy = resolveAppSetPolicy({ spec, config });
  const mode: TemplateMode = {
    goTemplate: spec.goTemplate === true,
    goTemplateOptions: Array.isArray(spec.goTemplateOptions) ? spec.goTemplateOptions.map((o) => String(o)) : [],
  };
  const ctx: GeneratorContext = { mode, config, trees, appSetName: appSet.name, generated: { sets: 0 } };
  const template = isRecord(spec.template) ? spec.template : {};
  const syncPolicy = isRecord(spec.syncPolicy) ? spec.syncPolicy : {};
  const preserveResourcesOnDeletion = syncPolicy.preserveResourcesOnDeletion === true;
  const templatePatch = typeof spec.templatePatch === "string" ? spec.templatePatch : undefined;
  const generators = Array.isArray(spec.generators) ? spec.generators : [];

  const apps: Manifest[] = [];
  // Argo CD keeps going after a failing generator and reports the first error; the reconcile is
  // aborted either way, so the first failure is what we report.
  const failures: unknown[] = [];
  for (const [i, generator] of generators.entries()) {
    if (!isRecord(generator)) {
      failures.push(new AppSetError(`generator ${i + 1} is not an object`));
      continue;
    }
    try {
      // A generator of no known kind (a typo such as `lists:`) only logs a warning in Argo CD
      // (CheckInvalidGenerators) and generates nothing: its Applications are then deleted.
      const results = await transformGenerator({ generator, baseTemplate: template, genParams: {}, ctx, depth: 0 });
      for (const result of results) {
        const tmplApp = tempApplication(result.template);
        if (apps.length + result.params.length > MAX_PARAM_SETS)
          throw tooManyParamSets(`ApplicationSet ${appSet.name}`);
        for (const data of result.params) {
          let app = renderTemplateParams({ app: tmplApp, data, mode, preserveResourcesOnDeletion });
          if (templatePatch !== undefined) {
            const patchText = replaceTemplateString({ template: templatePatch, data, mode });
            app = applyTemplatePatch({ app, patch: patchText });
          }
          apps.push(toManifest({ app, namespace: appSet.namespace }));
        }
      }
    } catch (e) {
      failures.push(e);
    }
  }
  const failure = pickFailure(failures);
  if (failure) return { ...failure, policy };

  // A repeated name is not a generation error: validateGeneratedApplications
  // (applicationset_controller.go) marks that name invalid, so Argo CD neither creates nor updates
  // it, yet keeps it in the generated list, so it is not deleted either, while every other
  // Application is reconciled as usual. Aborting here would hide those other deletions; both
  // copies are returned so the duplicate-application rule reports the conflict.
  return { ok: true, apps, policy };
}

function pickFailure(
  failures: unknown[],
): { ok: false; reason: "error" | "cannot-evaluate"; message: string } | undefined {
  if (failures.length === 0) return undefined;
  // A definite Argo CD error outranks "we cannot tell": the reconcile aborts whatever the rest does.
  const definite = failures.find(
    (e) => e instanceof AppSetError || e instanceof GoTemplateError || e instanceof FastTemplateError,
  );
  if (definite) return { ok: false, reason: "error", message: definite.message };
  const unknown = failures.find((e) => e instanceof CannotEvaluateError || e instanceof NotModelledError);
  if (unknown) return { ok: false, reason: "cannot-evaluate", message: unknown.message };
  throw failures[0];
}

function toManifest(params: { app: Record<string, unknown>; namespace: string }): Manifest {
  const meta = isRecord(params.app.metadata) ? params.app.metadata : {};
  const metadata: Record<string, unknown> = { ...meta, namespace: params.namespace };
  for (const k of ["labels", "annotations", "finalizers"]) {
    const v = metadata[k];
    if (
      v === undefined ||
      v === null ||
      (Array.isArray(v) && v.length === 0) ||
      (isRecord(v) && Object.keys(v).length === 0)
    )
      delete metadata[k];
  }
  const { metadata: _m, spec, ...rest } = params.app;
  return {
    ...rest,
    apiVersion: APPLICATION_API_VERSION,
    kind: APPLICATION_KIND,
    metadata,
    spec: isRecord(spec) ? spec : {},
  };
}
