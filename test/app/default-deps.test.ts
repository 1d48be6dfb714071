import { describe, it, expect } from "@jest/globals";
import { defaultDeps } from "../../src/app/default-deps.js";
import { startStallingGitServer } from "../adapters/git/support/stalling-git-server.js";

describe("defaultDeps: the operator's limits from the environment", () => {
  it("BLAST_RADIUS_GIT_TIMEOUT_SECONDS bounds fetching a repository", async () => {
    const server = await startStallingGitServer("silent");
    try {
      const deps = defaultDeps({ BLAST_RADIUS_GIT_TIMEOUT_SECONDS: "1" });
      await expect(
        deps.fetchPullRequest({ cloneUrl: server.url, baseSha: "a".repeat(40), headSha: "b".repeat(40), prNumber: 1 }),
      ).rejects.toThrow("fetching acme/gitops timed out after 1 s");
    } finally {
      await server.close();
    }
  });

  it("BLAST_RADIUS_CHECK_RETRY_SECONDS bounds retrying the check's completion; junk is ignored", () => {
    expect(defaultDeps({ BLAST_RADIUS_CHECK_RETRY_SECONDS: "30" }).checkCompletionRetry).toEqual({
      maxElapsedMs: 30000,
    });
    expect(defaultDeps({ BLAST_RADIUS_CHECK_RETRY_SECONDS: "soon" }).checkCompletionRetry).toBeUndefined();
    expect(defaultDeps({}).checkCompletionRetry).toBeUndefined();
  });
});
