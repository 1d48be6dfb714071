import type { GitHubClient, RepoRef } from "./github-client.js";

export interface CreatedCheckRun {
  id: number;
  htmlUrl?: string;
  /** the GitHub App the token belongs to: who "we" are when reading our own comments back */
  app?: { id: number; slug?: string };
}

/** Creates the check run (in progress unless `queued`), so the PR shows at once that an analysis is coming. */
export async function createCheckRun(params: {
  octokit: GitHubClient;
  repo: RepoRef;
  name: string;
  headSha: string;
  status?: "queued" | "in_progress";
}): Promise<CreatedCheckRun> {
  const { data } = await params.octokit.rest.checks.create({
    ...params.repo,
    name: params.name,
    head_sha: params.headSha,
    status: params.status ?? "in_progress",
  });
  const app = data.app ? { id: data.app.id, ...(data.app.slug ? { slug: data.app.slug } : {}) } : undefined;
  return { id: data.id, ...(data.html_url ? { htmlUrl: data.html_url } : {}), ...(app ? { app } : {}) };
}
