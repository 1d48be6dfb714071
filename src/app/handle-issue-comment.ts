import type { Context } from "probot";
import type { RepoRef } from "../adapters/github/github-client.js";
import { addReaction } from "../adapters/github/add-reaction.js";
import { getPermissionLevel } from "../adapters/github/get-permission-level.js";
import { getPullRequest } from "../adapters/github/get-pull-request.js";
import { postReplyComment } from "../adapters/github/post-reply-comment.js";
import { STICKY_COMMENT_MARKER } from "../adapters/github/sticky-comment-marker.js";
import type { Approval } from "../publish/approval-marker.js";
import { hasWriteAccess } from "../publish/has-write-access.js";
import { HELP_TEXT } from "../publish/help-text.js";
import { parseSlashCommand, SLASH_COMMAND } from "../publish/parse-slash-command.js";
import { pullRequestTarget } from "./pull-request-target.js";
import { runAnalysisFor, type HandlerDeps } from "./run-analysis.js";

type CommentContext = Context<"issue_comment.created">;

/** Slash commands on a PR's first comment line: rerun, approve, help. */
export async function handleIssueComment(
  params: HandlerDeps & {
    context: CommentContext;
  },
): Promise<void> {
  const { context } = params;
  const { comment, issue, sender } = context.payload;
  // Bots (this app included) never command the app; its own comment carries the marker.
  if (!issue.pull_request || sender.type === "Bot" || (comment.body ?? "").includes(STICKY_COMMENT_MARKER)) return;
  const command = parseSlashCommand(comment.body ?? "");
  if (!command) return;

  const repo: RepoRef = { owner: context.payload.repository.owner.login, repo: context.payload.repository.name };
  const octokit = context.octokit;
  const react = (content: "+1" | "-1" | "confused" | "eyes") =>
    addReaction({ octokit, repo, commentId: comment.id, content });
  const reply = (body: string) => postReplyComment({ octokit, repo, issueNumber: issue.number, body });

  switch (command.kind) {
    case "help":
      await react("+1");
      await reply(HELP_TEXT);
      return;
    case "unknown":
      await react("confused");
      await reply(
        `@${sender.login} \`${SLASH_COMMAND} ${quotable(command.word)}\` is not a command I know.\n\n${HELP_TEXT}`,
      );
      return;
    case "rerun":
      await react("eyes");
      await rerun({ ...params, repo });
      return;
    case "approve": {
      const level = await getPermissionLevel({ octokit, repo, username: sender.login });
      if (!hasWriteAccess(level)) {
        await react("-1");
        await reply(
          `@${sender.login} accepting a blocking verdict needs write access to this repository (write, maintain or admin); yours is ${level.roleName || level.permission}.`,
        );
        return;
      }
      await react("+1");
      await rerun({ ...params, repo, approvedBy: sender.login });
      return;
    }
  }
}

/** The user's text echoed inside a code span: no backticks to break out of it, and short. */
function quotable(word: string): string {
  const clean = word.replace(/`/g, "'");
  return clean.length > 40 ? `${clean.slice(0, 40)}…` : clean;
}

async function rerun(
  params: HandlerDeps & {
    context: CommentContext;
    repo: RepoRef;
    approvedBy?: string;
  },
): Promise<void> {
  const { context } = params;
  // The comment event does not say which commit is the head now; the approval binds to that one.
  const pr = await getPullRequest({
    octokit: context.octokit,
    repo: params.repo,
    pullNumber: context.payload.issue.number,
  });
  const approval: Approval | undefined = params.approvedBy ? { by: params.approvedBy, sha: pr.headSha } : undefined;
  await runAnalysisFor({
    ...params,
    request: {
      ...pullRequestTarget(context.payload.repository),
      prNumber: pr.number,
      headSha: pr.headSha,
      baseSha: pr.baseSha,
      baseRef: pr.baseRef,
      ...(approval ? { approval } : {}),
    },
  });
}
