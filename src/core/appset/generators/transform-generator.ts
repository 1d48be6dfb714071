// One entry of `spec.generators` (or a matrix/merge child) to parameter sets and the template they
// render, as argo-cd:applicationset/generators/generator_spec_processor.go (Transform) does: the
// generator's own `template` merged onto the base one, interpolation of a matrix's second child with
// the first child's parameters, then the generator-level `selector` on the flattened parameters.
import { isRecord } from "../../argocd/manifest.js";
import { formatGoValue, GoTemplateError } from "../gotemplate/go-value.js";
import { deepReplace } from "../deep-replace.js";
import { matchLabelSelector, toLabelSelector } from "../match-label-selector.js";
import { FastTemplateError } from "../render-fast-template.js";
import { replaceTemplateString } from "../replace-template-string.js";
import { generateClusterParams } from "./generate-cluster-params.js";
import { generateGitParams } from "./generate-git-params.js";
import { generateListParams } from "./generate-list-params.js";
import { flattenParams } from "./flatten-params.js";
import {
  AppSetError,
  CannotEvaluateError,
  chargeParamSets,
  MAX_PARAM_SETS,
  tooManyParamSets,
  type GeneratorContext,
  type ParamSet,
} from "./generator-context.js";
import { fillTemplate, mergeParamsOverride } from "./merge-params.js";

export interface TransformResult {
  params: ParamSet[];
  template: Record<string, unknown>;
}

/** Generator kinds in the order of the Go struct fields (GetRelevantGenerators walks them so). */
const GENERATOR_KINDS = [
  "list",
  "clusters",
  "git",
  "scmProvider",
  "clusterDecisionResource",
  "pullRequest",
  "plugin",
  "matrix",
  "merge",
] as const;
type GeneratorKind = (typeof GENERATOR_KINDS)[number];

const LIVE_DATA: Partial<Record<GeneratorKind, string>> = {
  scmProvider: "the SCM provider generator needs live data (the SCM provider's API)",
  clusterDecisionResource: "the cluster decision resource generator needs live data (a resource in the cluster)",
  pullRequest: "the pull request generator needs live data (the SCM provider's open pull requests)",
  plugin: "the plugin generator needs live data (an HTTP plugin service)",
};

/** Generator types whose `values` map Argo CD pre-resolves with missingkey=error, keeping the original
 *  text when a key is missing (utils.go (RenderGeneratorParams), getFilteredGeneratorTypes). */
const TYPES_WITH_VALUES = new Set([
  "clusters",
  "git",
  "scmProvider",
  "clusterDecisionResource",
  "pullRequest",
  "plugin",
]);

/** Nesting depth: top-level matrix/merge may hold matrix/merge children; those may not
 *  (utils.go GetGenerators: nested generators only know the terminal ones). */
const MAX_NESTING = 1;

export async function transformGenerator(params: {
  generator: Record<string, unknown>;
  baseTemplate: Record<string, unknown>;
  genParams: ParamSet;
  ctx: GeneratorContext;
  depth: number;
}): Promise<TransformResult[]> {
  const { generator, baseTemplate, genParams, ctx, depth } = params;
  let selector;
  try {
    selector =
      generator.selector === undefined || generator.selector === null ? undefined : toLabelSelector(generator.selector);
  } catch (e) {
    throw new AppSetError(`error parsing label selector: ${(e as Error).message}`);
  }
  const kinds = GENERATOR_KINDS.filter((k) => generator[k] !== undefined && generator[k] !== null);
  const results: TransformResult[] = [];
  for (const kind of kinds) {
    const own = isRecord(generator[kind]) ? generator[kind] : {};
    const template = fillTemplate(isRecord(own.template) ? own.template : {}, baseTemplate) as Record<string, unknown>;
    let gen = generator;
    if (Object.keys(genParams).length > 0) gen = interpolateGenerator({ generator, params: genParams, ctx });
    const spec = isRecord(gen[kind]) ? gen[kind] : {};
    const produced = await generateParams({ kind, spec, ctx, depth });
    chargeParamSets(ctx, produced.length);
    const filtered = selector
      ? produced.filter((p) => matchLabelSelector({ selector: selector, labels: flattenParams(p) }))
      : produced;
    results.push({ params: filtered, template });
  }
  return results;
}

