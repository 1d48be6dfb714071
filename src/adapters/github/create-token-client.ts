// A GitHub client for a plain token (a GitHub Action's `github.token`, or any installation
// token): the same Octokit as the app's, so every GitHub adapter works with it unchanged.
import { ProbotOctokit } from "probot";
import type { GitHubClient } from "./github-client.js";

export function createTokenClient(params: {
  token: string;
  /** GITHUB_API_URL: https://api.github.com, or a GitHub Enterprise Server's /api/v3 */
  baseUrl: string;
  /** retries and rate-limit waits (on in production; tests turn them off) */
  retries?: boolean;
}): GitHubClient {
  return new ProbotOctokit({
    auth: { token: params.token },
    baseUrl: params.baseUrl,
    ...(params.retries === false ? { retry: { enabled: false }, throttle: { enabled: false } } : {}),
  });
}
