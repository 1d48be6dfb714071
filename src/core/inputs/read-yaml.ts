// A parsed YAML file of an InputTree, parsed once per tree: a base shared by 50 overlays, or a
// chart shared by 400 apps, is otherwise parsed once per application and side.
import { parse as parseYaml } from "yaml";
import type { InputTree } from "./input-tree.js";

export type ParsedYaml = { ok: true; value: unknown } | { ok: false } | undefined;

const memo = new WeakMap<InputTree, Map<string, Promise<ParsedYaml>>>();

/** undefined when the file is absent; `{ ok: false }` when it does not parse. */
export function readYaml(tree: InputTree, path: string): Promise<ParsedYaml> {
  let byPath = memo.get(tree);
  if (!byPath) memo.set(tree, (byPath = new Map<string, Promise<ParsedYaml>>()));
  let p = byPath.get(path);
  if (!p) {
    p = Promise.resolve(tree.readFile(path)).then((text): ParsedYaml => {
      if (text === undefined) return undefined;
      try {
        return { ok: true, value: parseYaml(text) };
      } catch {
        return { ok: false };
      }
    });
    byPath.set(path, p);
  }
  return p;
}
