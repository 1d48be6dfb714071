import type { Report } from "../core/model.js";

/** A report with nothing to say: no finding and no application changed. Such a pull request
 *  gets no new comment (noise), though an existing one is still brought up to date. */
export function isNoChangeReport(report: Report): boolean {
  return report.findings.length === 0 && report.applications.every((a) => a.change === "unchanged");
}
