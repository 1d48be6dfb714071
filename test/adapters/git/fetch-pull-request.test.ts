// The git adapter against real repositories: a local one through file://, and
// an unreachable https server to prove the token never shows in an error.
import { describe, it, expect, beforeAll, afterAll } from "@jest/globals";
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fetchPullRequest, GitFetchError } from "../../../src/adapters/git/fetch-pull-request.js";
import { processesNaming, startStallingGitServer } from "./support/stalling-git-server.js";

const TOKEN = "ghs_FETCHTESTTOKEN_abcdef0123456789";

function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", args, {
    cwd,
    encoding: "utf8",
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: "t",
      GIT_AUTHOR_EMAIL: "t@e",
      GIT_COMMITTER_NAME: "t",
      GIT_COMMITTER_EMAIL: "t@e",
    },
  }).trim();
}

describe("fetchPullRequest", () => {
  let dir: string;
  let base: string;
  let head: string;
  let forkHead: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "fetch-pr-"));
    git(dir, "init", "-q", "-b", "main", "origin");
    const origin = join(dir, "origin");
    await writeFile(join(origin, "a.yaml"), "a: 1\n");
    git(origin, "add", ".");
    git(origin, "commit", "-q", "-m", "base");
    base = git(origin, "rev-parse", "HEAD");
    await writeFile(join(origin, "a.yaml"), "a: 2\n");
    git(origin, "commit", "-q", "-am", "head");
    head = git(origin, "rev-parse", "HEAD");
    // A fork's commit, reachable only through the pull ref GitHub keeps in the base repository.
    git(origin, "checkout", "-q", "-b", "fork", base);
    await writeFile(join(origin, "a.yaml"), "a: 3\n");
    git(origin, "commit", "-q", "-am", "fork head");
    forkHead = git(origin, "rev-parse", "HEAD");
    git(origin, "update-ref", "refs/pull/7/head", forkHead);
    git(origin, "checkout", "-q", "main");
    git(origin, "branch", "-q", "-D", "fork");
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("fetches both commits into a repository it removes afterwards, checking nothing out", async () => {
    const checkout = await fetchPullRequest({
      cloneUrl: `file://${join(dir, "origin")}`,
      baseSha: base,
      headSha: head,
      prNumber: 1,
      allowFileUrls: true,
    });
    expect(git(checkout.repoDir, "ls-files")).toBe("");
    expect(existsSync(join(checkout.repoDir, "a.yaml"))).toBe(false);
    expect(git(checkout.repoDir, "show", `${head}:a.yaml`)).toBe("a: 2");
    expect(git(checkout.repoDir, "show", `${base}:a.yaml`)).toBe("a: 1");
    // No remote, no credentials: nothing in the repository config names the source.
    expect(await readFile(join(checkout.repoDir, ".git", "config"), "utf8")).not.toContain("url");
    await checkout.cleanup();
    expect(existsSync(checkout.repoDir)).toBe(false);
  });

  it("reaches a fork's head through refs/pull/N/head", async () => {
    const checkout = await fetchPullRequest({
      cloneUrl: `file://${join(dir, "origin")}`,
      baseSha: base,
      headSha: forkHead,
      prNumber: 7,
      allowFileUrls: true,
    });
    expect(git(checkout.repoDir, "show", `${forkHead}:a.yaml`)).toBe("a: 3");
    await checkout.cleanup();
  });

  it("takes GitHub's test merge (refs/pull/N/merge) only when its parents are base and head", async () => {
    const origin = join(dir, "origin");
    // main moves on after the branch was cut; GitHub's test merge combines both.
    git(origin, "checkout", "-q", "-b", "pr9", base);
    await writeFile(join(origin, "b.yaml"), "b: 1\n");
    git(origin, "add", ".");
    git(origin, "commit", "-q", "-m", "pr head");
    const prHead = git(origin, "rev-parse", "HEAD");
    git(origin, "checkout", "-q", "main");
    git(origin, "merge", "-q", "--no-ff", "-m", "test merge", prHead);
    const merge = git(origin, "rev-parse", "HEAD");
    git(origin, "update-ref", "refs/pull/9/merge", merge);
    git(origin, "reset", "-q", "--hard", head);
    const fetch = (headSha: string) =>
      fetchPullRequest({ cloneUrl: `file://${origin}`, baseSha: head, headSha, prNumber: 9, allowFileUrls: true });
    const current = await fetch(prHead);
    expect(current.mergeSha).toBe(merge);
    await current.cleanup();
    // A push GitHub has not merged yet: the stale merge is not used.
    const stale = await fetch(forkHead);
    expect(stale.mergeSha).toBeUndefined();
    await stale.cleanup();
  });

  it("refuses file:// unless allowed, and other schemes always", async () => {
    const params = { baseSha: base, headSha: head, prNumber: 1 };
    await expect(fetchPullRequest({ ...params, cloneUrl: `file://${dir}/origin` })).rejects.toThrow(
      "clone URL scheme file: is not allowed",
    );
    await expect(fetchPullRequest({ ...params, cloneUrl: "ext::sh -c touch% /tmp/pwned" })).rejects.toThrow(
      GitFetchError,
    );
    await expect(fetchPullRequest({ ...params, cloneUrl: "https://user:pw@example.com/r.git" })).rejects.toThrow(
      "must not carry credentials",
    );
  });

  it("a missing commit is a readable error", async () => {
    await expect(
      fetchPullRequest({
        cloneUrl: `file://${join(dir, "origin")}`,
        baseSha: base,
        headSha: "0".repeat(40),
        prNumber: 9,
        allowFileUrls: true,
      }),
    ).rejects.toThrow(/^git fetch failed: /);
  });

  describe("over http with a token", () => {
    let server: Server;
    let seen: { url?: string; authorization?: string }[];
    beforeAll(async () => {
      seen = [];
      server = createServer((req, res) => {
        seen.push({ url: req.url, authorization: req.headers.authorization });
        res.writeHead(500).end("nope");
      });
      await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    });
    afterAll(() => new Promise<void>((r) => server.close(() => r())));

    it("sends the token as a header only, and never shows it in the error", async () => {
      const port = (server.address() as AddressInfo).port;
      const error = await fetchPullRequest({
        cloneUrl: `http://127.0.0.1:${port}/o/r.git`,
        baseSha: base,
        headSha: head,
        prNumber: 1,
        token: TOKEN,
      }).then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      expect(error).toBeInstanceOf(GitFetchError);
      expect(error!.message).toMatch(/^git fetch failed: /);
      expect(error!.message).not.toContain(TOKEN);
      expect(error!.message).not.toContain(Buffer.from(`x-access-token:${TOKEN}`).toString("base64"));
      expect(seen[0]?.url).toContain("/o/r.git/info/refs");
      expect(seen[0]?.authorization).toBe(`basic ${Buffer.from(`x-access-token:${TOKEN}`).toString("base64")}`);
    });
  });
});

