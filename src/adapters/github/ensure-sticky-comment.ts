import type { GitHubClient, RepoRef } from "./github-client.js";
import { findStickyComment, type OwnIdentity, type StickyComment } from "./find-sticky-comment.js";

export type StickyCommentResult = "created" | "updated" | "unchanged" | "skipped";

/**
 * Keeps one comment per PR (found by its hidden marker) in step with `body`:
 * edited in place, and only when the text changed, so a push does not notify
 * reviewers with an identical comment. `createIfMissing: false` updates an
 * existing comment but never starts a new one.
 */
export async function ensureStickyComment(params: {
  octokit: GitHubClient;
  repo: RepoRef;
  issueNumber: number;
  body: string;
  createIfMissing: boolean;
  identity: OwnIdentity;
  /** The comment when the caller already looked it up (undefined: none exists). */
  existing?: StickyComment | undefined;
}): Promise<StickyCommentResult> {
  const { octokit, repo, issueNumber, body, identity } = params;
  const existing =
    "existing" in params ? params.existing : await findStickyComment({ octokit, repo, issueNumber, identity });
  if (existing) {
    if (existing.body === body) return "unchanged";
    await octokit.rest.issues.updateComment({ ...repo, comment_id: existing.id, body });
    return "updated";
  }
  if (!params.createIfMissing) return "skipped";
  await octokit.rest.issues.createComment({ ...repo, issue_number: issueNumber, body });
  return "created";
}
