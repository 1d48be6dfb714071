// Builds base and head side by side, sharing one renderer, and reports progress across both.
//
// Apps the renderer can key by content are deferred (Renderer.deferKey). After both sides are
// built, a deferred app whose key differs between the sides, or that exists on one side only, is
// rendered; one with equal keys is unchanged and stays unrendered unless `renderAllDeferred` is
// asked for (a cascade or a new resource needs the full inventory: needsFullInventory).
import type { Config } from "../config/config.js";
import type { ProgressEvent } from "../analyze-types.js";
import type { Renderer, SourceTrees } from "../core/ports.js";
import type { SideApp, SideState } from "../core/side-state.js";
import type { LocalRepo } from "../adapters/git/local-repo.js";
import { createSourceTrees } from "../adapters/git/create-source-trees.js";
import { buildSide, computeDesiredStates, type AppSetEvaluator } from "./build-side.js";
import { runPool } from "./run-pool.js";

type SideName = "base" | "head";

export interface BuiltSides {
  base: SideState;
  head: SideState;
  /** Renders every app still deferred on either side (same key: rendered once, through the cache). */
  renderAllDeferred(): Promise<void>;
}

export async function buildSides(params: {
  repo: LocalRepo;
  sides: Record<SideName, { rev: string; sha: string }>;
  renderer: Renderer;
  evaluateAppSet: AppSetEvaluator;
  config: Config;
  repoURLs: string[];
  trackedRevisions: string[];
  branchesTracked: boolean;
  concurrency: number;
  onProgress?: (e: ProgressEvent) => void;
}): Promise<BuiltSides> {
  const { repo, onProgress, config } = params;
  let done = 0;
  let total = 0;
  const treesFor = (sideSha: string): SourceTrees =>
    createSourceTrees({
      repo,
      sideSha,
      baseSha: params.sides.base.sha,
      repoURLs: params.repoURLs,
      trackedRevisions: params.trackedRevisions,
      branchesTracked: params.branchesTracked,
    });
  const trees: Record<SideName, SourceTrees> = {
    base: treesFor(params.sides.base.sha),
    head: treesFor(params.sides.head.sha),
  };
  const build = async (side: SideName): Promise<SideState> => {
    const { rev, sha } = params.sides[side];
    onProgress?.({ phase: "checkout", side, rev });
    let queued = 0;
    const state = await buildSide({
      side,
      rev,
      tree: await repo.tree(sha),
      trees: trees[side],
      renderer: params.renderer,
      evaluateAppSet: params.evaluateAppSet,
      config,
      repoURLs: params.repoURLs,
      concurrency: params.concurrency,
      deferRenders: true,
      onQueued: (n) => {
        total += n - queued;
        queued = n;
      },
      onRendered: (app) => onProgress?.({ phase: "rendered", done: ++done, total, app }),
    });
    onProgress?.({ phase: "discovered", side, apps: state.apps.size, appSets: state.appSets.size });
    return state;
  };
  const [base, head] = await Promise.all([build("base"), build("head")]);
  const states: Record<SideName, SideState> = { base, head };

  const renderDeferred = async (select: (side: SideName, app: SideApp) => boolean): Promise<void> => {
    const work: { side: SideName; app: SideApp }[] = [];
    for (const side of ["base", "head"] as const) {
      for (const app of states[side].apps.values())
        if (app.deferred !== undefined && select(side, app)) work.push({ side, app });
    }
    if (work.length === 0) return;
    total += work.length;
    await runPool(work, params.concurrency, async ({ side, app }) => {
      app.render = await params.renderer.render({ app: app.spec, side, trees: trees[side], config });
      delete app.deferred;
      onProgress?.({ phase: "rendered", done: ++done, total, app: app.spec.name });
    });
    for (const side of new Set(work.map((w) => w.side))) computeDesiredStates(states[side], config);
  };

  // An app deferred on one side only, or with different inputs on the two, has changed: render it.
  const other = (side: SideName): SideState => (side === "base" ? head : base);
  await renderDeferred((side, app) => other(side).apps.get(app.spec.key)?.deferred !== app.deferred);

  return { base, head, renderAllDeferred: () => renderDeferred(() => true) };
}
