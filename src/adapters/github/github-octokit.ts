// Probot's Octokit with bounded waits on GitHub's rate limits. Probot's own handlers give up
// at once on a secondary rate limit (the app's run failed on the first 403 "You have exceeded a
// secondary rate limit"), and without Probot's app setup (a token client) retry forever. Here
// both kinds wait as long as GitHub asks, a bounded number of times and never longer than
// `maxWaitSeconds`; each wait and each giving-up is one log line.
import { ProbotOctokit } from "probot";

export interface RateLimitPolicy {
  /** retries of one request after a rate limit answer */
  retries: number;
  /** the longest wait accepted; GitHub asking for more (a primary limit resetting in an hour) fails at once */
  maxWaitSeconds: number;
  /** milliseconds per second GitHub asks to wait: 1000, tests make it small */
  msPerSecond?: number;
}

export const DEFAULT_RATE_LIMIT_POLICY: RateLimitPolicy = { retries: 3, maxWaitSeconds: 300 };

interface LimitedRequest {
  method?: string;
  url?: string;
}

type LimitHandler = (
  retryAfter: number,
  options: LimitedRequest,
  octokit: { log: { warn(message: string): void } },
  retryCount: number,
) => boolean;

function limitHandler(kind: string, policy: RateLimitPolicy): LimitHandler {
  return (retryAfter, options, octokit, retryCount) => {
    const request = `${options.method ?? "?"} ${options.url ?? "?"}`;
    if (retryCount >= policy.retries) {
      octokit.log.warn(`GitHub ${kind} on ${request}: giving up after ${policy.retries} retries`);
      return false;
    }
    if (retryAfter > policy.maxWaitSeconds) {
      octokit.log.warn(
        `GitHub ${kind} on ${request}: it asks to wait ${retryAfter} s, more than ${policy.maxWaitSeconds} s: giving up`,
      );
      return false;
    }
    octokit.log.warn(`GitHub ${kind} on ${request}: retry ${retryCount + 1} of ${policy.retries} in ${retryAfter} s`);
    return true;
  };
}

/**
 * The throttling plugin's options (@octokit/plugin-throttling): it waits `retry-after` seconds
 * on a 403/429 whose message says "secondary rate limit" (60 s when the header is missing),
 * and until `x-ratelimit-reset` on one with `x-ratelimit-remaining: 0`.
 */
export function throttleOptions(policy: RateLimitPolicy) {
  return {
    onSecondaryRateLimit: limitHandler("secondary rate limit", policy),
    onRateLimit: limitHandler("rate limit", policy),
    retryAfterBaseValue: policy.msPerSecond ?? 1000,
  };
}

/** The Octokit class for the app (createProbot's `Octokit`) and for plain tokens. */
export function githubOctokit(policy: RateLimitPolicy = DEFAULT_RATE_LIMIT_POLICY): typeof ProbotOctokit {
  return ProbotOctokit.defaults((options: { throttle?: object; retry?: object }) => ({
    ...options,
    // Probot's app setup passes its own handlers (and a Redis connection when clustered): keep
    // the rest, replace the handlers.
    throttle: { ...options.throttle, ...throttleOptions(policy) },
    // plugin-retry (5xx, 429 without a rate-limit message) waits 1, 4, 9 s of this unit.
    retry: { retryAfterBaseValue: policy.msPerSecond ?? 1000, ...options.retry },
  }));
}
