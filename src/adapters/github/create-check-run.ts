import type { GitHubClient, RepoRef } from "./github-client.js";

export interface CreatedCheckRun {
  id: number;
  htmlUrl?: string;
}

/** Creates the check run in progress, so the PR shows at once that an analysis is running. */
export async function createCheckRun(params: {
  octokit: GitHubClient;
  repo: RepoRef;
  name: string;
  headSha: string;
}): Promise<CreatedCheckRun> {
  const { data } = await params.octokit.rest.checks.create({
    ...params.repo,
    name: params.name,
    head_sha: params.headSha,
    status: "in_progress",
  });
  return data.html_url ? { id: data.id, htmlUrl: data.html_url } : { id: data.id };
}
