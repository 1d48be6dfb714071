// SourceTrees for one side: which tree an Application source reads.
import type { SourceTrees, TreeResult } from "../../core/ports.js";
import { matchesRepo } from "../../core/argocd/repo-url.js";
import type { LocalRepo } from "./local-repo.js";

/**
 * A source of this repository whose targetRevision is what is deployed (empty, HEAD, the base
 * branch's name, or any revision that is the base commit) reads this side's tree: after the
 * merge, that branch is head. One pinned to another branch, tag or commit reads that revision,
 * the same on both sides. When the base was given as a commit and no base branch is known,
 * every branch name is taken as possibly deployed (a false alarm beats a missed deletion).
 * `readRefs`: some answer came from the repository's refs (a branch, a tag, a named commit).
 */
export function createSourceTrees(params: {
  repo: LocalRepo;
  sideSha: string;
  baseSha: string;
  repoURLs: string[];
  trackedRevisions: string[];
  /** the deployed branch is unknown: treat branch names as tracking it */
  branchesTracked?: boolean;
}): SourceTrees & { readRefs(): boolean } {
  const { repo, sideSha, repoURLs } = params;
  const tracked = new Set(params.trackedRevisions.flatMap(revisionAliases));
  const sideTree = async (): Promise<TreeResult> => ({ ok: true, tree: await repo.tree(sideSha) });
  let refs = false;
  return {
    readRefs: () => refs,
    async resolve({ repoURL, targetRevision }): Promise<TreeResult> {
      if (!matchesRepo(repoURL, repoURLs)) {
        return {
          ok: false,
          reason: `source ${repoURL || "(no repoURL)"} is not this repository, so it is not rendered`,
        };
      }
      const rev = (targetRevision ?? "").trim();
      if (rev === "" || tracked.has(rev)) return sideTree();
      // the answer depends on the repository's branches and tags, which move
      refs = true;
      if (params.branchesTracked && (await repo.isBranch(rev))) return sideTree();
      for (const candidate of [rev, `refs/tags/${rev}`, `origin/${rev}`, `refs/remotes/origin/${rev}`]) {
        const sha = await repo.resolveRevision(candidate);
        if (sha === params.baseSha) return sideTree();
        if (sha) return { ok: true, tree: await repo.tree(sha) };
      }
      // Unknown deployed branch: this may be it, so the app's desired state is unknown. Known: this
      // revision is another one, which merging this change does not alter.
      if (params.branchesTracked) {
        return {
          ok: false,
          unavailable: true,
          reason: `targetRevision ${rev} of this repository is not available here (fetch it, or pass --base-branch ${rev} if it is the branch being merged into)`,
        };
      }
      return {
        ok: false,
        reason: `targetRevision ${rev} is not the deployed branch and is not available here; merging this change does not alter it`,
      };
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
