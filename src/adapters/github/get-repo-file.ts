import type { GitHubClient, RepoRef } from "./github-client.js";

/** The text of one file at `ref`, or undefined when it does not exist there. */
export async function getRepoFile(params: {
  octokit: GitHubClient;
  repo: RepoRef;
  path: string;
  ref: string;
}): Promise<string | undefined> {
  try {
    const { data } = await params.octokit.rest.repos.getContent({
      ...params.repo,
      path: params.path,
      ref: params.ref,
    });
    if (Array.isArray(data) || data.type !== "file" || !("content" in data)) return undefined;
    return Buffer.from(data.content, "base64").toString("utf8");
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

function isNotFound(err: unknown): boolean {
  return typeof err === "object" && err !== null && (err as { status?: unknown }).status === 404;
}
