// The sticky comment: hidden markers first (how the app finds the comment and
// remembers an approval), then the rendered report within GitHub's limit.
import type { Report } from "../core/model.js";
import { STICKY_COMMENT_MARKER } from "../adapters/github/sticky-comment-marker.js";
import { formatApprovalMarker, type Approval } from "./approval-marker.js";

export type RenderMarkdown = (
  report: Report,
  options: { maxChars?: number; approval?: Approval; fullReportHint?: string },
) => string;

export function composeCommentBody(params: {
  report: Report;
  approval?: Approval;
  renderMarkdown: RenderMarkdown;
  maxChars: number;
  fullReportHint?: string;
}): string {
  const prefix = markerLines(params.approval);
  const markdown = params.renderMarkdown(params.report, {
    maxChars: params.maxChars - prefix.length,
    ...(params.approval ? { approval: params.approval } : {}),
    ...(params.fullReportHint ? { fullReportHint: params.fullReportHint } : {}),
  });
  return prefix + stripStickyMarker(markdown);
}

/** The comment while the analysis cannot run: says so instead of leaving an outdated report up. */
export function composeErrorCommentBody(message: string): string {
  return `${markerLines(undefined)}### Argo CD blast radius\n\nThe analysis could not run for the latest commit: ${message}\n`;
}

function markerLines(approval: Approval | undefined): string {
  return `${STICKY_COMMENT_MARKER}\n${approval ? `${formatApprovalMarker(approval)}\n` : ""}`;
}

// The renderer may put the marker in itself; the comment must carry it exactly once.
function stripStickyMarker(markdown: string): string {
  return markdown.startsWith(STICKY_COMMENT_MARKER)
    ? markdown.slice(STICKY_COMMENT_MARKER.length).replace(/^\r?\n/, "")
    : markdown;
}
