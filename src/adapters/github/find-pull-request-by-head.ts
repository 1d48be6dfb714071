import type { GitHubClient, RepoRef } from "./github-client.js";
import type { PullRequestInfo } from "./get-pull-request.js";

/**
 * The open PR whose head is `headSha`. Needed for check runs on a fork's
 * commit, whose `pull_requests` GitHub leaves empty.
 */
export async function findPullRequestByHead(params: {
  octokit: GitHubClient;
  repo: RepoRef;
  headSha: string;
}): Promise<PullRequestInfo | undefined> {
  const { octokit, repo } = params;
  const pulls = await octokit.paginate(octokit.rest.pulls.list, { ...repo, state: "open", per_page: 100 });
  const pr = pulls.find((p) => p.head.sha === params.headSha);
  return pr
    ? { number: pr.number, state: pr.state, headSha: pr.head.sha, baseSha: pr.base.sha, baseRef: pr.base.ref }
    : undefined;
}
