// A GitHub client for a plain token (a GitHub Action's `github.token`, or any installation
// token): the same Octokit as the app's, so every GitHub adapter works with it unchanged.
import type { GitHubClient } from "./github-client.js";
import { DEFAULT_RATE_LIMIT_POLICY, githubOctokit, type RateLimitPolicy } from "./github-octokit.js";

export function createTokenClient(params: {
  token: string;
  /** GITHUB_API_URL: https://api.github.com, or a GitHub Enterprise Server's /api/v3 */
  baseUrl: string;
  /** retries and rate-limit waits (on in production; tests turn them off) */
  retries?: boolean;
  /** how often and how long rate limits are waited out (tests make the waits short) */
  rateLimits?: RateLimitPolicy;
}): GitHubClient {
  const Octokit = githubOctokit(params.rateLimits ?? DEFAULT_RATE_LIMIT_POLICY);
  return new Octokit({
    auth: { token: params.token },
    baseUrl: params.baseUrl,
    ...(params.retries === false ? { retry: { enabled: false }, throttle: { enabled: false } } : {}),
  });
}
