// Tiny markdown builders. Everything a user controls (names, messages, tool
// output) goes through one of these, so it can neither break the document's
// structure (an unbalanced fence or <details>) nor inject markup or mentions.

/** Collapses line breaks: every item of the report is exactly one line. */
export function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, " ").trim();
}

/** Inline code that survives backticks in the text (CommonMark: a longer fence). */
export function codeSpan(text: string): string {
  const t = oneLine(text);
  const fence = "`".repeat(longestRun(t, "`") + 1);
  const pad = t.startsWith("`") || t.endsWith("`") ? " " : "";
  return `${fence}${pad}${t}${pad}${fence}`;
}

/** Plain text in a markdown paragraph: markdown and HTML specials are escaped,
 *  `@` cannot become a mention (a zero-width joiner after it) and no
 *  `<details>`/`<!--` in a message can open or close anything. */
export function escapeText(text: string): string {
  // Entities for HTML specials: unambiguous for GitHub and for any reader of the raw text.
  return oneLine(text)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/[\\`*_[\]|~#]/g, (c) => `\\${c}`)
    .replace(/@/g, "@\u200d");
}

/** Text inside HTML (a <summary>), where markdown is not interpreted. */
export function escapeHtml(text: string): string {
  return oneLine(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** A fenced block for multi-line tool output; the fence outgrows any backtick run inside. */
export function codeBlock(params: { text: string; indent?: string }): string {
  const indent = params.indent ?? "";
  const fence = "`".repeat(Math.max(3, longestRun(params.text, "`") + 1));
  const body = params.text
    .replace(/\r\n?/g, "\n")
    .replace(/\n+$/, "")
    .split("\n")
    .map((l) => `${indent}${l}`.trimEnd())
    .join("\n");
  return `${indent}${fence}text\n${body}\n${indent}${fence}\n`;
}

/** A folded section; `summary` is plain text. The body is separated by blank
 *  lines so GitHub renders the markdown inside. */
export function details(params: { summary: string; body: string }): string {
  return `${detailsOpen(params.summary)}${params.body}${DETAILS_CLOSE}`;
}

export function detailsOpen(summary: string): string {
  return `<details>\n<summary>${escapeHtml(summary)}</summary>\n\n`;
}

export const DETAILS_CLOSE = "\n</details>\n";

/** "1 deletion", "3 deletions". */
export function plural(params: { n: number; one: string; many?: string }): string {
  return `${params.n} ${params.n === 1 ? params.one : (params.many ?? `${params.one}s`)}`;
}

/** The short form of a commit, as GitHub shows it. */
export function sha7(sha: string): string {
  return sha.slice(0, 7);
}

/** Keeps the head of a long text: the first lines of tool output name the cause. */
export function clip(params: { text: string; max: number }): string {
  if (params.text.length <= params.max) return params.text;
  return `${params.text.slice(0, params.max).replace(/[\uD800-\uDBFF]$/, "")}… (${params.text.length - params.max} more characters)`;
}

/** At most `max` UTF-16 units, never splitting a surrogate pair. */
export function truncateChars(params: { text: string; max: number }): string {
  let out = "";
  for (const ch of params.text) {
    if (out.length + ch.length > params.max) break;
    out += ch;
  }
  return out;
}

function longestRun(text: string, ch: string): number {
  let best = 0;
  let run = 0;
  for (const c of text) {
    run = c === ch ? run + 1 : 0;
    best = Math.max(best, run);
  }
  return best;
}
