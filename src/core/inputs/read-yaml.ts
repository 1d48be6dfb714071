// A parsed YAML file of an InputTree, parsed once per tree: a base shared by 50 overlays, or a
// chart shared by 400 apps, is otherwise parsed once per application and side.
import { parse as parseYaml } from "yaml";
import type { InputTree } from "./input-tree.js";

export type ParsedYaml = { ok: true; value: unknown } | { ok: false } | undefined;

const memo = new WeakMap<InputTree, Map<string, Promise<ParsedYaml>>>();

/** undefined when the file is absent; `{ ok: false }` when it does not parse. */
export function readYaml(tree: InputTree, path: string): Promise<ParsedYaml> {
  // A view that records reads (recordReads) shares the parses of the tree it shows, and still
  // sees the read: the path is asked of the view itself.
  const owner = tree.memoTree ?? tree;
  let byPath = memo.get(owner);
  if (!byPath) memo.set(owner, (byPath = new Map<string, Promise<ParsedYaml>>()));
  let p = byPath.get(path);
  if (owner !== tree) void tree.readFile(path);
  if (!p) {
    p = Promise.resolve(owner.readFile(path)).then((text): ParsedYaml => {
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
