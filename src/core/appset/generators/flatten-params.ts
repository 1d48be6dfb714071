// jeremywohl/flatten in DotStyle followed by fmt's %v, as Argo CD flattens parameters for the
// generator selector (generator_spec_processor.go (flattenParameters)) and plain-mode git files
// (git.go (generateParamsFromGitFile)): nested maps and lists become `a.b` / `a.0` keys, empty
// maps and lists vanish, nil prints `<nil>`.
import { formatGoValue, isGoMap, type GoValue } from "../gotemplate/go-value.js";

export function flattenParams(value: Record<string, GoValue>): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (v: GoValue, key: string) => {
    if (isGoMap(v)) for (const [k, x] of Object.entries(v)) walk(x, key ? `${key}.${k}` : k);
    else if (Array.isArray(v)) v.forEach((x, i) => walk(x, key ? `${key}.${i}` : String(i)));
    else out[key] = formatGoValue(v);
  };
  for (const [k, v] of Object.entries(value)) walk(v, k);
  return out;
}
