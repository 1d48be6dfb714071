// The one orchestrator both faces call: a short list of steps.
import { availableParallelism } from "node:os";
import { parse as parseYaml } from "yaml";
import type { Config } from "./config/config.js";
import { parseConfig } from "./config/parse-config.js";
import { DEFAULT_CONFIG } from "./config/defaults.js";
import type { Renderer, RepoTree } from "./core/ports.js";
import type { Finding } from "./core/model.js";
import type { AnalyzeOutcome, AnalyzeParams } from "./analyze-types.js";
import { openLocalRepo, type LocalRepo } from "./adapters/git/local-repo.js";
import type { AppSetEvaluator } from "./pipeline/build-side.js";
import {
  buildSides,
  completeInventory,
  createSidesContext,
  keepSelfReport,
  keepSides,
  keptSelfReport,
  type SidesContext,
} from "./pipeline/build-sides.js";
import { computeDeletions } from "./core/deletions/compute-deletions.js";
import { assembleReport } from "./core/assemble-report.js";
import { createRenderer } from "./adapters/render/create-renderer.js";
import { wrapAnalysisRenderer } from "./adapters/cache/wrap-analysis-renderer.js";
import { createSideSnapshots } from "./adapters/cache/side-snapshots.js";
import type { RenderCache } from "./adapters/cache/render-cache.js";
import { evaluateAppSet } from "./core/appset/evaluate-app-set.js";
import { firstLine } from "./core/first-line.js";
import { CONFIG_PATH } from "./config/config-path.js";
import { checkTools } from "./adapters/exec/check-tools.js";
import { raisedKubeVersion } from "./core/kube/removed-apis.js";

export type { AnalyzeOutcome, AnalyzeParams } from "./analyze-types.js";

export interface AnalyzeDeps {
  renderer?: Renderer;
  /** render cache for this analysis (default: on disk for the real renderer, in memory for an injected one) */
  renderCache?: RenderCache;
  evaluateAppSet?: AppSetEvaluator;
}

/** What an aborted analysis returns, whatever step it was at. */
const INTERRUPTED_OUTCOME: AnalyzeOutcome = {
  ok: false,
  error: "the analysis was interrupted before it finished",
  interrupted: true,
};

