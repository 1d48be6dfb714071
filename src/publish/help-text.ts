import { SLASH_COMMAND } from "./parse-slash-command.js";

/** The reply to `/blast-radius help`, also appended when a command is not understood. */
export const HELP_TEXT = [
  "Commands (first line of a pull request comment):",
  "",
  `- \`${SLASH_COMMAND}\`: analyse the current head commit again.`,
  `- \`${SLASH_COMMAND} approve\`: accept a blocking verdict for the current head commit only; a new push needs a new approval. Needs write access (write, maintain or admin).`,
  `- \`${SLASH_COMMAND} help\`: show this list.`,
].join("\n");
