// One Go text/template render, as argo-cd:applicationset/utils/utils.go (Replace) does it for each
// string of an ApplicationSet: parse, apply goTemplateOptions, execute over the parameters.
import { GoTemplateError, type GoValue } from "./go-value.js";
import { execTemplate, type MissingKey } from "./exec-template.js";
import { parseTemplate, type Node } from "./parse-template.js";
import { templateFuncs } from "./template-funcs.js";

const parsed = new Map<string, Node[]>();
const MAX_CACHED = 5000;

/** Renders `template` over `data`. Throws GoTemplateError for what Go reports as an error
 *  (parse error, missing key under missingkey=error, a function failing), NotModelledError
 *  for a Sprig function this interpreter does not implement. */
export function renderGoTemplate(params: { template: string; data: GoValue; options?: readonly string[] }): string {
  let missingKey: MissingKey = "default";
  for (const opt of params.options ?? []) {
    // text/template Option: only missingkey=... exists; anything else panics in Go.
    const m = /^missingkey=(default|invalid|zero|error)$/.exec(opt);
    if (!m) throw new GoTemplateError(`unrecognized option: ${opt}`);
    missingKey = m[1] as MissingKey;
  }
  let nodes = parsed.get(params.template);
  if (!nodes) {
    try {
      nodes = parseTemplate(params.template);
    } catch (e) {
      throw new GoTemplateError(`failed to parse template ${params.template}: ${(e as Error).message}`);
    }
    if (parsed.size > MAX_CACHED) parsed.clear();
    parsed.set(params.template, nodes);
  }
  try {
    return execTemplate({ nodes, data: params.data, funcs: templateFuncs(), missingKey });
  } catch (e) {
    if (e instanceof GoTemplateError)
      throw new GoTemplateError(`failed to execute go template ${params.template}: ${e.message}`);
    throw e;
  }
}
