// argocd.argoproj.io/manifest-generate-paths: with it, Argo CD re-renders an app for a commit only
// when a changed file matches one of its paths; otherwise it keeps the old manifests
// (argo-cd:util/app/path/path.go (GetSourceRefreshPaths, AppFilesHaveChanged)).
import picomatch from "picomatch";
import type { AppSpec } from "../model.js";
import { ANNOTATION_MANIFEST_GENERATE_PATHS } from "./constants.js";

/** Refresh paths, repo-relative without leading slash; undefined when the annotation is absent. */
export function refreshPathsOf(spec: AppSpec): string[] | undefined {
  const raw = spec.annotations[ANNOTATION_MANIFEST_GENERATE_PATHS];
  if (raw === undefined) return undefined;
  const out: string[] = [];
  for (const item of raw
    .split(";")
    .map((s) => s.trim())
    .filter((s) => s !== "")) {
    if (item.startsWith("/")) {
      out.push(clean(item.slice(1)));
      continue;
    }
    for (const src of spec.sources) {
      if (src.path === undefined) continue;
      out.push(clean(`${src.path}/${item}`));
    }
  }
  return out;
}

/** AppFilesHaveChanged: no changed files or no refresh paths means "changed". */
export function appFilesHaveChanged(params: { refreshPaths: string[]; changedFiles: string[] }): boolean {
  const { refreshPaths, changedFiles } = params;
  if (changedFiles.length === 0 || refreshPaths.length === 0) return true;
  return changedFiles.some((f) =>
    refreshPaths.some((p) => p === "" || f === p || f.startsWith(`${p}/`) || picomatch.isMatch(f, p, { dot: true })),
  );
}

function clean(path: string): string {
  const parts: string[] = [];
  for (const seg of path.split("/")) {
    if (seg === "" || seg === ".") continue;
    if (seg === "..") parts.pop();
    else parts.push(seg);
  }
  return parts.join("/");
}
