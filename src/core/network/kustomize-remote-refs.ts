// The remote references of a kustomization and of the local kustomizations it includes: the
// resources, bases and components kustomize fetches (git repositories over https, ssh or git,
// plain http(s) files: kustomize api/internal/git/repospec.go (NewRepoSpecFromURL),
// api/loader/fileloader.go (Load)) and helmCharts repositories (--enable-helm). They are checked
// against the network policy before kustomize runs. Content fetched from them is not parsed here.
import { posix } from "node:path";
import { isRecord } from "../argocd/manifest.js";

/** What kustomize would take for a remote reference (before trying the file system). */
export function isKustomizeRemote(entry: string): boolean {
  return (
    /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(entry) ||
    /^git::/.test(entry) ||
    /^[^@/\s]+@[^:/\s]+:/.test(entry) ||
    /^gh:/.test(entry)
  );
}

export interface KustomizeRemoteRefsParams {
  appPath: string;
  /** parsed kustomization of a directory (repo-relative), undefined when there is none */
  readKustomization: (dir: string) => Promise<unknown>;
  /** whether a repo-relative path exists in the tree */
  exists: (path: string) => boolean;
}

export async function kustomizeRemoteRefs(p: KustomizeRemoteRefsParams): Promise<string[]> {
  const out = new Set<string>();
  const seen = new Set<string>();
  const walk = async (dir: string): Promise<void> => {
    if (seen.has(dir) || seen.size > 1000) return;
    seen.add(dir);
    const k = await p.readKustomization(dir);
    if (!isRecord(k)) return;
    const entries = [k.resources, k.bases, k.components].flatMap((v) =>
      Array.isArray(v) ? v.filter((x): x is string => typeof x === "string" && x !== "") : [],
    );
    for (const e of entries) {
      const local = posix.normalize(posix.join(dir || ".", e));
      if (!isKustomizeRemote(e) && p.exists(local)) {
        if (!local.startsWith("..")) await walk(local === "." ? "" : local);
        continue;
      }
      // Absent locally: kustomize tries it as a remote repository ("example.com/org/repo").
      const first = e.split("/")[0] ?? "";
      if (isKustomizeRemote(e) || (first.includes(".") && !first.startsWith("."))) out.add(e);
    }
    for (const h of Array.isArray(k.helmCharts) ? k.helmCharts.filter(isRecord) : []) {
      if (typeof h.repo === "string" && h.repo) out.add(h.repo);
    }
  };
  await walk(p.appPath);
  return [...out];
}
