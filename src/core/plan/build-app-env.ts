// The build environment the repo-server gives every tool and uses for envsubst
// (argo-cd:reposerver/repository/repository.go (newEnv)).
import type { AppSource, AppSpec } from "../model.js";

export interface BuildAppEnvParams {
  app: AppSpec;
  source: AppSource;
  /** The resolved commit SHA, or the chart version for a Helm repository source. */
  revision: string;
}

export function buildAppEnv(params: BuildAppEnvParams): Record<string, string> {
  const { app, source, revision } = params;
  return {
    // Argo CD sends the instance name (`<ns>_<name>` outside the control-plane namespace).
    ARGOCD_APP_NAME: app.instanceName,
    ARGOCD_APP_NAMESPACE: app.destination.namespace,
    ARGOCD_APP_PROJECT_NAME: app.project,
    ARGOCD_APP_REVISION: revision,
    ARGOCD_APP_REVISION_SHORT: revision.slice(0, 7),
    ARGOCD_APP_REVISION_SHORT_8: revision.slice(0, 8),
    ARGOCD_APP_SOURCE_REPO_URL: source.repoURL,
    ARGOCD_APP_SOURCE_PATH: source.path ?? "",
    ARGOCD_APP_SOURCE_TARGET_REVISION: source.targetRevision ?? "",
  };
}

/** Argo CD passes the cluster version as a plain `Major.Minor.Patch` (argo-cd:util/text (SemVer));
 *  "v1.32" becomes "1.32.0", anything unparsable becomes "". */
export function semVer(version: string): string {
  const m = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(version.trim());
  if (!m) return "";
  return `${Number(m[1])}.${Number(m[2] ?? 0)}.${Number(m[3] ?? 0)}`;
}

/** "3.5" >= "3.1": Argo CD behaviour gated by the configured version. */
export function versionAtLeast(version: string, min: string): boolean {
  const parse = (v: string) =>
    v
      .replace(/^v/, "")
      .split(".")
      .map((x) => Number.parseInt(x, 10) || 0);
  const a = parse(version);
  const b = parse(min);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d > 0;
  }
  return true;
}
