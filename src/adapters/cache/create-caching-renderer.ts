// A Renderer that renders each distinct (tools, spec, input files' content, config) once. The key
// is content-addressed over the files the render can read (core/inputs/app-input-set), so the
// head render of an application whose inputs did not change IS the entry the base render wrote:
// "reuse base for head" needs no special case. Identical requests in flight share one render, so
// head never renders what base is rendering right now. When the inputs cannot be known, or the
// render failed for a reason that may not repeat (a timeout), nothing is reused.
import { isTransientFailure } from "../../core/failure-kind.js";
import { createHash } from "node:crypto";
import type { Config } from "../../config/config.js";
import type { AppRender, AppSpec, Manifest, Side } from "../../core/model.js";
import type { RenderJob, RenderReads, Renderer, RepoTree, SourceTrees, TreeResult } from "../../core/ports.js";
import { appInputSet } from "../../core/inputs/app-input-set.js";
import { readsUnchanged, recordReads, type InputTree, type TreeReads } from "../../core/inputs/input-tree.js";
import { createTreeChangesMemo } from "./tree-changes.js";
import { isRefOnlySource } from "../../core/plan/resolve-app-path.js";
import { createInputTrees, type TreeInputs } from "./create-input-trees.js";
import type { RenderCache } from "./render-cache.js";

/** Tools whose reads the input set knows file by file (a directory app's set holds every file its
 *  walk can see); a plugin runs arbitrary commands and gets the whole tree. */
const SPARSE_TOOLS: ReadonlySet<string> = new Set(["helm", "kustomize", "directory"]);

/** Every Application/ApplicationSet manifest names this group in its apiVersion. */
const ARGO_API_GROUP = "argoproj.io";

/** Bump when the key's composition or the cached value's shape changes (v2: failure kinds; v3:
 *  Secret values masked, the masking key's id in the key). */
const KEY_FORMAT = "blast-radius-render-key-v3";

export interface CachingRendererStats {
  requests: number;
  /** served by a render already done (or in flight) in this process */
  memoryHits: number;
  /** served from the disk cache */
  diskHits: number;
  /** rendered by the inner renderer because nothing matched */
  misses: number;
  /** rendered because the input set could not be determined */
  undeterminable: number;
  /** the inner renderer's calls: each is at least one tool process for helm/kustomize/plugin sources */
  innerRenders: number;
  /** keys taken from the other side's computation (nothing it read differs between the trees) */
  keysReused: number;
}

export interface CachingRenderer extends Renderer {
  readonly stats: Readonly<CachingRendererStats>;
  deferKey(job: RenderJob): Promise<string | undefined>;
  /** The content key a render of `job` carries (inputsKey, or partialInputsKey when the input set
   *  is only partly known), computed without rendering or looking in the cache. */
  inputsKeysOf(job: RenderJob): Promise<Pick<AppRender, "inputsKey" | "partialInputsKey">>;
  summaryOf(key: string): Promise<readonly Manifest[] | undefined>;
  readsOf(side: Side, tree: RepoTree): RenderReads;
  exportKeys(side: Side, tree: RepoTree): readonly object[];
  importKeys(keys: readonly object[], tree: RepoTree): void;
  /** Writes the renders held back because they carry a tool's message, each through `prepare`
   *  (the analysis scrubs them of every Secret value either side rendered, which is known only
   *  once every render is done: a helm `fail` on head may print a value that base renders). */
  flush(prepare: (render: AppRender) => AppRender): Promise<void>;
}

export interface CreateCachingRendererParams {
  inner: Renderer;
  cache: RenderCache;
  /** describeToolVersions(): the binaries and renderer code the cached renders came from */
  toolVersions: string;
  config: Config;
  /** the id of the key the inner renderer masks Secret values with: a render masked under another
   *  key is another entry, whichever layer (memory, disk, shared) holds it */
  keyId?: string;
}

