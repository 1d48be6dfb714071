import { describe, expect, it } from "@jest/globals";
import { fitSections, type FitSection } from "../../../src/core/report/fit-sections.js";

const sections = (): FitSection[] => [
  { blocks: [{ text: "HEAD\n", priority: 0 }] },
  {
    chapter: { id: "c", heading: "#C\n" },
    open: "<a>\n",
    close: "</a>\n",
    blocks: [{ text: "low1\n", priority: 3, counts: { deletions: 2 } }],
  },
  {
    chapter: { id: "c", heading: "#C\n" },
    open: "<b>\n",
    close: "</b>\n",
    blocks: [{ text: "high\n", priority: 1, counts: { findings: 1 } }],
  },
];

describe("fitSections", () => {
  it.each<[number, string, boolean, { deletions: number; findings: number }]>([
    [1000, "HEAD\n#C\n<a>\nlow1\n</a>\n<b>\nhigh\n</b>\n", false, { deletions: 0, findings: 0 }],
    // The high-priority block fits; its chapter heading moves to the first section shown.
    [24, "HEAD\n#C\n<b>\nhigh\n</b>\n", true, { deletions: 2, findings: 0 }],
    [10, "HEAD\n", true, { deletions: 2, findings: 1 }],
    [0, "", true, { deletions: 2, findings: 1 }],
  ])("budget %i", (maxChars, text, truncated, cut) => {
    const r = fitSections({ sections: sections(), maxChars });
    expect(r.sections.join("")).toBe(text);
    expect(r.truncated).toBe(truncated);
    expect(r.cut).toEqual({ ...cut, applications: 0, diffs: 0 });
    expect(r.sections.join("").length).toBeLessThanOrEqual(maxChars);
  });

  it("stops at the first item that does not fit, so nothing less important replaces it", () => {
    const r = fitSections({
      maxChars: 12,
      sections: [
        {
          blocks: [
            { text: "a-long-item\n", priority: 1 },
            { text: "b\n", priority: 0 },
            { text: "c\n", priority: 2 },
          ],
        },
      ],
    });
    expect(r.sections.join("")).toBe("b\n");
  });
});
