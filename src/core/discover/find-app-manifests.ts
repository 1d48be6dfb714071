// Application and ApplicationSet manifests declared in repository files. Tolerant: a document
// that does not parse is skipped; a file that looks like an Application and does not parse is
// reported (never fatal for the rest): neither a YAML error, an alias bomb ("billion laughs": the
// yaml library refuses to expand more than maxAliasCount aliases) nor an oversized file stops the
// discovery of the other files.
import { isCollection, isPair, parseAllDocuments, visit, type Document } from "yaml";
import type { Manifest } from "../model.js";
import { APPLICATION_GROUP, APPLICATIONSET_KIND, APPLICATION_KIND } from "../argocd/constants.js";
import { isRecord } from "../argocd/manifest.js";
import { firstLine } from "../first-line.js";

export interface AppManifestDoc {
  file: string;
  kind: "Application" | "ApplicationSet";
  obj: Manifest;
}

export interface FoundAppManifests {
  docs: AppManifestDoc[];
  parseErrors: { file: string; message: string }[];
}

/** Larger than any Application file (Argo CD's own install.yaml, CRDs included, is about 2 MB). */
export const MAX_APP_FILE_BYTES = 16 * 1024 * 1024;
/** Aliases one document may expand: far above what anchors in real manifests use. */
const MAX_ALIAS_COUNT = 1000;

const MANIFEST_FILE = /\.(ya?ml|json)$/i;
const MENTIONS_APP = /["']?kind["']?\s*:\s*["']?Application(Set)?["']?\s*(,|$|\n|\r|})/m;

/** Cheap pre-filter so a monorepo's thousands of files are not all parsed. */
export function mayDeclareApps(path: string, text: string): boolean {
  return MANIFEST_FILE.test(path) && MENTIONS_APP.test(text) && text.includes(APPLICATION_GROUP);
}

export function findAppManifests(files: { path: string; text: string }[]): FoundAppManifests {
  const out: FoundAppManifests = { docs: [], parseErrors: [] };
  for (const { path, text } of files) {
    const one = findAppManifestsInFile(path, text);
    out.docs.push(...one.docs);
    out.parseErrors.push(...one.parseErrors);
  }
  return out;
}

/** What one file declares: a function of its path and text only, so a file whose content did not
 *  change between two trees (the same git blob) need not be parsed twice. */
export function findAppManifestsInFile(path: string, text: string): FoundAppManifests {
  const out: FoundAppManifests = { docs: [], parseErrors: [] };
  if (!mayDeclareApps(path, text)) return out;
  // Helm/Go templates are not manifests: they are rendered by the app that owns them.
  const templated = text.includes("{{");
  if (text.length > MAX_APP_FILE_BYTES) {
    out.parseErrors.push({ file: path, message: `larger than ${MAX_APP_FILE_BYTES / 1024 / 1024} MiB, not read` });
    return out;
  }
  let docs;
  try {
    docs = parseAllDocuments(text, { uniqueKeys: false });
  } catch (err) {
    if (!templated) out.parseErrors.push({ file: path, message: firstLine(err).trim() });
    return out;
  }
  const list = Array.isArray(docs) ? docs : [docs];
  let reported = false;
  for (const doc of list) {
    if (doc.errors.length > 0) {
      if (!templated && !reported) {
        out.parseErrors.push({ file: path, message: firstLine(doc.errors[0]).trim() });
        reported = true;
      }
      continue;
    }
    // An Application inside a helm template is its chart's input, not a manifest: skip it
    // before converting (its `{{ }}` would parse as nonsense keys).
    if (templated && (hasCollectionKey(doc) || (doc.get("kind") === APPLICATION_KIND && String(doc).includes("{{"))))
      continue;
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (err) {
      if (!templated && !reported) {
        out.parseErrors.push({ file: path, message: firstLine(err).trim() });
        reported = true;
      }
      continue;
    }
    for (const obj of unwrapList(value)) {
      const kind = obj.kind;
      if (kind !== APPLICATION_KIND && kind !== APPLICATIONSET_KIND) continue;
      if (typeof obj.apiVersion !== "string" || !obj.apiVersion.startsWith(`${APPLICATION_GROUP}/`)) continue;
      const name = isRecord(obj.metadata) ? obj.metadata.name : undefined;
      if (typeof name !== "string" || name === "") continue;
      out.docs.push({ file: path, kind, obj });
    }
  }
  return out;
}

function unwrapList(value: unknown): Manifest[] {
  if (!isRecord(value)) return [];
  if (Array.isArray(value.items)) return value.items.filter(isRecord);
  return [value];
}

/** An unquoted `{{ x }}` parses as a flow map used as a key: the mark of a template, not a manifest. */
function hasCollectionKey(doc: Document): boolean {
  let found = false;
  visit(doc, {
    Pair(_key, pair) {
      if (isPair(pair) && isCollection(pair.key)) {
        found = true;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}
