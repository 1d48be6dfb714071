// Chart dependencies with a `file://` repository are read from disk by `helm dependency build`
// (helm:pkg/downloader/manager.go (resolveRepoNames) and pkg/resolver/resolver.go (GetLocalPath):
// relative to the chart directory, or absolute). Pull-request content never reaches files
// outside the repository, so a path that leaves it is refused before helm runs, as Argo CD
// refuses a value file outside the repository root (argo-cd:util/io/path (ResolveValueFilePathOrUrl)).
import { posix } from "node:path";
import { isRecord } from "../argocd/manifest.js";

export interface LocalDependency {
  name: string;
  repository: string;
  /** repo-relative path it resolves to */
  path: string;
}

export type CheckLocalDependenciesResult = { ok: true; local: LocalDependency[] } | { ok: false; error: string };

/** `dependencies` of Chart.yaml (apiVersion v2) and of requirements.yaml (v1). */
export function checkLocalDependencies(params: {
  chartYaml: unknown;
  requirementsYaml?: unknown;
  /** the chart's directory, repo-relative posix ("" = the root) */
  chartDir: string;
}): CheckLocalDependenciesResult {
  const deps = [params.chartYaml, params.requirementsYaml].flatMap((doc) =>
    isRecord(doc) && Array.isArray(doc.dependencies) ? doc.dependencies.filter(isRecord) : [],
  );
  const local: LocalDependency[] = [];
  for (const d of deps) {
    const repository = typeof d.repository === "string" ? d.repository.trim() : "";
    if (!/^file:\/\//i.test(repository)) continue;
    const name = typeof d.name === "string" ? d.name : "(unnamed)";
    const p = repository.slice("file://".length);
    const joined = p.startsWith("/") ? undefined : posix.normalize(posix.join(params.chartDir || ".", p));
    if (joined === undefined || joined === ".." || joined.startsWith("../")) {
      return {
        ok: false,
        error: `dependency ${name} (${repository}) resolves to outside the repository: refused, nothing read`,
      };
    }
    local.push({ name, repository, path: joined === "." ? "" : joined.replace(/\/+$/, "") });
  }
  return { ok: true, local };
}

/** http(s) and oci:// repositories of the dependencies, for the network policy's pre-check. */
export function remoteDependencyRepos(params: { chartYaml: unknown; requirementsYaml?: unknown }): string[] {
  const out = new Set<string>();
  for (const doc of [params.chartYaml, params.requirementsYaml]) {
    if (!isRecord(doc) || !Array.isArray(doc.dependencies)) continue;
    for (const d of doc.dependencies) {
      const r = isRecord(d) && typeof d.repository === "string" ? d.repository.trim() : "";
      if (/^(https?|oci):\/\//i.test(r)) out.add(r);
    }
  }
  return [...out].sort();
}
