// The answers to slash commands that are not run, worded once for the app and the Action.
import type { PermissionLevel } from "../adapters/github/get-permission-level.js";
import { HELP_TEXT } from "./help-text.js";
import { SLASH_COMMAND } from "./parse-slash-command.js";

export function unknownCommandReply(params: { login: string; word: string }): string {
  return `@${params.login} \`${SLASH_COMMAND} ${quotable(params.word)}\` is not a command I know.\n\n${HELP_TEXT}`;
}

export function approvalRefusedReply(params: { login: string; level: PermissionLevel }): string {
  return `@${params.login} accepting a blocking verdict needs write access to this repository (write, maintain or admin); yours is ${params.level.roleName || params.level.permission}.`;
}

/** The user's text echoed inside a code span: no backticks to break out of it, and short. */
function quotable(word: string): string {
  const clean = word.replace(/`/g, "'");
  return clean.length > 40 ? `${clean.slice(0, 40)}…` : clean;
}
