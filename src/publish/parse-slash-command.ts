// Slash commands are read from the first line of a PR comment only, so a
// command quoted further down a discussion never triggers anything.

export type SlashCommand =
  { kind: "rerun" } | { kind: "approve" } | { kind: "help" } | { kind: "unknown"; word: string };

export const SLASH_COMMAND = "/blast-radius";

/** The command on the comment's first line, or undefined when the comment is not one. */
export function parseSlashCommand(body: string): SlashCommand | undefined {
  const firstLine = (body.split(/\r?\n/, 1)[0] ?? "").trim();
  const words = firstLine.split(/\s+/);
  if (words[0]?.toLowerCase() !== SLASH_COMMAND) return undefined;
  const word = (words[1] ?? "").toLowerCase();
  if (words.length > 2) return { kind: "unknown", word: words.slice(1).join(" ") };
  if (word === "") return { kind: "rerun" };
  if (word === "approve") return { kind: "approve" };
  if (word === "help") return { kind: "help" };
  return { kind: "unknown", word };
}
