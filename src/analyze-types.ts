// The contract of the one orchestrator both faces (CLI, GitHub App) call.
import type { Config } from "./config/config.js";
import type { Report } from "./core/model.js";

export type ProgressEvent =
  | { phase: "checkout"; side: "base" | "head"; rev: string }
  | { phase: "discovered"; side: "base" | "head"; apps: number; appSets: number }
  | { phase: "rendered"; done: number; total: number; app: string }
  | { phase: "done"; elapsedMs: number };

export interface AnalyzeParams {
  /** A git work tree or bare repository. Never modified (no checkout in it). */
  repoDir: string;
  base: string;
  head: string;
  /** A resolved configuration (CLI --config, or the app's server + repository layers).
   *  When absent, `.github/argocd-blast-radius.yml` is read from the BASE revision. */
  config?: Config;
  /** Extra URLs meaning "this repository" (e.g. the GitHub clone_url), besides config.repoURLs and the origin remote. */
  repoURLs?: string[];
  /** Branch names that the deployed base tracks (e.g. the PR base branch), besides `base` itself. */
  baseBranches?: string[];
  /** A commit whose tree is head merged into base (e.g. GitHub's refs/pull/N/merge). Without it,
   *  the merge is computed locally (git merge-tree), which needs the history of both. */
  mergedRev?: string;
  onProgress?: (e: ProgressEvent) => void;
  /** Disable render caching / input-set reuse (forces a full render). */
  noCache?: boolean;
  /** Where renders of the real renderer are cached on disk (the faces pass defaultCacheDir(env)).
   *  Without it they are cached in memory for this analysis only. */
  cacheDir?: string;
  /** Aborting it stops the analysis promptly: renders not started are not started, running tools
   *  (helm, kustomize, plugins, their children) are killed, and the outcome is `interrupted`. */
  signal?: AbortSignal;
  /** The key Secret values are masked with before renders are kept (the app derives it from its
   *  webhook secret). Default: BLAST_RADIUS_CACHE_KEY, else a key file outside cacheDir, else a
   *  random key of this process (adapters/cache/cache-key.ts). */
  cacheKey?: Uint8Array;
}

/** `ok: false` means the analysis could not run at all (exit 2 / failed check): bad revision, invalid config.
 *  `interrupted`: params.signal aborted it; whatever was rendered is discarded, never reported. */
export type AnalyzeOutcome =
  { ok: true; report: Report; config: Config } | { ok: false; error: string; interrupted?: true };
