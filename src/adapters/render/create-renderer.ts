// The Renderer: every source of an Application rendered as Argo CD's repo-server would, the
// results concatenated in source order (the caller keeps the last of duplicate keys, as the
// controller does: argo-cd:controller/state.go (GetRepoObjs, NormalizeTargetObjects)).
// Expected failures (a chart that does not render, a missing plugin) are data in the AppRender.
import { ownFailureReason, type FailureKind } from "../../core/failure-kind.js";
import type { AppRender, Manifest, SourceRender } from "../../core/model.js";
import type { RenderJob, Renderer } from "../../core/ports.js";
import { isRefOnlySource } from "../../core/plan/resolve-app-path.js";
import { resolveTools, type Tools } from "../exec/resolve-tools.js";
import { createHelmChartFetcher, type ChartFetcher } from "./chart-fetcher.js";
import { renderSource } from "./render-source.js";
import type { RefTree } from "./source-context.js";
import { firstLine } from "../../core/first-line.js";
import { classifyExit } from "../exec/classify-exit.js";

export interface RendererOptions {
  /** helm and kustomize; default resolveTools() (HELM_BIN/KUSTOMIZE_BIN, .tools/bin, PATH) */
  tools?: Tools;
  /** how `chart:` sources are fetched; default `helm pull` into chartCacheDir */
  chartFetcher?: ChartFetcher;
  chartCacheDir?: string;
  /** parent of the per-render scratch directories (default os.tmpdir()) */
  workDir?: string;
  /** the analysis's abort: renders not started yet fail at once as "interrupted", and tools still
   *  running are killed (process group and all) */
  signal?: AbortSignal;
}

/** A ref-only source lends files to `$ref/` value files and is not rendered itself. */
const REF_ONLY_REASON = "ref-only source (provides $ref value files)";

export function createRenderer(opts: RendererOptions = {}): Renderer {
  const tools = opts.tools ?? resolveTools();
  let fetcher = opts.chartFetcher;
  return {
    async render(job: RenderJob): Promise<AppRender> {
      if (opts.signal?.aborted) {
        const message = "render: interrupted (the analysis was aborted)";
        return combineSourceRenders(job.app.key, [{ status: "error", kind: "interrupted", message }]);
      }
      fetcher ??= createHelmChartFetcher({
        tools,
        cacheDir: opts.chartCacheDir,
        timeoutMs: job.config.render.timeoutSeconds * 1000,
        maxOutputBytes: job.config.render.maxOutputBytes,
        signal: opts.signal,
      });
      const chartFetcher = fetcher;
      const refTree = createRefTrees(job);
      const sources: SourceRender[] = [];
      for (const source of job.app.sources) {
        if (isRefOnlySource(source)) {
          sources.push({ status: "skipped", reason: REF_ONLY_REASON, kind: "ref-only" });
          continue;
        }
        let r: SourceRender;
        try {
          r = await renderSource({
            job,
            source,
            tools,
            chartFetcher,
            refTree,
            workDir: opts.workDir,
            signal: opts.signal,
          });
        } catch (err) {
          // A bug or an infrastructure failure (disk full): reported on this app, never silently empty.
          const message = `render: internal error: ${firstLine(err)}`;
          const kind = classifyExit(message);
          r = { status: "error", kind: kind === "exit" ? "internal" : kind, message };
        }
        sources.push(r);
      }
      return combineSourceRenders(job.app.key, sources);
    },
  };
}

/** `$<ref>` -> the tree of the source declaring `ref: <ref>`, resolved once per job. */
function createRefTrees(job: RenderJob): (name: string) => Promise<RefTree | undefined> {
  const cache = new Map<string, Promise<RefTree | undefined>>();
  return (name) => {
    let p = cache.get(name);
    if (!p) {
      const src = job.app.sources.find((s) => s.ref && `$${s.ref}` === name);
      p = src
        ? job.trees
            .resolve({ repoURL: src.repoURL, targetRevision: src.targetRevision })
            .then(async (t): Promise<RefTree> =>
              t.ok
                ? { ok: true, dir: await t.tree.directory(), files: await t.tree.listFiles() }
                : { ok: false, reason: t.reason },
            )
        : Promise.resolve(undefined);
      cache.set(name, p);
    }
    return p;
  };
}

export function combineSourceRenders(app: string, sources: SourceRender[]): AppRender {
  const manifests: Manifest[] = [];
  let error: { message: string; kind: FailureKind } | undefined;
  let limitation: string | undefined;
  let incomplete: string | undefined;
  for (const s of sources) {
    if (s.status === "rendered") manifests.push(...s.manifests);
    else if (s.status === "error") {
      if (error === undefined) {
        error = { message: s.message, kind: s.kind };
        limitation = s.limitation ?? ownFailureReason(s.kind);
      }
    } else if (s.kind !== "ref-only") incomplete ??= s.reason;
  }
  return {
    app,
    manifests,
    sources,
    ...(error !== undefined ? { error: error.message, errorKind: error.kind } : {}),
    ...(limitation !== undefined ? { limitation } : {}),
    ...(incomplete !== undefined ? { incomplete } : {}),
  };
}
