// What building one side read, split by what it decided: the side's structure (which Applications
// and ApplicationSets exist, from the files that declare them, the ApplicationSet generators and
// the renders of the apps that were rendered) and, per app left unrendered, what its content key
// read. Another tree whose differences touch none of the structure has the same Applications;
// only the keys whose reads it touches may differ (pipeline/derive-head). Pure.
import type { TreeChanges } from "./input-tree.js";
import { sideReadsBuilder, sideReadsUnchanged, type SideReads, type SideReadsBuilder } from "./side-reads.js";

export interface SideIndex {
  /** what decided which Applications the side has and how they are declared */
  readonly structure: SideReads;
  /** app key -> what its content key read (apps left unrendered only) */
  readonly keys: ReadonlyMap<string, SideReads>;
  /** files whose every document is an Application that is a root of the side, declared there
   *  alone and left unrendered: file -> the keys of its Applications, in the file's order */
  readonly appFiles: ReadonlyMap<string, readonly string[]>;
}

export interface SideIndexBuilder {
  /** reads that decide the structure */
  readonly structure: SideReadsBuilder;
  /** the reads of one key computation of `app` */
  keyReads(app: string): SideReadsBuilder;
  appFile(file: string, keys: readonly string[]): void;
  done(): SideIndex;
}

export function sideIndexBuilder(): SideIndexBuilder {
  const structure = sideReadsBuilder();
  const keys = new Map<string, SideReadsBuilder>();
  const appFiles = new Map<string, readonly string[]>();
  return {
    structure,
    keyReads(app) {
      let b = keys.get(app);
      if (!b) keys.set(app, (b = sideReadsBuilder()));
      return b;
    },
    appFile: (file, k) => void appFiles.set(file, [...k]),
    done: () => ({
      structure: structure.done(),
      keys: new Map([...keys].map(([k, b]) => [k, b.done()])),
      appFiles,
    }),
  };
}

/** What `changes` touch of the side: undefined when they touch its structure (beyond the
 *  Application files in `appFiles`), else the changed Application files and the apps whose keys
 *  read a changed path. */
export function touchedByChanges(
  index: SideIndex,
  changes: TreeChanges,
): { appFiles: string[]; keys: string[] } | undefined {
  if (!sideReadsUnchanged(index.structure, changes)) return undefined;
  const appFiles = [...changes.paths].filter((p) => index.appFiles.has(p));
  const keys: string[] = [];
  for (const [app, reads] of index.keys) if (!sideReadsUnchanged(reads, changes)) keys.push(app);
  return { appFiles, keys };
}

/** The index as plain JSON data (sets as arrays), and back. */
export function indexToJson(index: SideIndex): unknown {
  const reads = (r: SideReads) => ({ paths: [...r.paths], dirs: [...r.dirs], listed: [...r.listed] });
  return {
    structure: reads(index.structure),
    keys: [...index.keys].map(([k, r]) => [k, reads(r)]),
    appFiles: [...index.appFiles],
  };
}

export function indexFromJson(v: unknown): SideIndex | undefined {
  const x = v as { structure?: unknown; keys?: unknown; appFiles?: unknown } | null;
  if (typeof x !== "object" || x === null) return undefined;
  const structure = readsFromJson(x.structure);
  if (!structure || !Array.isArray(x.keys) || !Array.isArray(x.appFiles)) return undefined;
  const keys = new Map<string, SideReads>();
  for (const e of x.keys as unknown[]) {
    if (!Array.isArray(e) || typeof e[0] !== "string") return undefined;
    const r = readsFromJson(e[1]);
    if (!r) return undefined;
    keys.set(e[0], r);
  }
  const appFiles = new Map<string, readonly string[]>();
  for (const e of x.appFiles as unknown[]) {
    if (!Array.isArray(e) || typeof e[0] !== "string" || !isStrings(e[1])) return undefined;
    appFiles.set(e[0], e[1]);
  }
  return { structure, keys, appFiles };
}

function readsFromJson(v: unknown): SideReads | undefined {
  const x = v as { paths?: unknown; dirs?: unknown; listed?: unknown } | null;
  if (typeof x !== "object" || x === null || !isStrings(x.paths) || !isStrings(x.dirs) || !isStrings(x.listed))
    return undefined;
  return { paths: new Set(x.paths), dirs: new Set(x.dirs), listed: new Set(x.listed) };
}

function isStrings(a: unknown): a is string[] {
  return Array.isArray(a) && a.every((s) => typeof s === "string");
}