export async function analyze(params: AnalyzeParams, deps: AnalyzeDeps = {}): Promise<AnalyzeOutcome> {
  const aborted = () => params.signal?.aborted === true;
  if (aborted()) return INTERRUPTED_OUTCOME;
  const started = Date.now();
  // 0. Our own tools: a missing or broken helm or kustomize means the analysis cannot run, never
  //    a report that renders nothing and passes (an injected renderer brings its own).
  if (!deps.renderer) {
    const tools = await checkTools();
    if (!tools.ok) return { ok: false, error: tools.error };
  }
  let repo: LocalRepo;
  try {
    repo = await openLocalRepo(params.repoDir);
  } catch (err) {
    return { ok: false, error: firstLine(err) };
  }
  try {
    // 1. Revisions.
    const baseSha = await repo.resolveRevision(params.base);
    if (!baseSha) return { ok: false, error: `unknown revision ${params.base} (base)` };
    const headSha = await repo.resolveRevision(params.head);
    if (!headSha) return { ok: false, error: `unknown revision ${params.head} (head)` };

    // "What happens if head is merged where base is deployed": when base has moved on since the
    // branch was cut, the merge result, not head alone, is what would be deployed. Otherwise
    // apps added to base since then would look deleted.
    const mergedSha = params.mergedRev ? await repo.resolveRevision(params.mergedRev) : undefined;
    const merged = mergedSha ? { tree: mergedSha } : await mergedTreeOf(repo, baseSha, headSha);
    const headTreeSha = merged.tree;

    // 2. Configuration: given, or the base revision's file (a PR cannot loosen its own rules).
    const baseConfig = params.config ?? (await loadConfigAt(repo, baseSha));
    if (typeof baseConfig === "string") return { ok: false, error: baseConfig };
    //    Head's kubeVersion counts for the removed-API rule when it is higher (never lowers anything).
    const config = await withHeadKubeVersion(repo, headTreeSha, baseConfig);

    // 3. Both sides: discover, render, desired states.
    const repoURLs = [...config.repoURLs, ...(params.repoURLs ?? []), ...(await repo.remoteURLs())];
    const concurrency = config.render.concurrency > 0 ? config.render.concurrency : availableParallelism();
    // Speed at monorepo scale (src/adapters/cache): ONE renderer for both sides, limited to
    // `concurrency` renders in total and, unless noCache, keyed by the content of each app's input
    // files, so an app whose inputs did not change is rendered once. It wraps deps.renderer too.
    const renderer = wrapAnalysisRenderer({
      inner: deps.renderer ?? createRenderer({ signal: params.signal }),
      real: !deps.renderer,
      config,
      concurrency,
      noCache: params.noCache,
      cache: deps.renderCache,
      ...(params.cacheDir !== undefined ? { cacheDir: params.cacheDir } : {}),
      ...(params.cacheKey !== undefined ? { cacheKey: params.cacheKey } : {}),
    });
    // A base given as a commit with no base branch: which branch is deployed is unknown.
    const branchesTracked =
      (params.baseBranches ?? []).length === 0 &&
      !(await repo.isBranch(params.base.replace(/^(refs\/remotes\/)?origin\//, "")));
    const ctx = createSidesContext({
      repo,
      sides: { base: { rev: params.base, sha: baseSha }, head: { rev: params.head, sha: headTreeSha } },
      renderer,
      config,
      repoURLs,
      trackedRevisions: [params.base, ...(params.baseBranches ?? [])],
      branchesTracked,
      concurrency,
      ...(params.onProgress ? { onProgress: params.onProgress } : {}),
      ...(params.cacheDir !== undefined ? { cacheDir: params.cacheDir } : {}),
      ...(params.noCache ? { noCache: true } : {}),
      // An injected evaluator's reads are not recorded: its sides are built each time.
      reuseSides: !deps.evaluateAppSet,
      // Sides kept across analyses: only those of the real renderer and evaluator, on disk.
      ...(params.cacheDir !== undefined && !deps.renderer && !deps.renderCache && !deps.evaluateAppSet
        ? {
            snapshots: createSideSnapshots({
              cacheDir: params.cacheDir,
              context: {
                config,
                repoURLs,
                trackedRevisions: [params.base, ...(params.baseBranches ?? [])],
                branchesTracked,
                baseSha,
                keyId: renderer.secrets.keyId,
              },
            }),
          }
        : {}),
    });
    const revs = { base: { rev: params.base, sha: baseSha }, head: { rev: params.head, sha: headSha } };
    const changedFiles = await changedFilesBetween(ctx, await repo.tree(baseSha), await repo.tree(headTreeSha));
    // 3a. A pull request no app can see, on a base analysed before: that analysis's report of the
    //     base side against itself, with nothing built (keptSelfReport says when it holds).
    const self = "note" in merged && merged.note ? undefined : await keptSelfReport(ctx, changedFiles);
    if (self) {
      params.onProgress?.({ phase: "done", elapsedMs: Date.now() - started });
      const { schemaVersion, ...rest } = self.report;
      return { ok: true, report: { schemaVersion, ...revs, ...rest }, config };
    }
    // 3b. Build both sides (what may differ between them rendered, the rest deferred).
    const built = await buildSides(ctx, { evaluateAppSet: deps.evaluateAppSet ?? evaluateAppSet });
    // Renders cut short by the abort are failures of ours, not the app's: no report from them.
    if (aborted()) return INTERRUPTED_OUTCOME;
    // 3c. Render what else the report depends on, when a deletion reaches into other apps'
    //     resources (no more than that: render summaries tell which unchanged apps it reaches),
    //     and the deletions of the completed sides.
    const { base, head, facts } = await completeInventory(ctx, built, computeDeletions({ ...built, config }));
    if (aborted()) return INTERRUPTED_OUTCOME;
    await renderer.flush();
    await keepSides(ctx, renderer.scrubber());

    // 4. What gets deleted, how bad it is, and the report.
    const note = "note" in merged ? merged.note : undefined;
    const report = assembleReport({
      base,
      head,
      config,
      facts,
      revs,
      ...(changedFiles ? { changedFiles } : {}),
      ...(note ? { extraFindings: [note] } : {}),
      secretDigester: renderer.secrets,
    });
    if (aborted()) return INTERRUPTED_OUTCOME;
    if (!note) await keepSelfReport(ctx, base, report);
    params.onProgress?.({ phase: "done", elapsedMs: Date.now() - started });
    return { ok: true, report, config };
  } catch (err) {
    if (aborted()) return INTERRUPTED_OUTCOME;
    return { ok: false, error: firstLine(err) };
  } finally {
    await repo.dispose();
  }
}

/** The tree that merging head into base gives, or head itself with a note saying why not. */
async function mergedTreeOf(
  repo: LocalRepo,
  baseSha: string,
  headSha: string,
): Promise<{ tree: string; note?: Finding }> {
  if (await repo.isAncestor(baseSha, headSha)) return { tree: headSha };
  const merged = await repo.mergeTree(baseSha, headSha);
  if (merged.ok) return { tree: merged.tree };
  return {
    tree: headSha,
    note: {
      rule: "not-analysed",
      severity: "warn",
      message: `head could not be merged with base here (${merged.reason}), so head was analysed as it is: what base gained since the branch was cut may show as deleted.`,
      refs: [],
    },
  };
}

/** Files whose content differs between the two trees, from their blob ids. */
async function changedFilesBetween(ctx: SidesContext, a: RepoTree, b: RepoTree): Promise<string[] | undefined> {
  const diff = b.changesSince ? await ctx.changes.between(a, b) : undefined;
  if (diff) return [...diff.paths].sort();
  if (!a.fileIds || !b.fileIds) return undefined;
  const [x, y] = await Promise.all([a.fileIds(), b.fileIds()]);
  const out: string[] = [];
  for (const [path, id] of x) if (y.get(path) !== id) out.push(path);
  for (const path of y.keys()) if (!x.has(path)) out.push(path);
  return out.sort();
}

/** The config with `kubeVersionRaisedTo` set when head's configuration file raises kubeVersion. */
async function withHeadKubeVersion(repo: LocalRepo, sha: string, config: Config): Promise<Config> {
  const text = await repo.readFileAt(sha, CONFIG_PATH);
  if (text === undefined) return config;
  // Only a kubeVersion head's file sets itself: a file that leaves it out does not raise it to the default.
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch {
    return config; // an unreadable head file loosens and tightens nothing
  }
  const v = (raw as { kubeVersion?: unknown } | null)?.kubeVersion;
  const raised = typeof v === "string" ? raisedKubeVersion(config.kubeVersion, v) : undefined;
  return raised ? { ...config, kubeVersionRaisedTo: raised } : config;
}

async function loadConfigAt(repo: LocalRepo, sha: string): Promise<Config | string> {
  const text = await repo.readFileAt(sha, CONFIG_PATH);
  if (text === undefined) return DEFAULT_CONFIG;
  const parsed = parseConfig(text, `${CONFIG_PATH} (base revision)`);
  return parsed.ok ? parsed.config : parsed.error;
}