/** Process-wide count of inner renders (cache misses and unkeyable renders), for the benchmark and
 *  progress output: the exec adapter has no hook to count tool processes themselves. */
export const renderCounters = { innerRenders: 0 };

export function createCachingRenderer(params: CreateCachingRendererParams): CachingRenderer {
  const { inner, cache, toolVersions } = params;
  const stats: CachingRendererStats = {
    requests: 0,
    memoryHits: 0,
    diskHits: 0,
    misses: 0,
    undeterminable: 0,
    innerRenders: 0,
    keysReused: 0,
  };
  const inputTrees = createInputTrees();
  const inFlight = new Map<string, Promise<AppRender>>();
  const held: [string, AppRender][] = [];
  const configPart = JSON.stringify(relevantConfig(params.config));

  const renderInner = (job: RenderJob): Promise<AppRender> => {
    stats.innerRenders++;
    renderCounters.innerRenders++;
    return inner.render(job);
  };

  // A pinned targetRevision costs git processes to resolve; one side asks the same question per app.
  const resolved = new WeakMap<SourceTrees, Map<string, Promise<TreeResult>>>();
  const resolveOnce = (
    trees: SourceTrees,
    source: { repoURL: string; targetRevision?: string },
  ): Promise<TreeResult> => {
    let bySource = resolved.get(trees);
    if (!bySource) resolved.set(trees, (bySource = new Map<string, Promise<TreeResult>>()));
    const k = `${source.repoURL}\u0000${source.targetRevision ?? ""}`;
    let r = bySource.get(k);
    if (!r) bySource.set(k, (r = trees.resolve({ repoURL: source.repoURL, targetRevision: source.targetRevision })));
    return r;
  };

  // Keys computed on one side, with what their computation read of each tree: the other side's
  // same app, on a tree where none of those paths differ, has the same key (the key is a function
  // of the app, the config and those reads), so most of head is not computed again.
  const changes = createTreeChangesMemo();
  const computed = new Map<string, Promise<ComputedKey>[]>();
  // Per side, every key computation its requests used, and whether anything escapes them
  // (readsOf: a side whose reads are unchanged on another tree is the same side there).
  const sideLogs: Record<Side, SideLog> = { base: newSideLog(), head: newSideLog() };
  // Key computations of an earlier analysis (importKeys), by a digest of their identity.
  const imported = new Map<string, ComputedKey>();
  const importedFor = (identity: string): Promise<ComputedKey>[] => {
    if (imported.size === 0) return [];
    const c = imported.get(identityDigest(identity));
    return c ? [Promise.resolve(c)] : [];
  };

  const keyOf = async (job: RenderJob, forDeferral = false): Promise<KeyResult | undefined> => {
    const repoTrees: (RepoTree | string | undefined)[] = [];
    for (const source of job.app.sources) {
      if (source.chart && !isRefOnlySource(source)) repoTrees.push(undefined);
      else {
        const r = await resolveOnce(job.trees, source);
        // a revision that may be fetched later: another analysis may render this app otherwise
        if (!r.ok && r.unavailable) sideLogs[job.side].ownTreeOnly = false;
        repoTrees.push(r.ok ? r.tree : r.reason);
      }
    }
    const log = sideLogs[job.side];
    const identity = `${forDeferral ? "defer" : "render"}\n${job.config === params.config ? "" : JSON.stringify(job.config)}\n${JSON.stringify(relevantApp(job.app))}`;
    const earlier = computed.get(identity) ?? importedFor(identity);
    for (const e of earlier) {
      const c = await e.catch(() => undefined); // a computation that failed is not reused
      if (c && (await reusable(c, repoTrees))) {
        if (c.trees.some((t, i) => t !== repoTrees[i])) stats.keysReused++;
        log.keys.push({ identity, app: job.app.key, computed: c, trees: repoTrees });
        return c.result;
      }
    }
    const p = computeKey(job, repoTrees, forDeferral);
    computed.set(identity, [...earlier, p]);
    const c = await p;
    log.keys.push({ identity, app: job.app.key, computed: c, trees: repoTrees });
    return c.result;
  };

  const reusable = async (c: ComputedKey, repoTrees: readonly (RepoTree | string | undefined)[]): Promise<boolean> => {
    if (c.trees.length !== repoTrees.length) return false;
    for (const [i, t] of repoTrees.entries()) {
      const was = c.trees[i];
      if (was === t) continue;
      if (typeof was !== "object" || typeof t !== "object") return false;
      // the commit is in the key of a render that can observe it
      if (c.revisionSensitive) return false;
      const reads = c.reads[i];
      const diff = await changes.between(was, t);
      if (!reads || !diff || !readsUnchanged(reads, diff)) return false;
    }
    return true;
  };

  const computeKey = async (
    job: RenderJob,
    repoTreesOrReasons: readonly (RepoTree | string | undefined)[],
    forDeferral: boolean,
  ): Promise<ComputedKey> => {
    const trees: (TreeInputs | string | undefined)[] = [];
    const repoTrees: (RepoTree | undefined)[] = [];
    const recorders: (ReturnType<typeof recordReads> | undefined)[] = [];
    for (const t of repoTreesOrReasons) {
      const inputs = typeof t === "object" ? await inputTrees.of(t) : t;
      trees.push(inputs);
      repoTrees.push(typeof t === "object" ? t : undefined);
      recorders.push(typeof inputs === "object" ? recordReads(inputs.inputTree) : undefined);
    }
    const done = (result: KeyResult | undefined, revisionSensitive = false): ComputedKey => ({
      trees: repoTreesOrReasons,
      reads: recorders.map((r) => r?.reads()),
      revisionSensitive,
      result,
    });
    const set = await appInputSet({
      app: job.app,
      config: job.config,
      trees: trees.map((t, i): InputTree | string | undefined => (typeof t === "object" ? recorders[i]!.tree : t)),
    });
    const files = set.determinable ? set.files : set.known;
    if (!set.determinable && (forDeferral || files.length === 0)) return done(undefined);
    if (forDeferral && set.determinable && set.revisionSensitive) return done(undefined, true);
    const inputs: string[] = [];
    for (const f of files) {
      const t = trees[f.source] as TreeInputs;
      inputs.push(`${f.source}\t${f.path}\t${await t.idOf(f.path)}`);
    }
    const hash = createHash("sha256");
    hash.update(
      `${KEY_FORMAT}\n${params.keyId ?? ""}\n${toolVersions}\n${configPart}\n${JSON.stringify(relevantApp(job.app))}\n`,
    );
    if (job.config !== params.config) hash.update(JSON.stringify(relevantConfig(job.config)));
    if (!set.determinable) {
      // Only what the render is known to read: says "changed" when it differs, never "the same".
      hash.update(`partial\n${inputs.join("\n")}`);
      return done({ partialKey: hash.digest("hex") });
    }
    // The commit enters the key only when the render can observe it.
    if (set.revisionSensitive) hash.update(`revisions ${repoTrees.map((t) => t?.revision ?? "").join(",")}\n`);
    hash.update(inputs.join("\n"));
    if (forDeferral) {
      // An app that can render Applications or ApplicationSets must be rendered to find them.
      for (const f of set.files) {
        // through the tree's memoized reads: the apps of one chart share its files
        const t = trees[f.source];
        const text =
          typeof t === "object" ? await t.inputTree.readFile(f.path) : await repoTrees[f.source]?.readFile(f.path);
        if (text !== undefined && text.includes(ARGO_API_GROUP)) return done(undefined, set.revisionSensitive);
      }
    }
    return done(
      { key: hash.digest("hex"), files: set.files, sparse: set.tools.every((t) => SPARSE_TOOLS.has(t)) },
      set.revisionSensitive,
    );
  };

  // Keys whose summary was asked for and missing: a render of them found in the cache writes it.
  const summaryMissed = new Set<string>();
  const putSummary = (key: string, render: AppRender): Promise<void> =>
    cache.set(summaryKeyOf(key), summarize(render)).catch(() => undefined);

  return {
    stats,
    deferKey: async (job) => {
      const k = await keyOf(job, true);
      return k && "key" in k ? k.key : undefined;
    },
    async inputsKeysOf(job) {
      const k = await keyOf(job);
      if (k === undefined) return {};
      return "partialKey" in k ? { partialInputsKey: k.partialKey } : { inputsKey: k.key };
    },
    async summaryOf(key) {
      const entry = await cache.get(summaryKeyOf(key)).catch(() => undefined);
      if (entry === undefined || entry.app !== SUMMARY_APP) {
        summaryMissed.add(key);
        return undefined;
      }
      return entry.manifests;
    },
    readsOf(side, tree) {
      const log = sideLogs[side];
      const reads: TreeReads[] = [];
      const byApp = new Map<string, TreeReads[]>();
      let exact = log.exact;
      let ownTreeOnly = log.ownTreeOnly;
      for (const { app, computed: c, trees } of log.keys) {
        if (c.revisionSensitive) exact = false;
        let mine = byApp.get(app);
        if (!mine) byApp.set(app, (mine = []));
        for (const [i, t] of trees.entries()) {
          if (typeof t !== "object") continue;
          // a key reused from another tree: what it read there is what it depends on here
          const r = c.reads[i];
          if (t !== tree) ownTreeOnly = false;
          else if (!r) exact = false;
          else {
            reads.push(r);
            mine.push(r);
            // what the key is made of, read or not (a named input file that is missing counts)
            const files = c.result && "key" in c.result ? c.result.files.filter((f) => f.source === i) : [];
            if (files.length > 0) {
              const made: TreeReads = { paths: new Set(files.map((f) => f.path)), dirs: new Set(), all: false };
              reads.push(made);
              mine.push(made);
            }
          }
        }
      }
      return { reads, byApp, exact, ownTreeOnly };
    },
    exportKeys(side, tree) {
      const out = new Map<string, KeptKey>();
      for (const { identity, computed: c, trees } of sideLogs[side].keys) {
        // only what read this tree alone (another tree may move before the next analysis)
        if (trees.some((t) => typeof t === "object" && t !== tree)) continue;
        const id = identityDigest(identity);
        out.set(id, {
          id,
          trees: trees.map((t) => (typeof t === "object" ? 0 : (t ?? null))),
          reads: c.reads.map((r) => (r ? { paths: [...r.paths], dirs: [...r.dirs], all: r.all } : null)),
          revisionSensitive: c.revisionSensitive,
          result: c.result ?? null,
        });
      }
      return [...out.values()];
    },
    importKeys(keys, tree) {
      for (const k of keys) {
        if (!isKeptKey(k)) continue;
        imported.set(k.id, {
          trees: k.trees.map((t) => (t === 0 ? tree : (t ?? undefined))),
          reads: k.reads.map((r) => (r ? { paths: new Set(r.paths), dirs: new Set(r.dirs), all: r.all } : undefined)),
          revisionSensitive: k.revisionSensitive,
          result: k.result ?? undefined,
        });
      }
    },
    async flush(prepare) {
      for (const [key, render] of held.splice(0)) await cache.set(key, prepare(render)).catch(() => undefined);
    },
    async render(job) {
      const r = await renderKeyed(job);
      // a render that may come out otherwise next time makes its side not reusable as it is
      if (!isDeterministic(r)) sideLogs[job.side].exact = false;
      return r;
    },
  };

  async function renderKeyed(job: RenderJob): Promise<AppRender> {
    stats.requests++;
    const keyed = await keyOf(job);
    if (keyed === undefined || "partialKey" in keyed) {
      sideLogs[job.side].exact = false;
      stats.undeterminable++;
      const r = await renderInner(job);
      return keyed ? { ...r, partialInputsKey: keyed.partialKey } : r;
    }
    const key = keyed.key;
    // The key tells the report whether this app's inputs differ between the sides.
    const withKey = (r: AppRender): AppRender => (r.inputsKey === key ? r : { ...r, inputsKey: key });
    const pending = inFlight.get(key);
    if (pending) {
      stats.memoryHits++;
      return pending;
    }
    const p = (async (): Promise<AppRender> => {
      const cached = await cache.get(key).catch(() => undefined);
      if (cached) {
        stats.diskHits++;
        if (summaryMissed.delete(key)) await putSummary(key, cached);
        return cached;
      }
      stats.misses++;
      // helm and kustomize read exactly their inputs, so only those files need to be on disk.
      const render = await renderInner(keyed.sparse ? { ...job, trees: sparseTrees(job, keyed.files) } : job);
      if (!isDeterministic(render)) inFlight.delete(key);
      else {
        // the summary quotes no message: it is written now either way
        if (carriesToolMessage(render)) held.push([key, render]);
        else await cache.set(key, render).catch(() => undefined);
        await putSummary(key, render);
      }
      return render;
    })().then(withKey);
    inFlight.set(key, p);
    p.catch(() => inFlight.delete(key));
    return p;
  }
}

