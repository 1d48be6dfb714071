// Everything known about one side (base or head) after discovery and rendering. Read-only: each
// step of the pipeline returns a new one (src/pipeline).
import type { AppRender, AppSetResult, AppSetSpec, AppSpec } from "./model.js";
import type { DesiredState } from "./diff/build-desired-state.js";

export interface SideApp {
  readonly spec: AppSpec;
  readonly render: AppRender;
  /** undefined when the render failed (ComparisonError) */
  readonly desired?: DesiredState;
  /** every place that declares this Application (more than one: duplicate-application) */
  readonly declarations: readonly string[];
  /** not rendered yet: the content key of its inputs (equal on both sides = equal renders) */
  readonly deferred?: string;
}

export interface SideAppSet {
  readonly spec: AppSetSpec;
  readonly result: AppSetResult;
  /** keys of the Applications it generated */
  readonly generated: readonly string[];
  /** its template may render from this repository (a templated repoURL counts) */
  readonly readsThisRepo?: boolean;
}

export interface SideState {
  readonly rev: string;
  readonly sha: string;
  readonly apps: ReadonlyMap<string, SideApp>;
  readonly appSets: ReadonlyMap<string, SideAppSet>;
  /** files whose YAML could not be parsed but look like manifests */
  readonly parseErrors: readonly { file: string; message: string }[];
  /** the side was not analysed in full (too many Applications): why */
  readonly incomplete?: string;
}
