// Builds base and head, sharing one renderer, and reports progress across both.
//
// Base first, recording what its build read of its tree (core/inputs/side-reads): when nothing
// of that differs in head, head IS the base side (buildReusing). A base side built from its own
// tree alone is kept in the cache directory (keepSides) for the next analysis of that commit.
// Without reuse (the reference run, an injected evaluator) both are built side by side.
//
// Apps the renderer can key by content are deferred (Renderer.deferKey). After both sides are
// built, a deferred app whose key differs between the sides, or that exists on one side only, is
// rendered; one with equal keys is unchanged and stays unrendered unless the caller completes the
// sides (completeSides: a cascade or a new resource needs the full inventory, needsFullInventory).
// Every step returns new, read-only sides; none changes what it was given.
import type { Config } from "../config/config.js";
import type { ProgressEvent } from "../analyze-types.js";
import type { Renderer, RepoTree, SourceTrees } from "../core/ports.js";
import type { SideApp, SideState } from "../core/side-state.js";
import type { LocalRepo } from "../adapters/git/local-repo.js";
import { CRD_KIND } from "../core/argocd/constants.js";
import { kindOf } from "../core/argocd/manifest.js";
import { createSourceTrees } from "../adapters/git/create-source-trees.js";
import {
  createAppFileDiscovery,
  isManifestFile,
  mayDeclareApps,
  type AppFileDiscovery,
} from "../adapters/git/discover-app-files.js";
import { createTreeChangesMemo, type TreeChangesMemo } from "../adapters/cache/tree-changes.js";
import type { SelfReport, SideSnapshots } from "../adapters/cache/side-snapshots.js";
import { sideReadsBuilder, sideReadsUnchanged, type SideReads } from "../core/inputs/side-reads.js";
import { sideIndexBuilder, type SideIndex, type SideIndexBuilder } from "../core/inputs/side-index.js";
import type { AppManifestDoc, FoundAppManifests } from "../core/discover/find-app-manifests.js";
import { fileApplication } from "../core/argocd/file-application.js";
import { deriveHead } from "./derive-head.js";
import { recordSourceReads } from "../core/inputs/record-source-reads.js";
import { buildSide, withDesiredStates, type AppSetEvaluator } from "./build-side.js";
import { selfComparedDirs, touchesDirs } from "../core/diff/inputs-changed.js";
import type { Report } from "../core/model.js";
import { mapPool } from "./run-pool.js";
import type { AppRender, Manifest } from "../core/model.js";
import { computeDeletions, type DeletionFacts } from "../core/deletions/compute-deletions.js";
import { inventoryNeeds, mayBeNeeded } from "../core/needs-full-inventory.js";

type SideName = "base" | "head";

export interface Sides {
  readonly base: SideState;
  readonly head: SideState;
}

/** What building and completing the sides share: one renderer, the trees each side reads, and
 *  one progress count across both. */
export interface SidesContext {
  readonly repo: LocalRepo;
  readonly sides: Readonly<Record<SideName, { rev: string; sha: string }>>;
  readonly repoURLs: readonly string[];
  readonly renderer: Renderer;
  readonly config: Config;
  readonly concurrency: number;
  /** readRefs: some source's tree was chosen by the repository's refs (which move) */
  readonly trees: Readonly<Record<SideName, SourceTrees & { readRefs(): boolean }>>;
  readonly progress: Progress;
  /** finds the files' Applications of both sides; the head side only re-reads what differs */
  readonly discovery: AppFileDiscovery;
  /** the head side may start from what the base side found (false: the reference run) */
  readonly reuse: boolean;
  /** a side whose reads another tree leaves unchanged is that tree's side too (needs `reuse`,
   *  a renderer with readsOf and the real ApplicationSet evaluator, whose reads are recorded) */
  readonly reuseSides: boolean;
  /** built sides kept across analyses (AnalyzeParams.cacheDir, the real renderer) */
  readonly snapshots?: SideSnapshots;
  readonly changes: TreeChangesMemo;
  /** sides to write to `snapshots` once every render is done (keepSides) */
  readonly toKeep: ((scrub: (r: AppRender) => AppRender) => Promise<void>)[];
  /** what buildSides found: the base side is in `snapshots` (taken from it, or to be written),
   *  and head is the base side */
  readonly built: { baseKept: boolean; headIsBase: boolean };
}

