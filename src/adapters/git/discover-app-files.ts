// The Application and ApplicationSet documents declared in a tree's files, found without parsing
// what another tree already parsed. What a file declares depends only on its path and its content
// (core/discover/find-app-manifests: findAppManifestsInFile), and git names content by blob id, so:
//   - within one analysis, a file with the same blob on both sides is read and parsed once, and
//     the head side greps only the paths whose blob differs from the base side's;
//   - across analyses, the result for a whole tree is kept in the cache directory under the tree's
//     revision (a content id too): the App and the Action analyse many pull requests on one base.
// An entry carries its key, its layout version and a checksum, and every path's blob id is checked
// against the tree: anything unexpected is a miss, never a different answer.
import { join } from "node:path";
import { createSealedFiles, type SealedFiles } from "../cache/sealed-files.js";
import type { RepoTree } from "../../core/ports.js";
import {
  findAppManifests,
  findAppManifestsInFile,
  type FoundAppManifests,
} from "../../core/discover/find-app-manifests.js";

/** Every Application/ApplicationSet names this group (apiVersion): git finds the files for us. */
const ARGO_API_GROUP = "argoproj.io";
const MANIFEST_FILE = /\.(ya?ml|json)$/i;
/** Changing what an entry holds, or how findAppManifestsInFile decides, changes this. */
export const DISCOVERY_LAYOUT = "discovery-v1";
const MAGIC = "BRD1";
/** Whole-tree entries kept on disk (one per base revision analysed recently). */
const MAX_ENTRIES = 16;
/** More changed paths than this and the head side greps its whole tree, as the base side did. */
const MAX_DERIVED_PATHS = 2000;

export interface AppFileDiscovery {
  /**
   * What the tree's files declare, in the tree's order (git's, the order the files are applied).
   * With `earlier` (a tree discovered by this object, or being discovered), only the paths whose
   * blob differs from it are grepped and parsed.
   */
  discover(tree: RepoTree, earlier?: RepoTree): Promise<FoundAppManifests>;
  /** the candidate files of a tree this object discovered (undefined: none, or a test fake's) */
  candidatesOf(tree: RepoTree): Promise<readonly DiscoveryCandidate[] | undefined>;
  /** takes a discovery of `tree` kept elsewhere (a kept side: its documents are the side's
   *  objects); checked against the tree's blob ids like a cache entry, ignored when it differs */
  prime(tree: RepoTree, candidates: readonly DiscoveryCandidate[]): void;
  readonly stats: Readonly<DiscoveryStats>;
}

export interface DiscoveryStats {
  /** trees answered from the cache directory */
  diskHits: number;
  /** trees grepped in full */
  fullGreps: number;
  /** trees derived from an earlier tree of this analysis (only the paths that differ grepped) */
  derived: number;
  /** files parsed (the rest came from the same blob seen before) */
  parsed: number;
}

/** One candidate file: a grep hit with a manifest extension, its blob, what it declares. */
export interface DiscoveryCandidate {
  path: string;
  blob: string;
  found: FoundAppManifests;
}

type Candidate = DiscoveryCandidate;

interface Discovered {
  ids: ReadonlyMap<string, string>;
  /** candidate path -> blob id */
  candidates: ReadonlyMap<string, string>;
  list: readonly Candidate[];
  out: FoundAppManifests;
}

/** A file discovery reads (when it names argoproj.io). */
export function isManifestFile(path: string): boolean {
  return MANIFEST_FILE.test(path);
}

/** Whether a discovery of `tree` could find something in `paths` (files present in it) that a
 *  discovery of a tree without them found nothing in: one of them a manifest file naming
 *  argoproj.io (the same test the discovery applies to every file). */
export async function mayDeclareApps(tree: RepoTree, paths: readonly string[]): Promise<boolean> {
  const manifests = paths.filter(isManifestFile);
  if (manifests.length === 0) return false;
  if (!tree.filesContaining) return true;
  return (await tree.filesContaining(ARGO_API_GROUP, manifests)).length > 0;
}

