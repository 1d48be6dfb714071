// The list generator (argo-cd:applicationset/generators/list.go). In plain mode every element
// value must be a string (a `values` map becomes `values.<k>`), otherwise Argo CD errors; an empty
// element yields an empty parameter set, which renders the template untouched. goTemplate keeps
// elements as they are. `elementsYaml` elements are appended unchecked.
import { isRecord } from "../../argocd/manifest.js";
import { isGoMap, toGoValue } from "../gotemplate/go-value.js";
import { parseGoYaml } from "../parse-go-yaml.js";
import {
  AppSetError,
  MAX_PARAM_SETS,
  tooManyParamSets,
  type GeneratorContext,
  type ParamSet,
} from "./generator-context.js";

export function generateListParams(params: { spec: Record<string, unknown>; ctx: GeneratorContext }): ParamSet[] {
  const { spec, ctx } = params;
  const res: ParamSet[] = [];
  const elements = Array.isArray(spec.elements) ? spec.elements : [];
  if (elements.length > MAX_PARAM_SETS) throw tooManyParamSets("the list generator");
  for (const raw of elements) {
    if (!isRecord(raw)) throw new AppSetError("error unmarshling list element: not an object");
    const element = toGoValue(raw) as ParamSet;
    if (ctx.mode.goTemplate) {
      res.push(element);
      continue;
    }
    const flat: ParamSet = {};
    for (const [key, value] of Object.entries(element)) {
      if (key === "values") {
        if (!isGoMap(value)) throw new AppSetError("error parsing values map");
        for (const [k, v] of Object.entries(value)) {
          if (typeof v !== "string") throw new AppSetError(`error parsing value as string: values.${k}`);
          flat[`values.${k}`] = v;
        }
      } else {
        if (typeof value !== "string") throw new AppSetError(`error parsing value as string: ${key}`);
        flat[key] = value;
      }
    }
    res.push(flat);
  }
  if (typeof spec.elementsYaml === "string" && spec.elementsYaml !== "") {
    let parsed;
    try {
      parsed = parseGoYaml(spec.elementsYaml);
    } catch (e) {
      throw new AppSetError(`error unmarshling decoded ElementsYaml ${(e as Error).message}`);
    }
    if (parsed !== null && parsed !== undefined) {
      if (!Array.isArray(parsed) || !parsed.every((e) => isGoMap(e) || e === null))
        throw new AppSetError("error unmarshling decoded ElementsYaml: not a list of objects");
      if (res.length + parsed.length > MAX_PARAM_SETS) throw tooManyParamSets("the list generator");
      for (const e of parsed) res.push(isGoMap(e) ? e : {});
    }
  }
  return res;
}
