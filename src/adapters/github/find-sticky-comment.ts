import type { GitHubClient, RepoRef } from "./github-client.js";
import { STICKY_COMMENT_MARKER } from "./sticky-comment-marker.js";

export interface StickyComment {
  id: number;
  body: string;
}

/**
 * Who "we" are on GitHub: the app's id (comments a GitHub App writes carry
 * `performed_via_github_app.id`) and, as a fallback for comments without that
 * field, the bot account's login (`<slug>[bot]`, or `github-actions[bot]` for
 * an Action's token). INTERFACE.md section 4: only our own comments are trusted.
 */
export interface OwnIdentity {
  appId?: number;
  login?: string;
}

interface CommentLike {
  body?: string | null;
  user?: { login?: string; type?: string } | null;
  performed_via_github_app?: { id?: number } | null;
}

/**
 * A comment written by this app itself. Any other author, a human or another
 * GitHub App (summaries and linters echo PR text), could otherwise plant the
 * marker and an approval for a change its author wants merged.
 */
export function isOwnComment(comment: CommentLike, identity: OwnIdentity): boolean {
  const viaApp = comment.performed_via_github_app?.id;
  if (identity.appId !== undefined && viaApp !== undefined) return viaApp === identity.appId;
  if (viaApp !== undefined) return false;
  return identity.login !== undefined && comment.user?.type === "Bot" && comment.user.login === identity.login;
}

/** The app's one comment on a PR: written by this app, starting with the marker. */
export async function findStickyComment(params: {
  octokit: GitHubClient;
  repo: RepoRef;
  issueNumber: number;
  identity: OwnIdentity;
}): Promise<StickyComment | undefined> {
  const { octokit, repo, issueNumber, identity } = params;
  const comments = await octokit.paginate(octokit.rest.issues.listComments, {
    ...repo,
    issue_number: issueNumber,
    per_page: 100,
  });
  const found = comments.find((c) => isOwnComment(c, identity) && (c.body ?? "").startsWith(STICKY_COMMENT_MARKER));
  return found ? { id: found.id, body: found.body ?? "" } : undefined;
}
