// Retries a GitHub call through an outage: waits doubling from `firstDelayMs` up to
// `maxDelayMs`, until `maxElapsedMs` have passed since the first attempt. Time is injected
// (`sleep`, `now`) so tests run an outage of minutes in milliseconds.
export interface BackoffOptions {
  /** no new attempt starts later than this after the first one, ms */
  maxElapsedMs: number;
  firstDelayMs: number;
  maxDelayMs: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

export interface FailedAttempt {
  /** 1 for the first attempt */
  attempt: number;
  err: unknown;
  /** the wait before the next attempt */
  delayMs: number;
}

export async function retryWithBackoff<T>(params: {
  run: () => Promise<T>;
  /** whether waiting can help (an outage), or the error is final (a refusal) */
  retryable: (err: unknown) => boolean;
  options: BackoffOptions;
  /** each failed attempt that is followed by another */
  onRetry: (failed: FailedAttempt) => void;
}): Promise<T> {
  const { options } = params;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const started = now();
  for (let attempt = 1; ; attempt++) {
    try {
      return await params.run();
    } catch (err) {
      const delayMs = Math.min(options.maxDelayMs, options.firstDelayMs * 2 ** (attempt - 1));
      if (!params.retryable(err) || now() + delayMs - started > options.maxElapsedMs) throw err;
      params.onRetry({ attempt, err, delayMs });
      await sleep(delayMs);
    }
  }
}

/** A failure that may pass: no answer at all, a server error, a timeout or a rate limit. */
export function isTransientGitHubError(err: unknown): boolean {
  const { status, message } = (err ?? {}) as { status?: unknown; message?: unknown };
  if (typeof status !== "number") return true;
  if (status >= 500 || status === 408 || status === 429) return true;
  return status === 403 && /rate limit/i.test(String(message));
}
