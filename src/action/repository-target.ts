import type { RepositoryPayload } from "./event-payload.js";
import type { PullRequestTarget } from "./run-pull-request-analysis.js";

/** The repository facts every event's payload carries, as a pull request target needs them. */
export function repositoryTarget(
  repository: RepositoryPayload,
): Pick<PullRequestTarget, "repo" | "cloneUrl" | "repoURLs"> {
  const others = [repository.html_url, repository.ssh_url, repository.git_url].filter(
    (u): u is string => typeof u === "string" && u !== "",
  );
  return {
    repo: { owner: repository.owner.login, repo: repository.name },
    cloneUrl: repository.clone_url,
    repoURLs: others,
  };
}
