// The authenticated Octokit every GitHub adapter receives: Probot's, so retry and
// throttling plugins are on in production.
import type { ProbotOctokit } from "probot";

export type GitHubClient = InstanceType<typeof ProbotOctokit>;

/** Owner and name of a repository, the first two parts of every REST path. */
export interface RepoRef {
  owner: string;
  repo: string;
}