/** A key computation as another analysis takes it back, as plain JSON data: 0 stands for the
 *  tree it read. */
interface KeptKey {
  id: string;
  trees: (0 | string | null)[];
  reads: ({ paths: string[]; dirs: string[]; all: boolean } | null)[];
  revisionSensitive: boolean;
  result: KeyResult | null;
}

function isKeptKey(k: object): k is KeptKey {
  const x = k as Partial<KeptKey>;
  return (
    typeof x.id === "string" &&
    Array.isArray(x.trees) &&
    Array.isArray(x.reads) &&
    x.trees.length === x.reads.length &&
    x.reads.every((r) => r === null || (typeof r === "object" && Array.isArray(r.paths) && Array.isArray(r.dirs))) &&
    typeof x.revisionSensitive === "boolean" &&
    (x.result === null || typeof x.result === "object")
  );
}

function identityDigest(identity: string): string {
  return createHash("sha256").update(identity).digest("base64");
}

/** What one side's requests keyed their renders with (CachingRenderer.readsOf). */
interface SideLog {
  keys: { identity: string; app: string; computed: ComputedKey; trees: readonly (RepoTree | string | undefined)[] }[];
  exact: boolean;
  ownTreeOnly: boolean;
}

function newSideLog(): SideLog {
  return { keys: [], exact: true, ownTreeOnly: true };
}

