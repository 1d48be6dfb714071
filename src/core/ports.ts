// The interfaces through which the orchestrator and pure steps reach side effects.
// Implementations live in src/adapters; tests pass fakes.
import type { Config } from "../config/config.js";
import type { AppRender, AppSpec, Manifest, Side } from "./model.js";
import type { TreeReads } from "./inputs/input-tree.js";

/** A read-only view of one repository tree at one revision (a checkout on disk, or a fake). */
export interface RepoTree {
  /**
   * Absolute directory of the checkout, for tools that need a path; written on first use.
   * With `paths`, only those files need to exist there (a sparse checkout): for a render whose
   * inputs are known exactly. Without, the whole tree.
   */
  directory(paths?: readonly string[]): Promise<string>;
  /** The resolved commit. */
  readonly revision: string;
  /** Every file path in the tree, repo-relative, posix separators, sorted. */
  listFiles(): Promise<string[]>;
  /** Optional: the files under `dir` ("" = all), sorted: what a caller that needs no more of
   *  the listing asks for (a recording tree then notes only that part as read). */
  filesUnder?(dir: string): Promise<string[]>;
  /** File text, or undefined when absent. `path` is repo-relative; never escapes the tree. */
  readFile(path: string): Promise<string | undefined>;
  /** Content ids (git blob shas) of every file, by path: equal id, equal content. Optional for fakes. */
  fileIds?(): Promise<Map<string, string>>;
  /** Paths of the files whose text contains `text` (a fast pre-filter), among `paths` when given.
   *  Optional for fakes. */
  filesContaining?(text: string, paths?: readonly string[]): Promise<string[]>;
  /** Paths of the symbolic links in the tree. Optional for fakes (then the directory is walked). */
  symlinks?(): Promise<Set<string>>;
  /** Optional: what differs from `other` to this tree without listing either (undefined: ask
   *  the listings, fileIds and symlinks). */
  changesSince?(other: RepoTree): Promise<TreeDiff | undefined>;
}

/** RepoTree.changesSince: the paths whose content or presence differs (as fileIds and symlinks
 *  would tell), and those of them present on one side only. */
export interface TreeDiff {
  readonly changed: readonly string[];
  readonly presence: readonly string[];
}

/** `unavailable`: content of THIS repository that could not be had (a revision not fetched), so the
 *  desired state is unknown; without it, the source is simply out of scope (another repository). */
export type TreeResult = { ok: true; tree: RepoTree } | { ok: false; reason: string; unavailable?: boolean };

/**
 * Resolves which tree a source (or an ApplicationSet git generator) reads.
 * A source of this repository that tracks the deployed branch reads the side's
 * tree; one pinned to another revision reads that revision (the same on both
 * sides); a source of another repository is not available offline.
 */
export interface SourceTrees {
  resolve(params: { repoURL: string; targetRevision?: string }): Promise<TreeResult>;
}

export interface RenderJob {
  app: AppSpec;
  side: Side;
  trees: SourceTrees;
  config: Config;
}

/** Renders every source of an Application as Argo CD's repo-server would. Never throws for
 *  an expected failure: a chart that does not render is an AppRender with `error`. */
export interface Renderer {
  render(job: RenderJob): Promise<AppRender>;
  /**
   * Optional: a content key when this app's render may be deferred: every input is known, the
   * render cannot see the commit, and no input can yield Applications. Equal keys on base and
   * head mean equal renders, so such an app needs rendering only if something asks for it.
   */
  deferKey?(job: RenderJob): Promise<string | undefined>;
  /**
   * Optional: what is known of the render a deferKey names without rendering it: its manifests
   * reduced to apiVersion, kind, name and namespace (from an earlier render of the same inputs),
   * or undefined when nothing is known.
   */
  summaryOf?(key: string): Promise<readonly Manifest[] | undefined>;
  /**
   * Optional: what the keys and renders asked for `side` so far read of `tree` (the side's own
   * tree), and whether that is all they depend on. A renderer without it makes no side reusable.
   */
  readsOf?(side: Side, tree: RepoTree): RenderReads;
  /** Optional: a render made by an earlier analysis is part of this one (its Secret needles count). */
  learn?(render: AppRender): void;
  /** Optional: the key computations of `side` that read nothing but `tree`, in a form another
   *  analysis can take back (importKeys): opaque, plain JSON data. */
  exportKeys?(side: Side, tree: RepoTree): readonly object[];
  /** Optional: key computations an earlier analysis made on the tree now given as `tree`; a job
   *  on another tree reuses one when nothing it read differs between the two. */
  importKeys?(keys: readonly object[], tree: RepoTree): void;
}

/** Renderer.readsOf: the reads of a side's renders and keys. */
export interface RenderReads {
  /** per key computation, what it read of the tree */
  readonly reads: readonly TreeReads[];
  /** the same, by the key of the app each computation was for */
  readonly byApp?: ReadonlyMap<string, readonly TreeReads[]>;
  /** every render of the side was keyed by content, stable, and blind to the commit: the same
   *  reads give the same renders */
  readonly exact: boolean;
  /** no render read any other tree (a pinned branch or tag may move between analyses) nor
   *  met a revision that may be fetched later */
  readonly ownTreeOnly: boolean;
}