describe("fetchPullRequest against a git server that hangs", () => {
  const shas = { baseSha: "a".repeat(40), headSha: "b".repeat(40), prNumber: 3 };

  it("fails by the overall deadline, naming the repository, never the token, and leaves no git behind", async () => {
    const server = await startStallingGitServer("silent");
    try {
      const started = Date.now();
      const err = await fetchPullRequest({ cloneUrl: server.url, ...shas, token: TOKEN, timeoutMs: 1500 }).catch(
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(GitFetchError);
      expect((err as Error).message).toBe("fetching acme/gitops timed out after 1.5 s");
      expect((err as Error).message).not.toContain(TOKEN);
      // No fallback fetch runs after the deadline.
      expect(Date.now() - started).toBeLessThan(8000);
      for (let i = 0; i < 50 && processesNaming(server.port).length > 0; i++)
        await new Promise((r) => setTimeout(r, 100));
      expect(processesNaming(server.port)).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it("a connection that stalls mid-answer is dropped by git's low-speed limit before the deadline", async () => {
    const server = await startStallingGitServer("partial");
    try {
      const started = Date.now();
      await expect(
        fetchPullRequest({ cloneUrl: server.url, ...shas, token: TOKEN, timeoutMs: 60_000, lowSpeedSeconds: 1 }),
      ).rejects.toThrow("fetching acme/gitops stalled: less than 1 byte/s for 1 s");
      expect(Date.now() - started).toBeLessThan(30_000);
    } finally {
      await server.close();
    }
  });

  it("waits a couple of minutes by default, not the ten it used to", async () => {
    const { DEFAULT_GIT_TIMEOUT_MS } = await import("../../../src/adapters/git/fetch-pull-request.js");
    expect(DEFAULT_GIT_TIMEOUT_MS).toBe(120_000);
  });
});
