/** The hidden first line by which the bot finds its one comment on a PR (INTERFACE.md section 4). */
export const STICKY_COMMENT_MARKER = "<!-- argocd-blast-radius -->";
