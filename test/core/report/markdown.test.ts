import { describe, expect, it } from "@jest/globals";
import {
  clip,
  codeBlock,
  codeSpan,
  escapeHtml,
  escapeText,
  plural,
  truncateChars,
} from "../../../src/core/report/markdown.js";

describe("markdown builders", () => {
  it.each<[string, string, string]>([
    ["plain", "Deployment argocd/argocd-server", "`Deployment argocd/argocd-server`"],
    ["a backtick inside", "a`b", "``a`b``"],
    ["a backtick at the edge", "`x", "`` `x ``"],
    ["line breaks collapse", "a\nb", "`a b`"],
  ])("codeSpan: %s", (_, text, expected) => {
    expect(codeSpan(text)).toBe(expected);
  });

  it.each<[string, string, string]>([
    ["markdown emphasis and links", "*a* _b_ [c](d)", "\\*a\\* \\_b\\_ \\[c\\](d)"],
    ["html", "<details> & <!-- x -->", "&lt;details&gt; &amp; &lt;!-- x --&gt;"],
    ["mentions", "ping @org/team", "ping @\u200dorg/team"],
    ["one line", "a\r\n  b\n\nc", "a b c"],
  ])("escapeText: %s", (_, text, expected) => {
    expect(escapeText(text)).toBe(expected);
  });

  it("escapeHtml keeps summaries inert", () => {
    expect(escapeHtml('a <b> "c" & d')).toBe("a &lt;b&gt; &quot;c&quot; &amp; d");
  });

  it("codeBlock outgrows any fence inside its text", () => {
    expect(codeBlock({ text: "x\n````\ny\n" })).toBe("`````text\nx\n````\ny\n`````\n");
    expect(codeBlock({ text: "a\nb", indent: "  " })).toBe("  ```text\n  a\n  b\n  ```\n");
  });

  it.each<[number, string]>([
    [1, "1 deletion"],
    [0, "0 deletions"],
    [2, "2 deletions"],
  ])("plural %i", (n, expected) => {
    expect(plural({ n, one: "deletion" })).toBe(expected);
  });

  it("clip keeps the head and says how much is gone; truncateChars never splits an emoji", () => {
    expect(clip({ text: "abcdef", max: 3 })).toBe("abc… (3 more characters)");
    expect(clip({ text: "abc", max: 3 })).toBe("abc");
    expect(truncateChars({ text: "🛑🛑", max: 3 })).toBe("🛑");
  });
});