/** A render's summary lives in the same cache under a key of its own; its `app` marks it. */
const SUMMARY_FORMAT = "blast-radius-render-summary-v1";
const SUMMARY_APP = "\u0000summary";

function summaryKeyOf(key: string): string {
  return createHash("sha256").update(`${SUMMARY_FORMAT}\n${key}`).digest("hex");
}

/** What a render declares, reduced to the identity of each manifest (no spec, no data: a
 *  Secret's values never reach the summary). A failed render declares nothing. */
function summarize(render: AppRender): AppRender {
  const manifests = render.error
    ? []
    : render.manifests.map((m): Manifest => {
        const meta =
          typeof m.metadata === "object" && m.metadata !== null ? (m.metadata as Record<string, unknown>) : {};
        return {
          apiVersion: m.apiVersion,
          kind: m.kind,
          metadata: { name: meta.name, ...(meta.namespace !== undefined ? { namespace: meta.namespace } : {}) },
        };
      });
  return { app: SUMMARY_APP, manifests, sources: [] };
}

type KeyResult =
  | {
      key: string;
      files: { source: number; path: string }[];
      sparse: boolean;
    }
  /** only what the render is known to read (its input set is not knowable): says "changed", never "the same" */
  | { partialKey: string };

/** A key as computed on one set of trees, and what the computation read of each. */
interface ComputedKey {
  /** per source: its tree, why it has none, or undefined (a chart from a repository) */
  trees: readonly (RepoTree | string | undefined)[];
  reads: readonly (TreeReads | undefined)[];
  revisionSensitive: boolean;
  /** undefined: no key (inputs unknowable; or, for deferral, an app that must be rendered) */
  result: KeyResult | undefined;
}