/** Writes the sides this analysis will keep, each render through `scrub` (every Secret value any
 *  render of the analysis holds out of its messages). Call after the last render. */
export async function keepSides(ctx: SidesContext, scrub: (r: AppRender) => AppRender): Promise<void> {
  for (const keep of ctx.toKeep.splice(0)) await keep(scrub);
}

/**
 * The report kept for the base side against itself, when head is that side (nothing the side
 * read differs) and no changed file reaches where that report depends on the changed files: the
 * report of this analysis but for its revisions, with nothing built or loaded but the side's
 * reads. Undefined otherwise (the sides are built).
 */
export async function keptSelfReport(
  ctx: SidesContext,
  changedFiles: readonly string[] | undefined,
): Promise<SelfReport | undefined> {
  if (!ctx.reuseSides || !ctx.snapshots || changedFiles === undefined) return undefined;
  const sha = ctx.sides.base.sha;
  const reads = await ctx.snapshots.getReads(sha);
  if (!reads) return undefined;
  const [baseTree, headTree] = [await ctx.repo.tree(sha), await ctx.repo.tree(ctx.sides.head.sha)];
  if (!(await sameSideOn(ctx, reads, baseTree, headTree))) return undefined;
  const self = await ctx.snapshots.getSelfReport(sha);
  if (!self || touchesDirs(changedFiles, self.dirs)) return undefined;
  sideCounters.reports++;
  for (const side of ["base", "head"] as const) {
    ctx.progress.event({ phase: "checkout", side, rev: ctx.sides[side].rev });
    ctx.progress.event({ phase: "discovered", side, apps: self.apps, appSets: self.appSets });
  }
  return self;
}

/** Keeps `report` as the base side's report against itself (keptSelfReport) when head was that
 *  side and the side is kept. `report` must come from these sides and `changedFiles` alone. */
export async function keepSelfReport(ctx: SidesContext, base: SideState, report: Report): Promise<void> {
  if (!ctx.snapshots || !ctx.built.baseKept || !ctx.built.headIsBase) return;
  const { base: _b, head: _h, ...rest } = report;
  await ctx.snapshots
    .putSelfReport(ctx.sides.base.sha, {
      report: rest,
      dirs: selfComparedDirs(base),
      apps: base.apps.size,
      appSets: base.appSets.size,
    })
    .catch(() => undefined);
}

/** Process-wide counts, for the benchmark and tests (as renderCounters): sides taken from an
 *  earlier analysis (SideSnapshots), head sides that are the base side, and reports of a side
 *  against itself taken from an earlier analysis (keptSelfReport). */
export const sideCounters = { loaded: 0, shared: 0, reports: 0 };

interface Progress {
  /** `n` more renders are expected */
  queued(n: number): void;
  rendered(app: string): void;
  event(e: ProgressEvent): void;
}