async function generateParams(p: {
  kind: GeneratorKind;
  spec: Record<string, unknown>;
  ctx: GeneratorContext;
  depth: number;
}): Promise<ParamSet[]> {
  const { kind, spec, ctx, depth } = p;
  const live = LIVE_DATA[kind];
  if (live) throw new CannotEvaluateError(live);
  switch (kind) {
    case "list":
      return generateListParams({ spec, ctx });
    case "clusters":
      return generateClusterParams({ spec, ctx });
    case "git":
      return generateGitParams({ spec, ctx });
    case "matrix":
      if (depth > MAX_NESTING) throw new AppSetError("matrix generators can be nested only one level deep");
      return generateMatrixParams({ spec, ctx, depth });
    case "merge":
      if (depth > MAX_NESTING) throw new AppSetError("merge generators can be nested only one level deep");
      return generateMergeParams({ spec, ctx, depth });
    default:
      throw new CannotEvaluateError(`the ${kind} generator needs live data`);
  }
}

/** A child of a matrix or merge: exactly one generator kind, its template ignored. */
async function childParams(p: {
  child: unknown;
  ctx: GeneratorContext;
  depth: number;
  genParams: ParamSet;
}): Promise<ParamSet[]> {
  if (!isRecord(p.child)) throw new AppSetError("child generator generated no parameters");
  const t = await transformGenerator({
    generator: p.child,
    baseTemplate: {},
    genParams: p.genParams,
    ctx: p.ctx,
    depth: p.depth + 1,
  });
  if (t.length === 0) throw new AppSetError("child generator generated no parameters");
  if (t.length > 1) throw new AppSetError("found more than one generator in matrix.Generators");
  return t[0]!.params;
}

/** argo-cd:applicationset/generators/matrix.go: exactly two children; the second is rendered with each
 *  parameter set of the first. goTemplate merges maps with the first child winning; plain mode
 *  refuses a key both children set to different values. */
async function generateMatrixParams(p: {
  spec: Record<string, unknown>;
  ctx: GeneratorContext;
  depth: number;
}): Promise<ParamSet[]> {
  const children = Array.isArray(p.spec.generators) ? p.spec.generators : [];
  if (children.length < 2) throw new AppSetError("found less than two generators, Matrix support only two");
  if (children.length > 2) throw new AppSetError("found more than two generators, Matrix support only two");
  const res: ParamSet[] = [];
  const g0 = await childParams({ child: children[0], ctx: p.ctx, depth: p.depth, genParams: {} }).catch(
    (e: unknown) => {
      throw wrap(e, "error failed to get params for first generator in matrix generator");
    },
  );
  for (const a of g0) {
    const g1 = await childParams({ child: children[1], ctx: p.ctx, depth: p.depth, genParams: a }).catch(
      (e: unknown) => {
        throw wrap(e, "failed to get params for second generator in the matrix generator");
      },
    );
    if (res.length + g1.length > MAX_PARAM_SETS) throw tooManyParamSets("the matrix generator");
    for (const b of g1) {
      if (p.ctx.mode.goTemplate) {
        res.push(mergeParamsOverride(mergeParamsOverride({}, structuredClone(b)), structuredClone(a)));
      } else {
        const combined: ParamSet = {};
        for (const [k, v] of Object.entries(flattenScalars(a))) combined[k] = v;
        for (const [k, v] of Object.entries(flattenScalars(b))) {
          if (k in combined && combined[k] !== v)
            throw new AppSetError(
              `failed to combine string maps with merging params for the matrix generator: found duplicate key ${k} with different value, a: ${String(combined[k])} ,b: ${v}`,
            );
          combined[k] = v;
        }
        res.push(combined);
      }
    }
  }
  return res;
}

/** utils.ConvertToMapStringString: fmt %v of each value. */
function flattenScalars(p: ParamSet): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(p)) out[k] = formatGoValue(v);
  return out;
}

