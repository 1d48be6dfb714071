import type { GitHubClient, RepoRef } from "./github-client.js";

/** Answers a slash command with a new comment on the PR. */
export async function postReplyComment(params: {
  octokit: GitHubClient;
  repo: RepoRef;
  issueNumber: number;
  body: string;
}): Promise<void> {
  await params.octokit.rest.issues.createComment({
    ...params.repo,
    issue_number: params.issueNumber,
    body: params.body,
  });
}
