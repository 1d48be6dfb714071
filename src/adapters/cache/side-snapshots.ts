// Built sides kept across analyses (the App and the Action analyse many pull requests on one
// base): a side is a function of its tree, the configuration, the code and tools, and the
// context it is resolved in (which repository URLs are this one, which revisions are deployed,
// the Secret masking key). An entry is kept only for a side whose renders read nothing but its
// own tree and keyed every render by content (Renderer.readsOf), under the side's commit and a
// digest of all the rest, with what it read (so a later tree can be checked against it).
// Five files per side, each read only when needed: what it read (checked first, small), the side
// itself with its tree's discovery (objects shared, as in the analysis that built it), its key
// computations (when another tree is built from it), its index of what decided its structure and
// each deferred key (when head is derived from it: pipeline/derive-head), and the report of the
// side against itself (a pull request no app can see: nothing else is read).
import { createHash } from "node:crypto";
import { isDeepStrictEqual } from "node:util";
import { join } from "node:path";
import type { Config } from "../../config/config.js";
import type { SideApp, SideAppSet, SideState } from "../../core/side-state.js";
import {
  fileApplication,
  fileApplicationSource,
  type FileApplicationSource,
} from "../../core/argocd/file-application.js";
import type { SideReads } from "../../core/inputs/side-reads.js";
import { indexFromJson, indexToJson, type SideIndex } from "../../core/inputs/side-index.js";
import type { AppDestination, AppReport, Report } from "../../core/model.js";
import type { DiscoveryCandidate } from "../git/discover-app-files.js";
import { codeFingerprint, describeToolVersions } from "./describe-tool-versions.js";
import { createSealedFiles } from "./sealed-files.js";

/** Changing what an entry holds, or how a side is built from its inputs, changes this. */
export const SIDES_LAYOUT = "sides-v2";
const MAGIC = "BRS2";
/** files kept, five per side (at 10,000 apps about 10 MB for the side, 12 for its keys, 1 to 3
 *  for its reads, its index and its report each); the least recently used go first */
const MAX_ENTRIES = 40;

export interface SideSnapshot {
  readonly state: SideState;
  readonly reads: SideReads;
  /** the discovery of the side's tree, whose documents are the objects the side's file specs
   *  were made from (and are made from again when read: fileApplication) */
  readonly discovery?: readonly DiscoveryCandidate[];
}

/** The report of a side against itself (head and base the same side), but for its revisions. */
export interface SelfReport {
  readonly report: Omit<Report, "base" | "head">;
  /** directories where a changed file changes that report (selfReportDirs) */
  readonly dirs: readonly string[];
  readonly apps: number;
  readonly appSets: number;
}

export interface SideSnapshots {
  get(sha: string): Promise<SideSnapshot | undefined>;
  put(sha: string, snapshot: SideSnapshot): Promise<void>;
  /** what the kept side read, without the side */
  getReads(sha: string): Promise<SideReads | undefined>;
  /** what decided the kept side's structure and each key (read only when head is built) */
  getIndex(sha: string): Promise<SideIndex | undefined>;
  putIndex(sha: string, index: SideIndex): Promise<void>;
  getSelfReport(sha: string): Promise<SelfReport | undefined>;
  putSelfReport(sha: string, report: SelfReport): Promise<void>;
  /** the side's key computations (Renderer.exportKeys), kept apart: read only when another
   *  tree is built from this one */
  getKeys(sha: string): Promise<readonly object[] | undefined>;
  putKeys(sha: string, keys: readonly object[]): Promise<void>;
}

export interface SideContext {
  config: Config;
  repoURLs: readonly string[];
  trackedRevisions: readonly string[];
  branchesTracked: boolean;
  /** a source pinned to the base commit reads the side's tree (create-source-trees) */
  baseSha: string;
  /** the id of the key renders mask Secret values with */
  keyId: string;
}

