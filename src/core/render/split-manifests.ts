// Turning tool output into objects the way the repo-server does:
// kube.SplitYAML (argo-cd:gitops-engine/pkg/utils/kube/kube.go (SplitYAML)) then List unwrapping
// (argo-cd:reposerver/repository/repository.go (GenerateManifests, isNullList)).
import { parseAllDocuments, type Tags } from "yaml";
import type { Manifest } from "../model.js";
import { isRecord } from "../argocd/manifest.js";
import { firstLine } from "../first-line.js";

export type SplitResult = { ok: true; manifests: Manifest[] } | { ok: false; error: string };

/** Kubernetes decodes YAML 1.1 like go-yaml v2 (yes/no booleans, 0755 octal) but keeps timestamps
 *  and sexagesimal numbers as strings when decoding into untyped maps. */
function kubeYamlTags(tags: Tags): Tags {
  const drop = new Set([
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:binary",
    "tag:yaml.org,2002:set",
    "tag:yaml.org,2002:omap",
    "tag:yaml.org,2002:pairs",
  ]);
  return tags.filter((t) => {
    if (typeof t === "string") return true;
    const test = "test" in t ? t.test : undefined;
    return !drop.has(t.tag) && !(test instanceof RegExp && test.source.includes(":[0-5]?[0-9]"));
  });
}

const YAML_OPTIONS = {
  version: "1.1" as const,
  merge: true,
  uniqueKeys: false,
  customTags: kubeYamlTags,
  prettyErrors: false,
};

export type DecodeResult = { objects: Manifest[]; error?: string };

/** Decodes a YAML/JSON stream document by document, stopping at the first bad one: objects read
 *  so far are returned with the error, as the Kubernetes YAML-or-JSON decoder does. Empty and
 *  `null` documents (comments only) are dropped; a document that is not an object with a `kind`
 *  is an error. */
export function decodeManifestStream(text: string): DecodeResult {
  const objects: Manifest[] = [];
  const trimmed = text.trimStart();
  if (trimmed.startsWith("{")) {
    const json = decodeJsonStream(trimmed);
    if (json) return json;
  }
  let docs;
  try {
    docs = parseAllDocuments(text, YAML_OPTIONS);
  } catch (err) {
    return { objects, error: `failed to unmarshal manifest: ${firstLine(err).trim()}` };
  }
  const list = Array.isArray(docs) ? docs : [docs];
  for (const [index, doc] of list.entries()) {
    if (doc.errors.length > 0)
      return { objects, error: `failed to unmarshal manifest: ${firstLine(doc.errors[0]).trim()}` };
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 10000 });
    } catch (err) {
      return { objects, error: `failed to unmarshal manifest: ${firstLine(err).trim()}` };
    }
    const check = checkObject(value, index);
    if (check === "skip") continue;
    if (typeof check === "string") return { objects, error: check };
    objects.push(check.obj);
  }
  return { objects };
}

/** "skip" for an empty document, an error message, or the object. Our messages carry no object
 *  data (a Secret's `data` would be quoted): the document's index, and its name when it has one. */
function checkObject(value: unknown, index: number): string | { obj: Manifest } {
  if (value === null || value === undefined) return "skip";
  if (depthExceeds(value, MAX_DEPTH))
    return `failed to unmarshal manifest: document ${index + 1} nests deeper than ${MAX_DEPTH} levels (a bound of this tool)`;
  if (!isRecord(value))
    return `failed to unmarshal manifest: cannot unmarshal ${Array.isArray(value) ? "array" : typeof value} into Go value of type map[string]interface {}`;
  if (Object.keys(value).length === 0) return "skip";
  if (typeof value.kind !== "string" || value.kind === "")
    return `Object 'Kind' is missing in document ${index + 1}${nameHint(value)}`;
  return { obj: value };
}

/** Go's decoders refuse 10,000 levels (encoding/json (maxNestingDepth); go-yaml v3 (max_depth)):
 *  everything after the decoder walks objects recursively, so ours stops well below the stack's
 *  limit. No real manifest nests more than a few dozen levels. */
const MAX_DEPTH = 1000;

/** Whether the value nests deeper than `max` (walked without recursion). */
function depthExceeds(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  const seen = new Set<unknown>();
  while (stack.length > 0) {
    const [v, d] = stack.pop()!;
    if (typeof v !== "object" || v === null || seen.has(v)) continue;
    if (d > max) return true;
    seen.add(v); // an alias shares an object: walk it once
    for (const x of Array.isArray(v) ? v : Object.values(v as Record<string, unknown>)) stack.push([x, d + 1]);
  }
  return false;
}

/** A stream of concatenated JSON objects, as the JSON branch of the decoder accepts; undefined when
 *  the text is not plain JSON (then it is parsed as YAML, a superset). */
function decodeJsonStream(text: string): DecodeResult | undefined {
  const objects: Manifest[] = [];
  let i = 0;
  let index = 0;
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i]!)) i++;
    if (i >= text.length) break;
    const end = jsonValueEnd(text, i);
    if (end < 0)
      return objects.length === 0 ? undefined : { objects, error: "failed to unmarshal manifest: invalid JSON" };
    let value: unknown;
    try {
      value = JSON.parse(text.slice(i, end));
    } catch {
      return objects.length === 0 ? undefined : { objects, error: "failed to unmarshal manifest: invalid JSON" };
    }
    const check = checkObject(value, index++);
    if (typeof check === "string" && check !== "skip") return { objects, error: check };
    if (check !== "skip" && typeof check !== "string") objects.push(check.obj);
    i = end;
  }
  return { objects };
}

/** End index of the JSON object starting at `start` ("{"), or -1. */
function jsonValueEnd(text: string, start: number): number {
  if (text[start] !== "{") return -1;
  let depth = 0;
  let inStr = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i]!;
    if (inStr) {
      if (c === "\\") i++;
      else if (c === '"') inStr = false;
      continue;
    }
    if (c === '"') inStr = true;
    else if (c === "{" || c === "[") depth++;
    else if (c === "}" || c === "]") {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

/** Any object whose top-level `items` is an array is a List and is replaced by its items, whatever
 *  its kind; `items: null` without spec/status is dropped (repository.go (GenerateManifests, isNullList)). */
export function unwrapLists(objects: readonly Manifest[]): SplitResult {
  const out: Manifest[] = [];
  for (const obj of objects) {
    if (Array.isArray(obj.items)) {
      for (const item of obj.items) {
        if (!isRecord(item))
          return { ok: false, error: `items member is not an object (${Array.isArray(item) ? "array" : typeof item})` };
        out.push(item);
      }
    } else if ("items" in obj && obj.items === null && !("spec" in obj) && !("status" in obj)) {
      continue;
    } else {
      out.push(obj);
    }
  }
  return { ok: true, manifests: out };
}

/** Tool stdout -> manifests. Any bad document fails the whole generation (a ComparisonError in Argo CD). */
export function splitManifests(text: string): SplitResult {
  const decoded = decodeManifestStream(text);
  if (decoded.error !== undefined) return { ok: false, error: decoded.error };
  return unwrapLists(decoded.objects);
}

/** ` (metadata.name "x")` when the object names itself: kind and name, never its content. */
function nameHint(value: Record<string, unknown>): string {
  const name = isRecord(value.metadata) ? value.metadata.name : undefined;
  return typeof name === "string" && name !== "" ? ` (metadata.name ${JSON.stringify(name.slice(0, 100))})` : "";
}