/** The job's trees, each writing to disk only the input files of this render's sources. */
function sparseTrees(job: RenderJob, files: { source: number; path: string }[]): SourceTrees {
  const treeKey = (q: { repoURL: string; targetRevision?: string }): string =>
    `${q.repoURL}\u0000${q.targetRevision ?? ""}`;
  const byTree = new Map<string, string[]>();
  const add = (src: { repoURL: string; targetRevision?: string }, path: string): void => {
    const k = treeKey(src);
    byTree.set(k, [...(byTree.get(k) ?? []), path]);
  };
  for (const f of files) {
    const src = job.app.sources[f.source];
    if (src) add(src, f.path);
  }
  // The app directories themselves must exist, as in a checkout (a trailing "/" asks for a directory).
  for (const src of job.app.sources)
    if (src.path !== undefined && !src.chart) add(src, `${src.path.replace(/\/+$/, "")}/`);
  return {
    async resolve(q) {
      const r = await job.trees.resolve(q);
      const paths = byTree.get(treeKey(q));
      if (!r.ok || !paths) return r;
      const tree = r.tree;
      return { ok: true, tree: { ...tree, directory: (p?: readonly string[]) => tree.directory(p ?? paths) } };
    },
  };
}

/** What of an Application the renderer reads: names for the env and helm release, destination,
 *  project, and the sources verbatim (key order included: a reorder is a miss, never a wrong hit). */
