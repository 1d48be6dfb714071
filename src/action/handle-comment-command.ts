// Slash commands from an `issue_comment` workflow, as the app answers them (INTERFACE.md section
// 4): the first line only; bots, and comments carrying our marker, never command anything.
import { firstLine } from "../core/first-line.js";
import { addReaction, type ReactionContent } from "../adapters/github/add-reaction.js";
import { getPermissionLevel } from "../adapters/github/get-permission-level.js";
import { getPullRequest } from "../adapters/github/get-pull-request.js";
import type { GitHubClient, RepoRef } from "../adapters/github/github-client.js";
import { postReplyComment } from "../adapters/github/post-reply-comment.js";
import { STICKY_COMMENT_MARKER } from "../adapters/github/sticky-comment-marker.js";
import { approvalRefusedReply, unknownCommandReply } from "../publish/command-replies.js";
import { hasWriteAccess } from "../publish/has-write-access.js";
import { HELP_TEXT } from "../publish/help-text.js";
import { parseSlashCommand } from "../publish/parse-slash-command.js";
import type { ActionDeps } from "./action-deps.js";
import type { ActionsRuntime } from "./create-actions-runtime.js";
import type { IssueCommentEvent } from "./event-payload.js";
import type { ActionContext } from "./read-action-context.js";
import { repositoryTarget } from "./repository-target.js";
import { EXIT_OK, runPullRequestAnalysis } from "./run-pull-request-analysis.js";

export async function handleCommentCommand(params: {
  context: ActionContext;
  runtime: ActionsRuntime;
  octokit: GitHubClient;
  deps: ActionDeps;
  event: IssueCommentEvent;
}): Promise<number> {
  const { runtime, octokit, event } = params;
  const { comment, issue, sender } = event;
  const body = comment.body ?? "";
  const command =
    event.action === "created" && issue.pull_request && sender.type !== "Bot" && !body.includes(STICKY_COMMENT_MARKER)
      ? parseSlashCommand(body)
      : undefined;
  if (!command) {
    runtime.info("not a /blast-radius command on a pull request: nothing to do");
    return EXIT_OK;
  }
  const repo: RepoRef = { owner: event.repository.owner.login, repo: event.repository.name };
  const react = (content: ReactionContent) =>
    addReaction({ octokit, repo, commentId: comment.id, content }).catch((err: unknown) =>
      runtime.warning(`could not react to the comment: ${firstLine(err)}`),
    );
  const reply = (text: string) => postReplyComment({ octokit, repo, issueNumber: issue.number, body: text });

  switch (command.kind) {
    case "help":
      await react("+1");
      await reply(HELP_TEXT);
      return EXIT_OK;
    case "unknown":
      await react("confused");
      await reply(unknownCommandReply({ login: sender.login, word: command.word }));
      return EXIT_OK;
    case "approve": {
      const level = await getPermissionLevel({ octokit, repo, username: sender.login });
      if (!hasWriteAccess(level)) {
        await react("-1");
        await reply(approvalRefusedReply({ login: sender.login, level }));
        runtime.notice(`@${sender.login} may not approve (needs write access)`);
        return EXIT_OK;
      }
      await react("+1");
      return rerun({ ...params, repo, approvedBy: sender.login });
    }
    case "rerun":
      await react("eyes");
      return rerun({ ...params, repo });
  }
}

async function rerun(params: {
  context: ActionContext;
  runtime: ActionsRuntime;
  octokit: GitHubClient;
  deps: ActionDeps;
  event: IssueCommentEvent;
  repo: RepoRef;
  approvedBy?: string;
}): Promise<number> {
  // The comment does not say which commit is the head now; an approval binds to that one.
  const pr = await getPullRequest({
    octokit: params.octokit,
    repo: params.repo,
    pullNumber: params.event.issue.number,
  });
  if (pr.state !== "open") {
    params.runtime.info(`pull request #${pr.number} is ${pr.state}: nothing to analyse`);
    return EXIT_OK;
  }
  return runPullRequestAnalysis({
    ...params,
    target: {
      ...repositoryTarget(params.event.repository),
      number: pr.number,
      headSha: pr.headSha,
      baseSha: pr.baseSha,
      baseRef: pr.baseRef,
      ...(params.approvedBy ? { approval: { by: params.approvedBy, sha: pr.headSha } } : {}),
    },
  });
}
