// What the Action needs from the rest of the program, injected so tests pass a GitHub client
// without retries and serve repositories from file:// URLs; main.ts passes the real ones.
import type { AnalyzeOutcome, AnalyzeParams } from "../analyze-types.js";
import type { GitHubClient } from "../adapters/github/github-client.js";

export interface ActionDeps {
  analyze: (params: AnalyzeParams) => Promise<AnalyzeOutcome>;
  createClient: (params: { token: string; baseUrl: string }) => GitHubClient;
  /** Registers what to do when the job is cancelled (SIGINT, then SIGTERM, from the runner);
   *  returns the function that unregisters it. */
  onCancel?: (hook: () => Promise<void>) => () => void;
  /** Tests serve repositories through file:// clone URLs. */
  allowFileUrls?: boolean;
}
