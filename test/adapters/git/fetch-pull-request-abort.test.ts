// A fetch in flight when the run is aborted (the app drains, a newer push supersedes it): git and
// its remote helper are killed at once, no fallback fetch follows, and the error says interrupted.
import { describe, expect, it } from "@jest/globals";
import { fetchPullRequest, GitFetchError } from "../../../src/adapters/git/fetch-pull-request.js";
import { processesNaming, startStallingGitServer } from "./support/stalling-git-server.js";

describe("fetchPullRequest: abort", () => {
  it("kills the git fetch in flight and fails as interrupted within a second", async () => {
    const server = await startStallingGitServer("silent");
    try {
      const abort = new AbortController();
      const fetching = fetchPullRequest({
        cloneUrl: server.url,
        baseSha: "a".repeat(40),
        headSha: "b".repeat(40),
        prNumber: 3,
        timeoutMs: 60_000,
        signal: abort.signal,
      }).catch((e: unknown) => e);
      for (let i = 0; i < 200 && processesNaming(server.port).length === 0; i++)
        await new Promise((r) => setTimeout(r, 50));
      expect(processesNaming(server.port).length).toBeGreaterThan(0);
      const t0 = Date.now();
      abort.abort();
      const err = await fetching;
      expect(Date.now() - t0).toBeLessThan(1000);
      expect(err).toBeInstanceOf(GitFetchError);
      expect((err as Error).message).toBe("fetching acme/gitops was interrupted");
      for (let i = 0; i < 20 && processesNaming(server.port).length > 0; i++)
        await new Promise((r) => setTimeout(r, 100));
      expect(processesNaming(server.port)).toEqual([]);
    } finally {
      await server.close();
    }
  });
});
