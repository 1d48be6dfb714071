// The Action's runner: owns reading the environment, choosing what the event asks for, and
// turning every failure into an error annotation and a failing step (never a silent pass).
import type { ActionDeps } from "./action-deps.js";
import { createActionsRuntime } from "./create-actions-runtime.js";
import { issueCommentEvent, parseEventPayload, pullRequestEvent } from "./event-payload.js";
import { handleCommentCommand } from "./handle-comment-command.js";
import { readActionContext } from "./read-action-context.js";
import { repositoryTarget } from "./repository-target.js";
import { EXIT_ERROR, EXIT_OK, runPullRequestAnalysis } from "./run-pull-request-analysis.js";

/** The pull_request actions after which something to analyse may have changed. */
const ANALYSED_ACTIONS = new Set(["opened", "synchronize", "reopened", "ready_for_review", "edited"]);

export async function runAction(params: {
  env: Readonly<Record<string, string | undefined>>;
  deps: ActionDeps;
  write: (line: string) => void;
}): Promise<number> {
  const runtime = createActionsRuntime({ env: params.env, write: params.write });
  const fail = (message: string) => {
    runtime.error(`Argo CD blast radius: ${message}`);
    return EXIT_ERROR;
  };
  // 1. The run: environment, inputs, event payload.
  const read = await readActionContext(params.env);
  if (!read.ok) return fail(read.error);
  const context = read.context;
  const octokit = params.deps.createClient({ token: context.inputs.token, baseUrl: context.apiUrl });

  // 2. What the event asks for.
  switch (context.eventName) {
    case "pull_request":
    case "pull_request_target": {
      const parsed = parseEventPayload(pullRequestEvent, context.payload, context.eventName);
      if (!parsed.ok) return fail(parsed.error);
      const { pull_request: pr, repository } = parsed.event;
      // A title or body edit changes nothing the analysis reads; a new base branch does.
      const edited = parsed.event.action === "edited";
      if (!ANALYSED_ACTIONS.has(parsed.event.action) || (edited && !parsed.event.changes?.base)) {
        runtime.info(`pull_request ${parsed.event.action}: nothing to analyse`);
        return EXIT_OK;
      }
      return runPullRequestAnalysis({
        context,
        runtime,
        octokit,
        deps: params.deps,
        target: {
          ...repositoryTarget(repository),
          number: pr.number,
          headSha: pr.head.sha,
          baseSha: pr.base.sha,
          baseRef: pr.base.ref,
          fromFork: pr.head.repo?.full_name !== repository.full_name,
        },
      });
    }
    case "issue_comment": {
      const parsed = parseEventPayload(issueCommentEvent, context.payload, context.eventName);
      if (!parsed.ok) return fail(parsed.error);
      return handleCommentCommand({ context, runtime, octokit, deps: params.deps, event: parsed.event });
    }
    default:
      return fail(
        `the ${context.eventName} event is not supported: run this action on pull_request, pull_request_target or issue_comment`,
      );
  }
}
