// Built sides kept across analyses (the App and the Action analyse many pull requests on one
// base): a side is a function of its tree, the configuration, the code and tools, and the
// context it is resolved in (which repository URLs are this one, which revisions are deployed,
// the Secret masking key). An entry is kept only for a side whose renders read nothing but its
// own tree and keyed every render by content (Renderer.readsOf), under the side's commit and a
// digest of all the rest, with what it read (so a later tree can be checked against it).
import { createHash } from "node:crypto";
import { join } from "node:path";
import type { Config } from "../../config/config.js";
import type { SideApp, SideAppSet, SideState } from "../../core/side-state.js";
import type { SideReads } from "../../core/inputs/side-reads.js";
import { codeFingerprint, describeToolVersions } from "./describe-tool-versions.js";
import { createSealedFiles } from "./sealed-files.js";

/** Changing what an entry holds, or how a side is built from its inputs, changes this. */
export const SIDES_LAYOUT = "sides-v1";
const MAGIC = "BRS1";
/** files kept, a side and its keys each (about 15 and 11 MB at 10,000 apps); the least
 *  recently used go first */
const MAX_ENTRIES = 16;

export interface SideSnapshot {
  readonly state: SideState;
  readonly reads: SideReads;
}

export interface SideSnapshots {
  get(sha: string): Promise<SideSnapshot | undefined>;
  put(sha: string, snapshot: SideSnapshot): Promise<void>;
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
  return {
    async get(sha) {
      const v = (await files.read(name(sha)).catch(() => undefined)) as Partial<Entry> | undefined;
      if (!v || v.sha !== sha || v.context !== context || !isSide(v.state) || !isReads(v.reads)) return undefined;
      return {
        state: v.state,
        reads: { paths: new Set(v.reads.paths), dirs: new Set(v.reads.dirs), listed: new Set(v.reads.listed) },
      };
    },
    async getKeys(sha) {
      const v = (await files.read(`keys\n${name(sha)}`).catch(() => undefined)) as Partial<KeysEntry> | undefined;
      if (!v || v.sha !== sha || v.context !== context || !Array.isArray(v.keys)) return undefined;
      return v.keys.filter((k): k is object => typeof k === "object" && k !== null);
    },
    async putKeys(sha, keys) {
      const entry: KeysEntry = { sha, context, keys: [...keys] };
      await files.write(`keys\n${name(sha)}`, entry);
    },
    async put(sha, snapshot) {
      const entry: Entry = {
        sha,
        context,
        state: snapshot.state,
        reads: {
          paths: [...snapshot.reads.paths],
          dirs: [...snapshot.reads.dirs],
          listed: [...snapshot.reads.listed],
        },
      };
      await files.write(name(sha), entry);
    },
  };
}

interface KeysEntry {
  sha: string;
  context: string;
  keys: object[];
}

interface Entry {
  sha: string;
  context: string;
  state: SideState;
  reads: { paths: string[]; dirs: string[]; listed: string[] };
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

function isReads(r: unknown): r is Entry["reads"] {
  const x = r as Partial<Entry["reads"]> | null;
  return typeof x === "object" && x !== null && [x.paths, x.dirs, x.listed].every((a) => Array.isArray(a));
}