export function createAppFileDiscovery(params: { cacheDir?: string } = {}): AppFileDiscovery {
  const stats: DiscoveryStats = { diskHits: 0, fullGreps: 0, derived: 0, parsed: 0 };
  /** `${blob}\0${path}` -> what the file declares */
  const byBlob = new Map<string, Promise<FoundAppManifests>>();
  /** each tree's discovery, to derive a later one from */
  const trees = new Map<RepoTree, Promise<Discovered>>();
  const root =
    params.cacheDir !== undefined
      ? createSealedFiles({ root: join(params.cacheDir, DISCOVERY_LAYOUT), magic: MAGIC, maxEntries: MAX_ENTRIES })
      : undefined;

  const parse = (tree: RepoTree, path: string, blob: string): Promise<FoundAppManifests> => {
    const k = `${blob}\u0000${path}`;
    let p = byBlob.get(k);
    if (!p) {
      p = tree.readFile(path).then((text) => {
        stats.parsed++;
        return text === undefined ? { docs: [], parseErrors: [] } : findAppManifestsInFile(path, text);
      });
      byBlob.set(k, p);
    }
    return p;
  };

  const grepped = async (
    tree: RepoTree,
    ids: ReadonlyMap<string, string>,
    earlier: Discovered | undefined,
  ): Promise<string[]> => {
    if (earlier) {
      const changed: string[] = [];
      for (const [path, id] of ids) if (earlier.ids.get(path) !== id) changed.push(path);
      if (changed.length <= MAX_DERIVED_PATHS) {
        stats.derived++;
        const kept = [...earlier.candidates].filter(([path, id]) => ids.get(path) === id).map(([path]) => path);
        const hits = changed.length > 0 ? await tree.filesContaining!(ARGO_API_GROUP, changed) : [];
        return [...kept, ...hits];
      }
    }
    stats.fullGreps++;
    return tree.filesContaining!(ARGO_API_GROUP);
  };

  const discoverTree = async (
    tree: RepoTree,
    earlierTree: RepoTree | undefined,
    primed?: readonly Candidate[],
  ): Promise<Discovered> => {
    const ids = await tree.fileIds!();
    let candidates = primed?.every((c) => isCandidate(c) && ids.get(c.path) === c.blob) ? primed : undefined;
    if (!candidates && root) candidates = await readEntry(root, tree.revision, ids);
    if (candidates) stats.diskHits++;
    else {
      const earlier = earlierTree ? await start(earlierTree) : undefined;
      const order = new Map<string, number>();
      let i = 0;
      for (const path of ids.keys()) order.set(path, i++);
      const paths = [...new Set(await grepped(tree, ids, earlier))]
        .filter((p) => MANIFEST_FILE.test(p) && ids.has(p))
        .sort((a, b) => order.get(a)! - order.get(b)!);
      const found = await Promise.all(paths.map((p) => parse(tree, p, ids.get(p)!)));
      candidates = paths.map((path, j) => ({ path, blob: ids.get(path)!, found: found[j]! }));
      // Only a tree discovered on its own is kept (the base, usually): a derived one was cheap.
      if (root && !earlier)
        await root.write(tree.revision, { revision: tree.revision, candidates }).catch(() => undefined);
    }
    for (const c of candidates) {
      const k = `${c.blob}\u0000${c.path}`;
      if (!byBlob.has(k)) byBlob.set(k, Promise.resolve(c.found));
    }
    const out: FoundAppManifests = { docs: [], parseErrors: [] };
    for (const c of candidates) {
      // the same objects for the same blob on both sides: later comparisons start with identity
      const found = await byBlob.get(`${c.blob}\u0000${c.path}`)!;
      out.docs.push(...found.docs);
      out.parseErrors.push(...found.parseErrors);
    }
    return { ids, candidates: new Map(candidates.map((c) => [c.path, c.blob])), list: candidates, out };
  };

  const start = (tree: RepoTree, earlier?: RepoTree): Promise<Discovered> => {
    let d = trees.get(tree);
    if (!d) trees.set(tree, (d = discoverTree(tree, earlier && earlier !== tree ? earlier : undefined)));
    return d;
  };

  return {
    stats,
    async candidatesOf(tree) {
      return (await trees.get(tree))?.list;
    },
    prime(tree, candidates) {
      if (!trees.has(tree) && tree.fileIds) trees.set(tree, discoverTree(tree, undefined, candidates));
    },
    async discover(tree, earlier) {
      if (!tree.fileIds || !tree.filesContaining || (earlier && (!earlier.fileIds || !earlier.filesContaining))) {
        // A tree without blob ids (a test fake): the candidate files read and parsed one by one.
        const files = tree.filesContaining ? await tree.filesContaining(ARGO_API_GROUP) : await tree.listFiles();
        const texts: { path: string; text: string }[] = [];
        for (const path of files) {
          if (!MANIFEST_FILE.test(path)) continue;
          const text = await tree.readFile(path);
          if (text !== undefined) texts.push({ path, text });
        }
        return findAppManifests(texts);
      }
      return (await start(tree, earlier)).out;
    },
  };
}

async function readEntry(
  files: SealedFiles,
  revision: string,
  ids: ReadonlyMap<string, string>,
): Promise<Candidate[] | undefined> {
  const value = (await files.read(revision)) as { revision?: unknown; candidates?: unknown } | undefined;
  if (!value || value.revision !== revision || !Array.isArray(value.candidates)) return undefined;
  for (const c of value.candidates as unknown[]) {
    if (!isCandidate(c) || ids.get(c.path) !== c.blob) return undefined;
  }
  return value.candidates as Candidate[];
}

function isCandidate(c: unknown): c is Candidate {
  if (typeof c !== "object" || c === null) return false;
  const x = c as Partial<Candidate>;
  return (
    typeof x.path === "string" &&
    typeof x.blob === "string" &&
    typeof x.found === "object" &&
    x.found !== null &&
    Array.isArray(x.found.docs) &&
    Array.isArray(x.found.parseErrors) &&
    x.found.docs.every((d) => d.file === x.path) &&
    x.found.parseErrors.every((e) => e.file === x.path)
  );
}
