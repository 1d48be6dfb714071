// An approval is remembered without a database: the sticky comment carries a
// hidden marker naming the approved head commit and the approver, and later
// runs for the same commit read it back. A new push changes the head sha, so
// the marker no longer matches and the verdict blocks again.

import { STICKY_COMMENT_MARKER } from "../adapters/github/sticky-comment-marker.js";

export interface Approval {
  /** GitHub login of the approver (write access or more). */
  by: string;
  /** The head commit the approval is for. */
  sha: string;
}

const MARKER = /^<!-- argocd-blast-radius:approved sha=([0-9a-f]{7,64}) by=([A-Za-z0-9][A-Za-z0-9-]*(?:\[bot\])?) -->$/;

export function formatApprovalMarker(approval: Approval): string {
  return `<!-- argocd-blast-radius:approved sha=${approval.sha} by=${approval.by} -->`;
}

/**
 * The approval recorded in a sticky comment, if it is for `headSha`. Only the
 * line right after the sticky marker counts, where the app writes it: the
 * report below quotes names and tool output from the pull request, which
 * could spell a marker of their own.
 */
export function parseApprovalMarker(params: { body: string; headSha: string }): Approval | undefined {
  const lines = params.body.split("\n", 3);
  if (lines[0]?.trimEnd() !== STICKY_COMMENT_MARKER) return undefined;
  const m = MARKER.exec(lines[1]?.trimEnd() ?? "");
  if (!m || m[1] !== params.headSha) return undefined;
  return { sha: m[1], by: m[2]! };
}
