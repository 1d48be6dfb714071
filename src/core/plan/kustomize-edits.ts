// Argo CD's `kustomize edit` calls, done here as pure YAML edits of the kustomization file
// (argo-cd:util/kustomize/kustomize.go (Build)); the order is Argo CD's:
// nameprefix, namesuffix, images, replicas, labels, annotations, namespace, patches, components.
import { parseDocument, isMap, isSeq, type Document } from "yaml";
import { isRecord } from "../argocd/manifest.js";
import { envsubst } from "./envsubst.js";
import { firstLine } from "../first-line.js";

export const KUSTOMIZATION_FILE_NAMES = ["kustomization.yaml", "kustomization.yml", "Kustomization"] as const;

function str(v: unknown): string {
  return typeof v === "string" ? v : v === undefined || v === null ? "" : String(v);
}

function stringMap(v: unknown): [string, string][] {
  return isRecord(v) ? Object.entries(v).map(([k, x]) => [k, str(x)]) : [];
}

/** Whether the source's kustomize block asks for any edit (otherwise no private copy is needed). */
export function needsKustomizeEdits(kustomize: Record<string, unknown> | undefined): boolean {
  if (!kustomize) return false;
  const k = kustomize;
  return Boolean(
    str(k.namePrefix) ||
    str(k.nameSuffix) ||
    (Array.isArray(k.images) && k.images.length > 0) ||
    (Array.isArray(k.replicas) && k.replicas.length > 0) ||
    stringMap(k.commonLabels).length > 0 ||
    stringMap(k.commonAnnotations).length > 0 ||
    str(k.namespace) ||
    (Array.isArray(k.patches) && k.patches.length > 0) ||
    (Array.isArray(k.components) && k.components.length > 0),
  );
}

export interface ApplyKustomizeEditsParams {
  /** the kustomization file's text */
  text: string;
  kustomize: Record<string, unknown>;
  env: Readonly<Record<string, string>>;
  /** whether a component path (relative to the kustomization directory) exists */
  componentExists: (path: string) => boolean;
}

export type ApplyKustomizeEditsResult = { ok: true; text: string } | { ok: false; error: string };

export function applyKustomizeEdits(params: ApplyKustomizeEditsParams): ApplyKustomizeEditsResult {
  const k = params.kustomize;
  const doc = parseDocument(params.text || "{}\n", { uniqueKeys: false });
  if (doc.errors.length > 0) return { ok: false, error: `kustomization: ${firstLine(doc.errors[0])}` };
  if (doc.contents === null || doc.contents === undefined) doc.contents = doc.createNode({}) as never;
  if (!isMap(doc.contents)) return { ok: false, error: "kustomization is not a YAML mapping" };
  try {
    if (str(k.namePrefix)) doc.set("namePrefix", str(k.namePrefix));
    if (str(k.nameSuffix)) doc.set("nameSuffix", str(k.nameSuffix));
    if (Array.isArray(k.images) && k.images.length > 0) {
      setImages(
        doc,
        k.images.map((i) => envsubst(str(i), params.env)),
      );
    }
    if (Array.isArray(k.replicas) && k.replicas.length > 0) setReplicas(doc, k.replicas);
    const labels = stringMap(k.commonLabels).map(([n, v]) => [n, envsubst(v, params.env)] as [string, string]);
    if (labels.length > 0) {
      addLabels(doc, {
        labels,
        force: k.forceCommonLabels === true,
        withoutSelector: k.labelWithoutSelector === true,
        includeTemplates: k.labelIncludeTemplates === true,
      });
    }
    const annotations = stringMap(k.commonAnnotations).map(
      ([n, v]) => [n, k.commonAnnotationsEnvsubst === true ? envsubst(v, params.env) : v] as [string, string],
    );
    if (annotations.length > 0)
      addToMap(doc, {
        field: "commonAnnotations",
        pairs: annotations,
        force: k.forceCommonAnnotations === true,
        what: "annotation",
      });
    if (str(k.namespace)) doc.set("namespace", str(k.namespace));
    if (Array.isArray(k.patches) && k.patches.length > 0) appendToSeq(doc, "patches", k.patches.map(cleanPatch));
    if (Array.isArray(k.components) && k.components.length > 0) {
      const comps = k.components.map(str).filter((c) => c !== "");
      const wanted = k.ignoreMissingComponents === true ? comps.filter((c) => params.componentExists(c)) : comps;
      const missing = wanted.find((c) => !params.componentExists(c));
      if (missing !== undefined) return { ok: false, error: `component ${missing} does not exist` };
      const existing = new Set(seqStrings(doc, "components"));
      appendToSeq(
        doc,
        "components",
        wanted.filter((c) => !existing.has(c)),
      );
    }
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
  return { ok: true, text: doc.toString() };
}

function seqStrings(doc: Document, field: string): string[] {
  const v = (doc.toJS() as Record<string, unknown> | null)?.[field];
  return Array.isArray(v) ? v.map(str) : [];
}

function appendToSeq(doc: Document, field: string, items: unknown[]): void {
  const node = doc.get(field, true);
  if (!isSeq(node)) {
    doc.set(field, doc.createNode(items));
    return;
  }
  for (const i of items) node.add(doc.createNode(i));
}

/** Argo CD's KustomizePatch fields (path, patch, target, options), empty ones dropped. */
function cleanPatch(p: unknown): unknown {
  if (!isRecord(p)) return p;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(p)) {
    if (v === undefined || v === null || v === "") continue;
    if (isRecord(v) && Object.keys(v).length === 0) continue;
    out[k] = v;
  }
  return out;
}