export function createSideSnapshots(params: { cacheDir: string; context: SideContext }): SideSnapshots {
  const files = createSealedFiles({ root: join(params.cacheDir, SIDES_LAYOUT), magic: MAGIC, maxEntries: MAX_ENTRIES });
  const context = contextDigest(params.context);
  const name = (sha: string): string => `${sha}\n${context}`;
  // Entries of plain data are kept as JSON text: one string reads many times faster than the
  // thousands of small objects V8's deserializer would build.
  const readJson = async (key: string, sha: string): Promise<unknown> => {
    const v = (await files.read(key).catch(() => undefined)) as Partial<JsonEntry> | undefined;
    if (!v || v.sha !== sha || v.context !== context || typeof v.json !== "string") return undefined;
    try {
      return JSON.parse(v.json) as unknown;
    } catch {
      return undefined;
    }
  };
  const writeJson = async (key: string, sha: string, value: unknown): Promise<void> => {
    const entry: JsonEntry = { sha, context, json: JSON.stringify(value) };
    await files.write(key, entry);
  };
  const readsOf = async (sha: string): Promise<SideReads | undefined> => {
    const r = await readJson(`reads\n${name(sha)}`, sha);
    if (!isReads(r)) return undefined;
    return { paths: new Set(r.paths), dirs: new Set(r.dirs), listed: new Set(r.listed) };
  };
  return {
    async get(sha) {
      const v = (await files.read(name(sha)).catch(() => undefined)) as Partial<Entry> | undefined;
      if (!v || v.sha !== sha || v.context !== context) return undefined;
      const state = unpackSide(v.state);
      if (!isSide(state)) return undefined;
      const reads = await readsOf(sha);
      if (!reads) return undefined;
      return {
        state,
        reads,
        ...(Array.isArray(v.discovery) ? { discovery: v.discovery } : {}),
      };
    },
    getReads: readsOf,
    async getKeys(sha) {
      const keys = await readJson(`keys\n${name(sha)}`, sha);
      if (!Array.isArray(keys)) return undefined;
      return keys.filter((k): k is object => typeof k === "object" && k !== null);
    },
    async putKeys(sha, keys) {
      await writeJson(`keys\n${name(sha)}`, sha, keys);
    },
    async put(sha, snapshot) {
      const entry: Entry = {
        sha,
        context,
        state: packSide(snapshot.state),
        ...(snapshot.discovery ? { discovery: [...snapshot.discovery] } : {}),
      };
      // the side first: its reads are what a later analysis looks for, so a side is found only whole
      await files.write(name(sha), entry);
      await writeJson(`reads\n${name(sha)}`, sha, compactReads(snapshot.reads));
    },
    async getIndex(sha) {
      return indexFromJson(await readJson(`index\n${name(sha)}`, sha));
    },
    async putIndex(sha, index) {
      await writeJson(`index\n${name(sha)}`, sha, indexToJson(index));
    },
    async getSelfReport(sha) {
      const r = unpackSelfReport(await readJson(`report\n${name(sha)}`, sha));
      return isSelfReport(r) ? r : undefined;
    },
    async putSelfReport(sha, self) {
      const packed = packSelfReport(self);
      // Kept only when it reads back whole (a report is plain data; anything else is not kept).
      if (!isDeepStrictEqual(unpackSelfReport(JSON.parse(JSON.stringify(packed))), self)) return;
      await writeJson(`report\n${name(sha)}`, sha, packed);
    },
  };
}

interface Entry {
  sha: string;
  context: string;
  state: unknown;
  discovery?: DiscoveryCandidate[];
}

/** A side's app whose spec fileApplication made: what it was made from stands for it. */
type PackedApp = Omit<SideApp, "spec"> & { spec?: undefined; fileSpec: FileApplicationSource };

function packSide(state: SideState): unknown {
  const apps = new Map<string, SideApp | PackedApp>();
  for (const [key, app] of state.apps) {
    const from = fileApplicationSource(app.spec);
    if (!from) apps.set(key, app);
    else {
      const { spec: _spec, ...rest } = app;
      apps.set(key, { ...rest, fileSpec: from });
    }
  }
  return { ...state, apps };
}

function unpackSide(v: unknown): unknown {
  const x = v as { apps?: unknown } | null;
  if (typeof x !== "object" || x === null || !isMap(x.apps)) return v;
  const apps = new Map<unknown, unknown>();
  for (const [key, app] of x.apps) {
    const from = (app as { fileSpec?: Partial<FileApplicationSource> } | null)?.fileSpec;
    if (typeof from !== "object" || from === null) apps.set(key, app);
    else if (
      typeof from.obj === "object" &&
      from.obj !== null &&
      typeof from.file === "string" &&
      typeof from.argocdNamespace === "string"
    ) {
      const { fileSpec: _from, ...rest } = app as PackedApp;
      apps.set(key, { ...rest, spec: fileApplication(from.obj, from.file, from.argocdNamespace) });
    } else return undefined;
  }
  return { ...x, apps };
}

interface JsonEntry {
  sha: string;
  context: string;
  json: string;
}

interface KeptReads {
  paths: string[];
  dirs: string[];
  listed: string[];
}

/** The reads as arrays, without the paths under a directory read whole (every question about
 *  such a path is a question about the directory: sideReadsUnchanged checks a path's ancestors). */