export function createSidesContext(params: {
  repo: LocalRepo;
  sides: Record<SideName, { rev: string; sha: string }>;
  renderer: Renderer;
  config: Config;
  repoURLs: string[];
  trackedRevisions: string[];
  branchesTracked: boolean;
  concurrency: number;
  onProgress?: (e: ProgressEvent) => void;
  /** keeps whole-tree discoveries across analyses (AnalyzeParams.cacheDir) */
  cacheDir?: string;
  /** AnalyzeParams.noCache: each side discovered on its own, nothing reused (the reference run) */
  noCache?: boolean;
  /** false: an injected ApplicationSet evaluator, whose reads are not known */
  reuseSides?: boolean;
  snapshots?: SideSnapshots;
}): SidesContext {
  const treesFor = (sideSha: string): SourceTrees & { readRefs(): boolean } =>
    createSourceTrees({
      repo: params.repo,
      sideSha,
      baseSha: params.sides.base.sha,
      repoURLs: params.repoURLs,
      trackedRevisions: params.trackedRevisions,
      branchesTracked: params.branchesTracked,
    });
  const count = { done: 0, total: 0 };
  const onProgress = params.onProgress;
  return {
    repo: params.repo,
    sides: params.sides,
    repoURLs: params.repoURLs,
    renderer: params.renderer,
    config: params.config,
    concurrency: params.concurrency,
    trees: { base: treesFor(params.sides.base.sha), head: treesFor(params.sides.head.sha) },
    discovery: createAppFileDiscovery(
      params.noCache || params.cacheDir === undefined ? {} : { cacheDir: params.cacheDir },
    ),
    reuse: !params.noCache,
    reuseSides: !params.noCache && params.reuseSides !== false && params.renderer.readsOf !== undefined,
    ...(params.snapshots && !params.noCache ? { snapshots: params.snapshots } : {}),
    changes: createTreeChangesMemo(),
    toKeep: [],
    built: { baseKept: false, headIsBase: false },
    progress: {
      queued: (n) => void (count.total += n),
      rendered: (app) => onProgress?.({ phase: "rendered", done: ++count.done, total: count.total, app }),
      event: (e) => onProgress?.(e),
    },
  };
}

/** Both sides, with every app rendered that may differ between them, and their desired states.
 *  Both sides are built to the end before a failure of either is raised. */
export async function buildSides(ctx: SidesContext, params: { evaluateAppSet: AppSetEvaluator }): Promise<Sides> {
  const { base, head } = ctx.reuseSides ? await buildReusing(ctx, params) : await buildEach(ctx, params);
  // An app deferred on one side only, or with different inputs on the two, has changed: render it.
  const other = { base: head, head: base };
  return completeSides(
    ctx,
    { base, head },
    (side, app) => other[side].apps.get(app.spec.key)?.deferred !== app.deferred,
    { allDesired: true },
  );
}

/** One side built from its tree (evaluate: the ApplicationSet evaluator it is to use). */
async function buildOne(ctx: SidesContext, side: SideName, evaluate: AppSetEvaluator): Promise<SideState> {
  const { rev, sha } = ctx.sides[side];
  ctx.progress.event({ phase: "checkout", side, rev });
  let queued = 0;
  const tree = await ctx.repo.tree(sha);
  const baseTree = side === "head" && ctx.reuse ? await ctx.repo.tree(ctx.sides.base.sha) : undefined;
  const state = await buildSide({
    side,
    rev,
    tree,
    // The reference run (noCache) discovers each side on its own, sharing nothing.
    discover: ctx.reuse ? (t) => ctx.discovery.discover(t, baseTree) : (t) => createAppFileDiscovery().discover(t),
    trees: ctx.trees[side],
    renderer: ctx.renderer,
    evaluateAppSet: evaluate,
    config: ctx.config,
    repoURLs: [...ctx.repoURLs],
    concurrency: ctx.concurrency,
    deferRenders: true,
    onQueued: (n) => {
      ctx.progress.queued(n - queued);
      queued = n;
    },
    onRendered: (app) => ctx.progress.rendered(app),
  });
  ctx.progress.event({ phase: "discovered", side, apps: state.apps.size, appSets: state.appSets.size });
  return state;
}

/** Base, then head: head is base itself when nothing base's build read differs between the trees
 *  (a pull request no app can see: no Application rendered twice, no key computed twice); each
 *  side comes from an earlier analysis of the same commit and context when one was kept. */