/** `kustomize edit set image` syntax: `[<name>=]<newName>[:<tag>][@<digest>]`, or `<name>:<tag>` /
 *  `<name>@<digest>` to pin only the tag/digest. */
export function parseKustomizeImage(spec: string): {
  name: string;
  newName?: string;
  newTag?: string;
  digest?: string;
} {
  let name: string | undefined;
  let rest = spec;
  const eq = spec.indexOf("=");
  if (eq >= 0) {
    name = spec.slice(0, eq);
    rest = spec.slice(eq + 1);
  }
  let digest: string | undefined;
  const at = rest.indexOf("@");
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(":");
  if (colon > rest.lastIndexOf("/")) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const out: { name: string; newName?: string; newTag?: string; digest?: string } = { name: name ?? rest };
  if (name !== undefined && rest !== "" && rest !== name) out.newName = rest;
  if (tag !== undefined) out.newTag = tag;
  if (digest !== undefined) out.digest = digest;
  return out;
}

function setImages(doc: Document, specs: string[]): void {
  const current = (doc.toJS() as Record<string, unknown> | null)?.images;
  const images: Record<string, unknown>[] = Array.isArray(current)
    ? current.filter(isRecord).map((i) => ({ ...i }))
    : [];
  for (const s of specs) {
    const img = parseKustomizeImage(s);
    const found = images.find((i) => str(i.name) === img.name);
    const target = found ?? { name: img.name };
    if (img.newName !== undefined) target.newName = img.newName;
    if (img.newTag !== undefined) {
      target.newTag = img.newTag;
      delete target.digest;
    }
    if (img.digest !== undefined) {
      target.digest = img.digest;
      delete target.newTag;
    }
    if (!found) images.push(target);
  }
  doc.set("images", doc.createNode(images));
}

function setReplicas(doc: Document, replicas: unknown[]): void {
  const current = (doc.toJS() as Record<string, unknown> | null)?.replicas;
  const list: Record<string, unknown>[] = Array.isArray(current) ? current.filter(isRecord).map((r) => ({ ...r })) : [];
  for (const r of replicas) {
    if (!isRecord(r) || !str(r.name)) continue;
    const count = typeof r.count === "number" ? r.count : Number.parseInt(str(r.count), 10);
    if (!Number.isFinite(count)) throw new Error(`replicas ${str(r.name)}: count ${str(r.count)} is not a number`);
    const found = list.find((x) => str(x.name) === str(r.name));
    if (found) found.count = count;
    else list.push({ name: str(r.name), count });
  }
  doc.set("replicas", doc.createNode(list));
}

/** `edit add label|annotation` refuse to overwrite an existing key unless --force. */
function addToMap(doc: Document, p: { field: string; pairs: [string, string][]; force: boolean; what: string }): void {
  const current = (doc.toJS() as Record<string, unknown> | null)?.[p.field];
  const map: Record<string, unknown> = isRecord(current) ? { ...current } : {};
  for (const [k, v] of p.pairs) {
    if (k in map && !p.force) throw new Error(`${p.what} ${k} already in kustomization file`);
    map[k] = v;
  }
  doc.set(p.field, doc.createNode(map));
}

/** Labels go to `commonLabels`, or with --without-selector to a `labels` entry that does not touch
 *  selectors (includeTemplates with --include-templates). */
function addLabels(
  doc: Document,
  p: { labels: [string, string][]; force: boolean; withoutSelector: boolean; includeTemplates: boolean },
): void {
  if (!p.withoutSelector) {
    addToMap(doc, { field: "commonLabels", pairs: p.labels, force: p.force, what: "label" });
    return;
  }
  const current = (doc.toJS() as Record<string, unknown> | null)?.labels;
  const list: Record<string, unknown>[] = Array.isArray(current) ? current.filter(isRecord).map((l) => ({ ...l })) : [];
  const matches = (l: Record<string, unknown>) =>
    l.includeSelectors !== true && (l.includeTemplates === true) === p.includeTemplates;
  let entry = list.find(matches);
  if (!entry) {
    entry = p.includeTemplates ? { pairs: {}, includeTemplates: true } : { pairs: {} };
    list.push(entry);
  }
  const pairs: Record<string, unknown> = isRecord(entry.pairs) ? { ...entry.pairs } : {};
  for (const [k, v] of p.labels) {
    if (k in pairs && !p.force) throw new Error(`label ${k} already in kustomization file`);
    pairs[k] = v;
  }
  entry.pairs = pairs;
  doc.set("labels", doc.createNode(list));
}
