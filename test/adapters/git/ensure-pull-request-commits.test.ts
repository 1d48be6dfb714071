// Bringing a pull request's commits into an existing workspace: fetch only what is missing, keep a
// full clone full, and take GitHub's test merge only when it is for exactly these two commits.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { mkdtemp, rm } from "node:fs/promises";
import { join } from "node:path";
import { ensurePullRequestCommits } from "../../../src/adapters/git/ensure-pull-request-commits.js";
import { git, makeOrigin, shallowCheckout, type Origin } from "../../action/support/action-repo.js";
import { startStallingGitServer } from "./support/stalling-git-server.js";

let o: Origin;
beforeAll(async () => {
  o = await makeOrigin({ base: { "a.yaml": "a: 1\n" }, head: { "a.yaml": "a: 2\n" }, baseLater: { "b.yaml": "b\n" } });
});
afterAll(() => o.cleanup());

async function fullClone(): Promise<string> {
  const ws = await mkdtemp(join(o.root, "full-"));
  await git(ws, "clone", "-q", o.url, ".");
  await git(ws, "fetch", "-q", "origin", "refs/pull/2/head", "refs/pull/2/merge");
  return ws;
}

describe("ensurePullRequestCommits", () => {
  it("a full clone holding everything fetches nothing (no URL is even needed) and finds the test merge", async () => {
    const ws = await fullClone();
    const r = await ensurePullRequestCommits({
      repoDir: ws,
      cloneUrl: "file:///not/allowed",
      baseSha: o.baseSha,
      headSha: o.headSha,
      prNumber: 2,
      mergeCandidate: o.mergeSha,
    });
    expect(r).toEqual({ mergeSha: o.mergeSha, fetched: [] });
    await rm(ws, { recursive: true, force: true });
  });

  it("a full clone missing the head stays full after fetching it", async () => {
    const ws = await mkdtemp(join(o.root, "main-only-"));
    await git(ws, "clone", "-q", "--single-branch", "--branch", "main", o.url, ".");
    const r = await ensurePullRequestCommits({
      repoDir: ws,
      cloneUrl: o.url,
      allowFileUrls: true,
      baseSha: o.baseSha,
      headSha: o.headSha,
      prNumber: 2,
    });
    expect(r.fetched).toContain(o.headSha.slice(0, 7));
    expect(r.mergeSha).toBe(o.mergeSha);
    expect(await git(ws, "rev-parse", "--is-shallow-repository")).toBe("false");
    await rm(ws, { recursive: true, force: true });
  });

  it("a merge commit of other parents is not taken for the test merge", async () => {
    const ws = await shallowCheckout(o, o.headSha);
    const r = await ensurePullRequestCommits({
      repoDir: ws,
      cloneUrl: o.url,
      allowFileUrls: true,
      baseSha: o.baseSha,
      headSha: o.headSha,
      prNumber: 2,
      // the head itself is no merge of base and head
      mergeCandidate: o.headSha,
    });
    expect(r.mergeSha).toBe(o.mergeSha);
    expect(r.fetched).toEqual([o.baseSha.slice(0, 7), "refs/pull/2/merge"]);
    await rm(ws, { recursive: true, force: true });
  });

  it("a URL that may not be fetched from fails with the reason when something is missing", async () => {
    const ws = await shallowCheckout(o, o.headSha);
    await expect(
      ensurePullRequestCommits({ repoDir: ws, cloneUrl: o.url, baseSha: o.baseSha, headSha: o.headSha, prNumber: 2 }),
    ).rejects.toThrow(/clone URL scheme file: is not allowed/);
    await rm(ws, { recursive: true, force: true });
  });

  it("a git server that hangs fails by the deadline, naming the repository, never the token", async () => {
    const ws = await shallowCheckout(o, o.headSha);
    const server = await startStallingGitServer("silent");
    try {
      const token = "ghs_ENSURETESTTOKEN_0123456789";
      const err = await ensurePullRequestCommits({
        repoDir: ws,
        cloneUrl: server.url,
        token,
        baseSha: o.baseSha,
        headSha: o.headSha,
        prNumber: 2,
        timeoutMs: 1000,
      }).catch((e: unknown) => e);
      expect((err as Error).message).toBe("fetching acme/gitops timed out after 1 s");
      expect(server.authorizations.length).toBeGreaterThan(0);
    } finally {
      await server.close();
      await rm(ws, { recursive: true, force: true });
    }
  });
});