async function buildReusing(ctx: SidesContext, params: { evaluateAppSet: AppSetEvaluator }): Promise<Sides> {
  const baseTree = await ctx.repo.tree(ctx.sides.base.sha);
  const headTree = await ctx.repo.tree(ctx.sides.head.sha);
  const base = await knownSide(ctx, "base", baseTree, params.evaluateAppSet);
  if (base.reads && (await sameSideOn(ctx, base.reads, baseTree, headTree))) {
    sideCounters.shared++;
    ctx.built.headIsBase = true;
    const { rev, sha } = ctx.sides.head;
    ctx.progress.event({ phase: "checkout", side: "head", rev });
    ctx.progress.event({
      phase: "discovered",
      side: "head",
      apps: base.state.apps.size,
      appSets: base.state.appSets.size,
    });
    return { base: base.state, head: { ...base.state, rev, sha } };
  }
  // Head is the base side with what the change touches redone, when that is all it touches.
  const index = base.index ?? (base.loaded ? await ctx.snapshots?.getIndex(ctx.sides.base.sha) : undefined);
  if (index) {
    const derived = await deriveHead(ctx, { base: base.state, index, baseTree, headTree });
    if (derived) {
      const { rev } = ctx.sides.head;
      ctx.progress.event({ phase: "checkout", side: "head", rev });
      ctx.progress.event({ phase: "discovered", side: "head", apps: derived.apps.size, appSets: derived.appSets.size });
      return { base: base.state, head: derived };
    }
  }
  // Head is built: it may reuse the key computations the kept base side was built with.
  if (base.loaded) ctx.renderer.importKeys?.((await ctx.snapshots?.getKeys(ctx.sides.base.sha)) ?? [], baseTree);
  return { base: base.state, head: (await knownSide(ctx, "head", headTree, params.evaluateAppSet)).state };
}

/** A side kept by an earlier analysis, or built now with what its build read (undefined: not
 *  known exactly, or a head built now, so the side is not reused anywhere). */
async function knownSide(
  ctx: SidesContext,
  side: SideName,
  tree: RepoTree,
  evaluate: AppSetEvaluator,
): Promise<{ state: SideState; reads?: SideReads; index?: SideIndex; loaded?: boolean }> {
  const { rev, sha } = ctx.sides[side];
  const kept = await ctx.snapshots?.get(sha);
  if (kept) {
    sideCounters.loaded++;
    if (side === "base") ctx.built.baseKept = true;
    // The tree's discovery and the specs made from it, as the analysis that built the side had
    // them: a head built now from unchanged files gets the same objects (compared by identity).
    if (kept.discovery) ctx.discovery.prime(tree, kept.discovery);
    for (const app of kept.state.apps.values()) ctx.renderer.learn?.(app.render);
    ctx.progress.event({ phase: "checkout", side, rev });
    ctx.progress.event({ phase: "discovered", side, apps: kept.state.apps.size, appSets: kept.state.appSets.size });
    return { state: { ...kept.state, rev }, reads: kept.reads, loaded: true };
  }
  // What head read is never asked (only base sides are shared and kept): not recorded.
  if (side === "head") return { state: await buildOne(ctx, side, evaluate) };
  const indexed = sideIndexBuilder();
  const recorded = recordSourceReads({ trees: ctx.trees[side], own: tree, into: indexed.structure });
  const state = await buildOne(ctx, side, (p) => evaluate({ ...p, trees: recorded.trees }));
  const renders = ctx.renderer.readsOf!(side, tree);
  if (!renders.exact || state.incomplete !== undefined) return { state };
  // A key of an app left unrendered decides only that app's key; the renders decide the structure.
  if (renders.byApp) {
    for (const [app, reads] of renders.byApp) {
      const into = state.apps.get(app)?.deferred !== undefined ? indexed.keyReads(app) : indexed.structure;
      for (const r of reads) into.addTreeReads(r);
    }
  } else for (const r of renders.reads) indexed.structure.addTreeReads(r);
  // Discovery read every file that declares something (and greps any other one that changes).
  const found = await ctx.discovery.discover(tree);
  indexAppFiles(indexed, found, state, ctx.config.argocdNamespace);
  const index = indexed.done();
  const reads = readsOfIndex(index);
  // Only base sides are kept: many pull requests share one base, and heads would push it out.
  // Written at the end of the analysis (keepSides): a tool's message in a render may quote a
  // Secret value that only a render still to come knows.
  if (ctx.snapshots && renders.ownTreeOnly && recorded.ownTreeOnly() && !ctx.trees[side].readRefs()) {
    const snapshots = ctx.snapshots;
    const keys = ctx.renderer.exportKeys?.(side, tree);
    const discovery = await ctx.discovery.candidatesOf(tree);
    ctx.built.baseKept = true;
    ctx.toKeep.push(async (scrub) => {
      if (keys) await snapshots.putKeys(sha, keys).catch(() => undefined);
      await snapshots.putIndex(sha, index).catch(() => undefined);
      const apps = new Map([...state.apps].map(([k, a]) => [k, { ...a, render: scrub(a.render) }]));
      await snapshots
        .put(sha, { state: { ...state, apps }, reads, ...(discovery ? { discovery } : {}) })
        .catch(() => undefined);
    });
  }
  return { state, reads, index };
}

