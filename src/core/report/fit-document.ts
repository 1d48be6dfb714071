import { plural, truncateChars } from "./markdown.js";
import { fitSections, type CutCounts, type FitSection } from "./fit-sections.js";

// A whole document within a budget: the fitter's result plus, when anything was
// left out, one visible note right under the head saying what and where to find it.

/** Fit priorities (lower first): the order in which items claim the budget. */
export const FIT_PRIORITY = {
  headline: 0,
  protectedDeletion: 1,
  blockFinding: 2,
  otherDeletion: 3,
  graph: 4,
  warnFinding: 5,
  infoFinding: 6,
  appDetails: 7,
  changes: 8,
  legend: 9,
} as const;

/** Fits the sections; when something is cut, the note goes right under the head. */
export function fitDocument(params: { sections: FitSection[]; maxChars: number; hint: string }): string {
  const { sections, maxChars, hint } = params;
  const whole = fitSections({ sections, maxChars });
  if (!whole.truncated) return whole.sections.join("");

  // Room for the longest note this document could need (every count at its total).
  const reserve = cutNote({ cut: totalCounts(sections), hint }).length;
  const fitted = fitSections({ sections, maxChars: Math.max(0, maxChars - reserve) });
  const [head = "", ...rest] = fitted.sections;
  // A budget smaller than the headline (never a GitHub limit): the headline's start is all there is room for.
  if (!head) return truncateChars({ text: sections[0]?.blocks[0]?.text ?? "", max: maxChars });
  return [head, cutNote({ cut: fitted.cut, hint }), ...rest].join("");
}

export function cutNote(params: { cut: CutCounts; hint: string }): string {
  const { cut, hint } = params;
  const parts = [
    cut.deletions ? `${cut.deletions} more ${cut.deletions === 1 ? "deletion" : "deletions"}` : "",
    cut.findings ? `${cut.findings} more ${cut.findings === 1 ? "finding" : "findings"}` : "",
    cut.applications ? `details of ${plural({ n: cut.applications, one: "application" })}` : "",
    cut.diffs ? `${plural({ n: cut.diffs, one: "diff" })} of modified resources` : "",
  ].filter(Boolean);
  const what = parts.length ? parts.join(", ") : "some details";
  return `\n> ✂️ … ${what} not shown (${hint}).\n`;
}

function totalCounts(sections: FitSection[]): CutCounts {
  const total: CutCounts = { deletions: 0, findings: 0, applications: 0, diffs: 0 };
  for (const b of sections.flatMap((s) => s.blocks)) {
    for (const [k, n] of Object.entries(b.counts ?? {}) as [keyof CutCounts, number][]) total[k] += n;
  }
  return total;
}
