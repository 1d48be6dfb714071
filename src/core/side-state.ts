// Everything known about one side (base or head) after discovery and rendering.
import type { AppRender, AppSetResult, AppSetSpec, AppSpec } from "./model.js";
import type { DesiredState } from "./diff/build-desired-state.js";

export interface SideApp {
  spec: AppSpec;
  render: AppRender;
  /** undefined when the render failed (ComparisonError) */
  desired?: DesiredState;
  /** every place that declares this Application (more than one: duplicate-application) */
  declarations: string[];
  /** not rendered yet: the content key of its inputs (equal on both sides = equal renders) */
  deferred?: string;
}

export interface SideAppSet {
  spec: AppSetSpec;
  result: AppSetResult;
  /** keys of the Applications it generated */
  generated: string[];
  /** its template may render from this repository (a templated repoURL counts) */
  readsThisRepo?: boolean;
}

export interface SideState {
  rev: string;
  sha: string;
  apps: Map<string, SideApp>;
  appSets: Map<string, SideAppSet>;
  /** files whose YAML could not be parsed but look like manifests */
  parseErrors: { file: string; message: string }[];
}
