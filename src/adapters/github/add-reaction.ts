import type { GitHubClient, RepoRef } from "./github-client.js";

export type ReactionContent = "+1" | "-1" | "confused" | "eyes";

/** Acknowledges a slash command on the comment that issued it. */
export async function addReaction(params: {
  octokit: GitHubClient;
  repo: RepoRef;
  commentId: number;
  content: ReactionContent;
}): Promise<void> {
  await params.octokit.rest.reactions.createForIssueComment({
    ...params.repo,
    comment_id: params.commentId,
    content: params.content,
  });
}