function relevantApp(app: AppSpec): unknown {
  return {
    key: app.key,
    name: app.name,
    namespace: app.namespace,
    instanceName: app.instanceName,
    project: app.project,
    destination: app.destination,
    sources: app.sources,
  };
}

/** The configuration the renderer reads (see adapters/render: kube/api versions, repo-server
 *  namespace, Argo CD version gates, kustomize build options, output cap, plugin definitions). */
function relevantConfig(config: Config): unknown {
  return {
    kubeVersion: config.kubeVersion,
    apiVersions: config.apiVersions,
    repoServerNamespace: config.repoServerNamespace,
    argocdVersion: config.argocd.version,
    kustomizeBuildOptions: config.argocd.kustomizeBuildOptions,
    maxOutputBytes: config.render.maxOutputBytes,
    memoryMiB: config.render.memoryMiB,
    network: config.network,
    plugins: config.plugins,
  };
}

/** Whether the render quotes a tool (an error, a warning): such text may hold any value. */
function carriesToolMessage(render: AppRender): boolean {
  return (
    render.error !== undefined ||
    render.sources.some((s) => s.status === "error" || (s.status === "rendered" && (s.warnings?.length ?? 0) > 0))
  );
}

/** A render worth keeping: every failure in it would happen again with the same inputs. */
export function isDeterministic(render: AppRender): boolean {
  // an error of unknown kind is taken as transient: a render is cached only when known to be stable
  if (render.error !== undefined && (render.errorKind === undefined || isTransientFailure(render.errorKind)))
    return false;
  // A server unreachable from here (classified by the renderer) may answer on the next run.
  if (render.limitation !== undefined) return false;
  // A fetch the network policy refused depends on what a name resolves to today.
  if (render.sources.some((s) => s.status === "skipped" && s.unavailable)) return false;
  return render.sources.every((s) => s.status !== "error" || !isTransientFailure(s.kind));
}
