import type { GitHubClient, RepoRef } from "./github-client.js";
import { STICKY_COMMENT_MARKER } from "./sticky-comment-marker.js";

export interface StickyComment {
  id: number;
  body: string;
}

/**
 * The bot's comment on a PR: a comment by a bot account carrying the marker.
 * Human comments quoting the marker are ignored, so nobody can plant a fake
 * approval marker the app would later trust.
 */
export async function findStickyComment(params: {
  octokit: GitHubClient;
  repo: RepoRef;
  issueNumber: number;
}): Promise<StickyComment | undefined> {
  const { octokit, repo, issueNumber } = params;
  const comments = await octokit.paginate(octokit.rest.issues.listComments, {
    ...repo,
    issue_number: issueNumber,
    per_page: 100,
  });
  const found = comments.find((c) => c.user?.type === "Bot" && (c.body ?? "").includes(STICKY_COMMENT_MARKER));
  return found ? { id: found.id, body: found.body ?? "" } : undefined;
}