/** Files whose every document is an Application the side has as a root, declared there alone and
 *  left unrendered (side-index appFiles); every other declaring file decides the structure. */
function indexAppFiles(into: SideIndexBuilder, found: FoundAppManifests, state: SideState, ns: string): void {
  const byFile = new Map<string, AppManifestDoc[]>();
  for (const d of found.docs) {
    const list = byFile.get(d.file);
    if (list) list.push(d);
    else byFile.set(d.file, [d]);
  }
  for (const e of found.parseErrors) {
    byFile.delete(e.file);
    into.structure.addPath(e.file);
  }
  for (const [file, docs] of byFile) {
    const keys: string[] = [];
    for (const d of docs) {
      const spec = d.kind === "Application" ? fileApplication(d.obj, file, ns) : undefined;
      const app = spec ? state.apps.get(spec.key) : undefined;
      if (!app || app.spec !== spec || app.declarations.length !== 1 || app.deferred === undefined) break;
      if (keys.includes(spec.key)) break;
      keys.push(spec.key);
    }
    if (keys.length === docs.length) into.appFile(file, keys);
    else into.structure.addPath(file);
  }
}

/** Everything the index says the side read (what sameSideOn checks). */
function readsOfIndex(index: SideIndex): SideReads {
  const all = sideReadsBuilder();
  const add = (r: SideReads) => {
    for (const p of r.paths) all.addPath(p);
    for (const d of r.dirs) all.addDir(d);
    for (const d of r.listed) all.addListing(d);
  };
  add(index.structure);
  for (const r of index.keys.values()) add(r);
  for (const f of index.appFiles.keys()) all.addPath(f);
  return all.done();
}

/** Whether the side built on `from`, which read `reads`, is also the side of `to`. */
async function sameSideOn(ctx: SidesContext, reads: SideReads, from: RepoTree, to: RepoTree): Promise<boolean> {
  if (from === to) return true;
  const changes = await ctx.changes.between(from, to);
  if (!changes || !sideReadsUnchanged(reads, changes)) return false;
  // a file that starts declaring an Application or ApplicationSet (the listing only when some
  // manifest file changed: a README-only change never lists head)
  const manifests = [...changes.paths].filter(isManifestFile);
  if (manifests.length === 0) return true;
  const ids = to.fileIds ? await to.fileIds() : undefined;
  if (!ids) return false;
  return !(await mayDeclareApps(
    to,
    manifests.filter((p) => ids.has(p)),
  ));
}

/** Both sides at once, each on its own (an injected evaluator, or the reference run). */
async function buildEach(ctx: SidesContext, params: { evaluateAppSet: AppSetEvaluator }): Promise<Sides> {
  const build = (side: SideName): Promise<SideState> => buildOne(ctx, side, params.evaluateAppSet);
  const settled = await Promise.allSettled([build("base"), build("head")]);
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === "rejected");
  if (failed) throw failed.reason;
  const [base, head] = settled.map((s) => (s as PromiseFulfilledResult<SideState>).value) as [SideState, SideState];
  return { base, head };
}

/**
 * The sides with the deferred apps `select` picks rendered (default: all of them, the full
 * inventory; an app with the same key on both sides is rendered once, through the cache), and the
 * desired states of what was rendered. `allDesired`: compute every app's desired state (the sides
 * come straight from buildSide, which computes none).
 */