/** argo-cd:applicationset/generators/merge.go: the first child's sets, each overridden by the sets of
 *  later children with the same values of `mergeKeys`; sets must be unique per key in every child. */
async function generateMergeParams(p: {
  spec: Record<string, unknown>;
  ctx: GeneratorContext;
  depth: number;
}): Promise<ParamSet[]> {
  const children = Array.isArray(p.spec.generators) ? p.spec.generators : [];
  if (children.length < 2) throw new AppSetError("found less than two generators, Merge requires two or more");
  const mergeKeys = Array.isArray(p.spec.mergeKeys) ? p.spec.mergeKeys.map((k) => String(k)) : [];
  const sets: ParamSet[][] = [];
  for (const [i, child] of children.entries()) {
    sets.push(
      await childParams({ child, ctx: p.ctx, depth: p.depth, genParams: {} }).catch((e: unknown) => {
        throw wrap(
          e,
          `error getting param sets from generators: error getting params from generator ${i + 1} of ${children.length}`,
        );
      }),
    );
  }
  const base = byMergeKey(mergeKeys, sets[0]!);
  for (const later of sets.slice(1)) {
    const other = byMergeKey(mergeKeys, later);
    for (const [key, baseSet] of base) {
      const override = other.get(key);
      if (!override) continue;
      if (p.ctx.mode.goTemplate) base.set(key, mergeParamsOverride(baseSet, structuredClone(override)));
      else base.set(key, Object.assign(baseSet, override));
    }
  }
  // Go iterates a map here, so Argo CD's order is random; the first child's order is kept.
  return [...base.values()];
}

function byMergeKey(mergeKeys: string[], sets: ParamSet[]): Map<string, ParamSet> {
  if (mergeKeys.length < 1) throw new AppSetError("no merge keys were specified, Merge requires at least one");
  const keys = [...new Set(mergeKeys)].sort();
  const out = new Map<string, ParamSet>();
  for (const set of sets) {
    const id = JSON.stringify(Object.fromEntries(keys.map((k) => [k, set[k] === undefined ? null : jsonable(set[k])])));
    if (out.has(id))
      throw new AppSetError(
        `the parameters from a generator were not unique by the given mergeKeys, Merge requires all param sets to be unique. Duplicate key was ${id}`,
      );
    out.set(id, structuredClone(set));
  }
  return out;
}

function jsonable(v: unknown): unknown {
  return typeof v === "bigint" ? Number(v) : v;
}

/** utils.go (RenderGeneratorParams): every string of the child generator templated with the first
 *  child's parameters; a generator's `values` are resolved with missingkey=error and left as written
 *  when a key is missing, so they can still refer to the child's own parameters. */
function interpolateGenerator(p: {
  generator: Record<string, unknown>;
  params: ParamSet;
  ctx: GeneratorContext;
}): Record<string, unknown> {
  const { mode } = p.ctx;
  const valuesMode = mode.goTemplate
    ? {
        goTemplate: true,
        goTemplateOptions: [...mode.goTemplateOptions.filter((o) => !o.startsWith("missingkey=")), "missingkey=error"],
      }
    : mode;
  return deepReplace({
    value: p.generator,
    data: p.params,
    mode,
    filter: (path, key, value) => {
      const parent = path[path.length - 1];
      if (key !== "values" || parent === undefined || !TYPES_WITH_VALUES.has(parent) || !isRecord(value))
        return undefined;
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) {
        const text = v === null || v === undefined ? "" : String(v);
        try {
          out[k] = replaceTemplateString({ template: text, data: p.params, mode: valuesMode });
        } catch (e) {
          if (e instanceof GoTemplateError && /map has no entry for key|can't evaluate field/.test(e.message))
            out[k] = text;
          else throw e;
        }
      }
      return { value: out };
    },
  }) as Record<string, unknown>;
}

function wrap(e: unknown, context: string): unknown {
  if (e instanceof AppSetError) return new AppSetError(`${context}: ${e.message}`);
  if (e instanceof GoTemplateError || e instanceof FastTemplateError)
    return new AppSetError(`${context}: ${e.message}`);
  return e;
}
