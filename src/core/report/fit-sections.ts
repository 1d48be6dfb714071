// The budget fitter: whole items or nothing, most important first.
//
// A document is a list of sections in display order; each section holds blocks
// (one list item, one finding, one application's details) and the markup that
// frames them (a heading, an open/close <details> pair). Blocks are taken in
// priority order until the first one that does not fit; a section's frame is
// emitted only with at least one of its blocks, so nothing is ever cut in the
// middle of a line or a markdown construct. Priority is separate from display
// order because a blocking finding matters more than an ordinary deletion but
// is read after the deletions.

export type CutKind = "deletions" | "findings" | "applications" | "diffs";
export type CutCounts = Record<CutKind, number>;

export interface FitBlock {
  text: string;
  /** Lower is more important; 0 is the headline. */
  priority: number;
  /** What the block shows, so that a cut can say what is missing. */
  counts?: Partial<CutCounts>;
}

export interface FitSection {
  /** A heading shared by consecutive sections, emitted once before the first rendered one. */
  chapter?: { id: string; heading: string };
  open?: string;
  close?: string;
  blocks: FitBlock[];
}

export interface FitResult {
  /** Rendered text per input section ("" when none of its blocks fit). */
  sections: string[];
  cut: CutCounts;
  /** Whether any block was left out. */
  truncated: boolean;
}

export function emptyCounts(): CutCounts {
  return { deletions: 0, findings: 0, applications: 0, diffs: 0 };
}

/** Fits `sections` into `maxChars` characters (UTF-16 code units, which never
 *  undercount what GitHub counts). */
export function fitSections(params: { sections: FitSection[]; maxChars: number }): FitResult {
  const { sections, maxChars } = params;
  const order = sections
    .flatMap((s, si) => s.blocks.map((b, bi) => ({ si, bi, priority: b.priority })))
    .sort((a, b) => a.priority - b.priority || a.si - b.si || a.bi - b.bi);

  const kept = sections.map((s) => s.blocks.map(() => false));
  const openedSections = new Set<number>();
  const openedChapters = new Set<string>();
  const cut = emptyCounts();
  let used = 0;
  let stopped = false;

  for (const { si, bi } of order) {
    const section = sections[si]!;
    const block = section.blocks[bi]!;
    if (!stopped) {
      const frame = openedSections.has(si) ? 0 : (section.open?.length ?? 0) + (section.close?.length ?? 0);
      const chapter = section.chapter && !openedChapters.has(section.chapter.id) ? section.chapter.heading.length : 0;
      const cost = block.text.length + frame + chapter;
      if (used + cost <= maxChars) {
        used += cost;
        kept[si]![bi] = true;
        openedSections.add(si);
        if (section.chapter) openedChapters.add(section.chapter.id);
        continue;
      }
      // Strict priority: once an item is left out, nothing less important may
      // take its place (a reviewer would otherwise see notes but miss a block).
      stopped = true;
    }
    for (const [k, n] of Object.entries(block.counts ?? {}) as [CutKind, number][]) cut[k] += n;
  }

  const emittedChapters = new Set<string>();
  const rendered = sections.map((s, si) => {
    const blocks = s.blocks.filter((_, bi) => kept[si]![bi]);
    if (blocks.length === 0) return "";
    let heading = "";
    if (s.chapter && !emittedChapters.has(s.chapter.id)) {
      emittedChapters.add(s.chapter.id);
      heading = s.chapter.heading;
    }
    return `${heading}${s.open ?? ""}${blocks.map((b) => b.text).join("")}${s.close ?? ""}`;
  });
  return { sections: rendered, cut, truncated: stopped };
}