export async function completeSides(
  ctx: SidesContext,
  sides: Sides,
  select: (side: SideName, app: SideApp) => boolean = () => true,
  opts: { allDesired?: boolean } = {},
): Promise<Sides> {
  const work: { side: SideName; app: SideApp }[] = [];
  for (const side of ["base", "head"] as const) {
    for (const app of sides[side].apps.values())
      if (app.deferred !== undefined && select(side, app)) work.push({ side, app });
  }
  if (work.length === 0 && !opts.allDesired) return sides;
  ctx.progress.queued(work.length);
  const renders = await mapPool(work, ctx.concurrency, async ({ side, app }) => {
    const render = await ctx.renderer.render({ app: app.spec, side, trees: ctx.trees[side], config: ctx.config });
    ctx.progress.rendered(app.spec.name);
    return render;
  });
  const complete = (side: SideName): SideState => {
    const state = sides[side];
    const done = work.flatMap((w, i) => (w.side === side ? [{ app: w.app, render: renders[i]! }] : []));
    if (done.length === 0 && !opts.allDesired) return state;
    const apps = new Map(state.apps);
    for (const { app, render } of done) {
      const { deferred: _deferred, ...rest } = app;
      apps.set(app.spec.key, { ...rest, render });
    }
    // New CRDs change the scope of custom kinds on this side: then every desired state again,
    // else only those of the apps just rendered.
    const newCrds = done.some((d) => d.render.manifests.some((m) => kindOf(m) === CRD_KIND));
    const only = opts.allDesired || newCrds ? undefined : new Set(done.map((d) => d.app.spec.key));
    return { ...state, apps: withDesiredStates(apps, ctx.config, only) };
  };
  const base = complete("base");
  // Head is the base side (buildReusing) and nothing was rendered: one computation for both.
  if (sides.head.apps === sides.base.apps && work.length === 0)
    return { base, head: { ...sides.head, apps: base.apps } };
  return { base, head: complete("head") };
}

/**
 * The sides with every unrendered app the report can depend on rendered, and their deletions
 * (`facts`: computeDeletions of `sides`). What is needed (inventoryNeeds) is asked again after each
 * round: a cascade found in the new renders may need more. An app is left out only when the
 * summary of an earlier render of the same inputs (Renderer.summaryOf) shows it declares nothing
 * needed; without one it is rendered, so a cold cache renders what a full render would.
 */
export async function completeInventory(
  ctx: SidesContext,
  built: Sides,
  builtFacts: DeletionFacts,
): Promise<Sides & { facts: DeletionFacts }> {
  const config = ctx.config;
  const summaries = new Map<string, Promise<readonly Manifest[] | undefined>>();
  const summaryOf = (key: string): Promise<readonly Manifest[] | undefined> => {
    let s = summaries.get(key);
    if (!s) summaries.set(key, (s = ctx.renderer.summaryOf?.(key) ?? Promise.resolve(undefined)));
    return s;
  };
  let sides = built;
  let facts = builtFacts;
  for (;;) {
    const needs = inventoryNeeds({ ...sides, config, facts });
    if (needs.kind === "none") return { ...sides, facts };
    if (needs.kind === "all") {
      sides = await completeSides(ctx, sides);
      return { ...sides, facts: computeDeletions({ ...sides, config }) };
    }
    const deferred = (["base", "head"] as const).flatMap((side) =>
      [...sides[side].apps.values()].flatMap((app) => (app.deferred !== undefined ? [{ side, app }] : [])),
    );
    const picked = await mapPool(deferred, 16, async ({ side, app }) =>
      mayBeNeeded({ needs, side, app, summary: await summaryOf(app.deferred!), config }),
    );
    // An app rendered on one side is rendered on the other too: the sides stay comparable.
    const keys = new Set(deferred.flatMap((d, i) => (picked[i] ? [d.app.spec.key] : [])));
    if (keys.size === 0) return { ...sides, facts };
    sides = await completeSides(ctx, sides, (_side, app) => keys.has(app.spec.key));
    facts = computeDeletions({ ...sides, config });
  }
}
