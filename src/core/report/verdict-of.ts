import type { Finding, Severity, Verdict } from "../model.js";

/** Worst first: the order findings are listed in and the order that decides the verdict. */
export const SEVERITY_ORDER: readonly Severity[] = ["block", "warn", "info"];

/** 0 for block, 1 for warn, 2 for info. */
export function severityRank(severity: Severity): number {
  const i = SEVERITY_ORDER.indexOf(severity);
  return i < 0 ? SEVERITY_ORDER.length : i;
}

/** The worst severity wins; `info` findings never fail a change, so they count as pass. */
export function verdictOf(findings: readonly Finding[]): Verdict {
  if (findings.some((f) => f.severity === "block")) return "block";
  if (findings.some((f) => f.severity === "warn")) return "warn";
  return "pass";
}
