// The repository facts every trigger's payload carries, turned into the part of
// a RunRequest that does not depend on which event asked.
import type { RunRequest } from "./run-analysis.js";

export interface RepositoryPayload {
  name: string;
  owner: { login: string };
  clone_url: string;
  default_branch: string;
  html_url?: string;
  ssh_url?: string;
  git_url?: string;
}

export function pullRequestTarget(
  repository: RepositoryPayload,
): Pick<RunRequest, "repo" | "cloneUrl" | "defaultBranch" | "repoURLs"> {
  const others = [repository.html_url, repository.ssh_url, repository.git_url].filter(
    (u): u is string => typeof u === "string" && u !== "",
  );
  return {
    repo: { owner: repository.owner.login, repo: repository.name },
    cloneUrl: repository.clone_url,
    defaultBranch: repository.default_branch,
    repoURLs: others,
  };
}
