// What every generator needs: the ApplicationSet's templating mode, the configuration (clusters,
// globbing flag), the source trees, and the expected failures they can report.
import type { Config } from "../../../config/config.js";
import type { SourceTrees } from "../../ports.js";
import type { GoMap } from "../gotemplate/go-value.js";
import type { TemplateMode } from "../replace-template-string.js";

export interface GeneratorContext {
  mode: TemplateMode;
  config: Config;
  trees: SourceTrees;
  appSetName: string;
  /** parameter sets generated so far in this evaluation, before selectors (see chargeParamSets) */
  generated?: { sets: number };
}

/** A generator or template failure: Argo CD records an error condition and reconciles nothing. */
export class AppSetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AppSetError";
  }
}

/** The generator needs data we do not have offline (live APIs, another repository). */
export class CannotEvaluateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CannotEvaluateError";
  }
}

export type ParamSet = GoMap;

/** The most parameter sets one generator (a list, a matrix's product, a merge) or one
 *  ApplicationSet may yield: the bound on Applications of a whole side. A matrix is checked while
 *  its product is built, so a hostile product is never materialised. */
export const MAX_PARAM_SETS = 20000;

/** Past MAX_PARAM_SETS: a bound of this tool's (Argo CD has none), so "cannot evaluate". */
export function tooManyParamSets(what: string): CannotEvaluateError {
  return new CannotEvaluateError(
    `${what} yields more than ${MAX_PARAM_SETS} parameter sets (a bound of this tool, not Argo CD's)`,
  );
}

/** All generators of one ApplicationSet together generate at most this many sets before their
 *  selectors filter them: a matrix whose second child is re-generated for each set of the first
 *  cannot spend minutes producing sets a selector then drops. */
const MAX_GENERATED_SETS = 100_000;

export function chargeParamSets(ctx: GeneratorContext, n: number): void {
  const g = (ctx.generated ??= { sets: 0 });
  g.sets += n;
  if (g.sets > MAX_GENERATED_SETS)
    throw new CannotEvaluateError(
      `the generators generate more than ${MAX_GENERATED_SETS} parameter sets in all (a bound of this tool, not Argo CD's)`,
    );
}
