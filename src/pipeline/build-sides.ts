// Builds base and head side by side, sharing one renderer, and reports progress across both.
import type { Config } from "../config/config.js";
import type { ProgressEvent } from "../analyze-types.js";
import type { Renderer } from "../core/ports.js";
import type { SideState } from "../core/side-state.js";
import type { LocalRepo } from "../adapters/git/local-repo.js";
import { createSourceTrees } from "../adapters/git/create-source-trees.js";
import { buildSide, type AppSetEvaluator } from "./build-side.js";

export async function buildSides(params: {
  repo: LocalRepo;
  sides: { base: { rev: string; sha: string }; head: { rev: string; sha: string } };
  renderer: Renderer;
  evaluateAppSet: AppSetEvaluator;
  config: Config;
  repoURLs: string[];
  trackedRevisions: string[];
  concurrency: number;
  onProgress?: (e: ProgressEvent) => void;
}): Promise<{ base: SideState; head: SideState }> {
  const { repo, onProgress } = params;
  let done = 0;
  let total = 0;
  const build = async (side: "base" | "head"): Promise<SideState> => {
    const { rev, sha } = params.sides[side];
    onProgress?.({ phase: "checkout", side, rev });
    let queued = 0;
    const state = await buildSide({
      side,
      rev,
      tree: await repo.tree(sha),
      trees: createSourceTrees({ repo, sideSha: sha, repoURLs: params.repoURLs, trackedRevisions: params.trackedRevisions }),
      renderer: params.renderer,
      evaluateAppSet: params.evaluateAppSet,
      config: params.config,
      repoURLs: params.repoURLs,
      concurrency: params.concurrency,
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
  return { base, head };
}
