// SourceTrees for one side: which tree an Application source reads.
import type { SourceTrees, TreeResult } from "../../core/ports.js";
import { matchesRepo } from "../../core/argocd/repo-url.js";
import type { LocalRepo } from "./local-repo.js";

/**
 * A source of this repository whose targetRevision is what the deployed branch tracks (empty,
 * HEAD, or the base branch's name) reads this side's tree: after the merge, that branch is head.
 * One pinned to another branch, tag or commit reads that revision, the same on both sides.
 */
export function createSourceTrees(params: { repo: LocalRepo; sideSha: string; repoURLs: string[]; trackedRevisions: string[] }): SourceTrees {
  const { repo, sideSha, repoURLs } = params;
  const tracked = new Set(params.trackedRevisions.flatMap(revisionAliases));
  return {
    async resolve({ repoURL, targetRevision }): Promise<TreeResult> {
      if (!matchesRepo(repoURL, repoURLs)) {
        return { ok: false, reason: `source ${repoURL || "(no repoURL)"} is not this repository, so it is not rendered` };
      }
      const rev = (targetRevision ?? "").trim();
      if (rev === "" || tracked.has(rev)) return { ok: true, tree: await repo.tree(sideSha) };
      for (const candidate of [rev, `refs/tags/${rev}`, `origin/${rev}`, `refs/remotes/origin/${rev}`]) {
        const sha = await repo.resolveRevision(candidate);
        if (sha) return { ok: true, tree: await repo.tree(sha) };
      }
      return { ok: false, reason: `revision ${rev} of this repository is not available locally` };
    },
  };
}

/** "origin/main", "refs/heads/main" and "main" name the same branch. */
export function revisionAliases(rev: string): string[] {
  const out = new Set([rev]);
  for (const prefix of ["refs/heads/", "refs/remotes/origin/", "origin/", "remotes/origin/"]) {
    if (rev.startsWith(prefix)) out.add(rev.slice(prefix.length));
  }
  out.add("HEAD");
  return [...out];
}
