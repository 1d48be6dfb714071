import type { GitHubClient, RepoRef } from "./github-client.js";

export interface PullRequestInfo {
  number: number;
  state: string;
  headSha: string;
  baseSha: string;
  baseRef: string;
}

/** The PR as it is now: which head commit is current, against which base. */
export async function getPullRequest(params: {
  octokit: GitHubClient;
  repo: RepoRef;
  pullNumber: number;
}): Promise<PullRequestInfo> {
  const { data } = await params.octokit.rest.pulls.get({ ...params.repo, pull_number: params.pullNumber });
  return {
    number: data.number,
    state: data.state,
    headSha: data.head.sha,
    baseSha: data.base.sha,
    baseRef: data.base.ref,
  };
}
