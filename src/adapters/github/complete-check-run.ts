import type { GitHubClient, RepoRef } from "./github-client.js";

export type CheckConclusion = "success" | "failure" | "neutral" | "cancelled";

export interface CheckRunOutput {
  conclusion: CheckConclusion;
  title: string;
  summary: string;
  text?: string;
}

/** Marks a check run completed with its conclusion and output. */
export async function completeCheckRun(params: {
  octokit: GitHubClient;
  repo: RepoRef;
  checkRunId: number;
  output: CheckRunOutput;
}): Promise<void> {
  const { conclusion, title, summary, text } = params.output;
  await params.octokit.rest.checks.update({
    ...params.repo,
    check_run_id: params.checkRunId,
    status: "completed",
    conclusion,
    output: text === undefined ? { title, summary } : { title, summary, text },
  });
}
