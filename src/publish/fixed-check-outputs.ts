// The check outputs that carry no report: the analysis could not run, or a
// newer run took over. Reports themselves are rendered by core/report.
import type { CheckRunOutput } from "../adapters/github/complete-check-run.js";

/** The last resort when even the renderer fails: a check must never stay in progress. */
export function errorCheckOutput(message: string): CheckRunOutput {
  return {
    conclusion: "failure",
    title: "Analysis could not run",
    summary: `The blast radius could not be computed: ${message}`,
  };
}

export const SUPERSEDED_CHECK_OUTPUT: CheckRunOutput = {
  conclusion: "neutral",
  title: "Superseded",
  summary: "A newer analysis of this pull request replaced this one; its result was discarded.",
};