function compactReads(reads: SideReads): KeptReads {
  const whole = (p: string): boolean => {
    if (reads.dirs.has("")) return true;
    for (let i = p.indexOf("/"); i >= 0; i = p.indexOf("/", i + 1)) if (reads.dirs.has(p.slice(0, i))) return true;
    return false;
  };
  return {
    paths: [...reads.paths].filter((p) => !whole(p)),
    dirs: [...reads.dirs],
    listed: [...reads.listed],
  };
}

function contextDigest(c: SideContext): string {
  return createHash("sha256")
    .update(
      JSON.stringify({
        layout: SIDES_LAYOUT,
        tools: describeToolVersions(),
        code: codeFingerprint(),
        config: c.config,
        repoURLs: c.repoURLs,
        trackedRevisions: c.trackedRevisions,
        branchesTracked: c.branchesTracked,
        baseSha: c.baseSha,
        keyId: c.keyId,
      }),
    )
    .digest("hex");
}

function isSide(s: unknown): s is SideState {
  if (typeof s !== "object" || s === null) return false;
  const x = s as Partial<SideState>;
  return (
    typeof x.rev === "string" &&
    typeof x.sha === "string" &&
    isMap(x.apps) &&
    isMap(x.appSets) &&
    Array.isArray(x.parseErrors) &&
    [...x.apps.values()].every(isApp) &&
    [...x.appSets.values()].every(isAppSet)
  );
}

/** (not instanceof: a value deserialized in another realm, a test's VM, is still a Map) */
function isMap(m: unknown): m is Map<unknown, unknown> {
  return Object.prototype.toString.call(m) === "[object Map]";
}

function isApp(a: unknown): a is SideApp {
  const x = a as Partial<SideApp> | null;
  return (
    typeof x === "object" &&
    x !== null &&
    typeof x.spec === "object" &&
    typeof x.render === "object" &&
    Array.isArray(x.declarations)
  );
}

function isAppSet(a: unknown): a is SideAppSet {
  const x = a as Partial<SideAppSet> | null;
  return typeof x === "object" && x !== null && typeof x.spec === "object" && Array.isArray(x.generated);
}

function isReads(r: unknown): r is KeptReads {
  const x = r as Partial<KeptReads> | null;
  return (
    typeof x === "object" &&
    x !== null &&
    [x.paths, x.dirs, x.listed].every((a) => Array.isArray(a) && a.every((p) => typeof p === "string"))
  );
}

function isSelfReport(r: unknown): r is SelfReport {
  const x = r as Partial<SelfReport> | null;
  if (typeof x !== "object" || x === null || typeof x.apps !== "number" || typeof x.appSets !== "number") return false;
  const report = x.report as Partial<Report> | undefined;
  return (
    Array.isArray(x.dirs) &&
    x.dirs.every((d) => typeof d === "string") &&
    typeof report === "object" &&
    report !== null &&
    report.schemaVersion === 1 &&
    typeof report.verdict === "string" &&
    Array.isArray(report.applications) &&
    Array.isArray(report.deletions) &&
    Array.isArray(report.findings)
  );
}

/** An unchanged app's line of the report in five values (most of a report against itself is
 *  10,000 of them): name, generatedBy, autoSync, autoPrune, destination (or null). */
type PackedLine = [string, string, boolean, boolean, AppDestination | null];

function packSelfReport(self: SelfReport): unknown {
  const applications = self.report.applications.map((a): PackedLine | AppReport => {
    const plain =
      a.change === "unchanged" &&
      a.errors.length === 0 &&
      a.resources.added.length + a.resources.modified.length + a.resources.removed.length === 0 &&
      a.specChanges === undefined &&
      Object.keys(a).length === (a.destination === undefined ? 7 : 8);
    return plain ? [a.name, a.generatedBy, a.autoSync, a.autoPrune, a.destination ?? null] : a;
  });
  return { ...self, report: { ...self.report, applications } };
}

function unpackSelfReport(v: unknown): unknown {
  const x = v as { report?: { applications?: unknown } } | null;
  if (typeof x !== "object" || x === null || typeof x.report !== "object" || x.report === null) return v;
  if (!Array.isArray(x.report.applications)) return v;
  const applications = (x.report.applications as unknown[]).map((a) => {
    if (!Array.isArray(a)) return a;
    const [name, generatedBy, autoSync, autoPrune, destination] = a as PackedLine;
    const app: AppReport = {
      name,
      generatedBy,
      change: "unchanged",
      autoSync,
      autoPrune,
      errors: [],
      resources: { added: [], modified: [], removed: [] },
      ...(destination !== null ? { destination } : {}),
    };
    return app;
  });
  return { ...x, report: { ...x.report, applications } };
}
