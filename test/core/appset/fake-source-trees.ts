// An in-memory SourceTrees for ApplicationSet tests: one tree per "repoURL@revision" key, or a
// default tree for any repository of `repoURL`.
import type { RepoTree, SourceTrees, TreeResult } from "../../../src/core/ports.js";

export function fakeRepoTree(files: Record<string, string>, revision = "0000000"): RepoTree {
  const paths = Object.keys(files).sort();
  return {
    directory: async (_paths?: readonly string[]) => "/nonexistent",
    revision,
    listFiles: async () => [...paths],
    readFile: async (p: string) => files[p],
  };
}

export function fakeSourceTrees(
  trees: Record<string, Record<string, string>>,
): SourceTrees & { calls: { repoURL: string; targetRevision?: string }[] } {
  const calls: { repoURL: string; targetRevision?: string }[] = [];
  return {
    calls,
    async resolve(params: { repoURL: string; targetRevision?: string }): Promise<TreeResult> {
      calls.push(params);
      const exact = trees[`${params.repoURL}@${params.targetRevision ?? ""}`];
      const any = trees[params.repoURL];
      const files = exact ?? any;
      if (!files) return { ok: false, reason: `repository ${params.repoURL} is not available offline` };
      return { ok: true, tree: fakeRepoTree(files) };
    },
  };
}
