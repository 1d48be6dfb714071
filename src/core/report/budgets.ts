// Size budgets for everything the report faces produce. One named constant per
// GitHub limit, so no truncation number is repeated inline anywhere else.

/** GitHub refuses issue/PR comment bodies longer than this (characters). */
export const COMMENT_MAX_CHARS = 65536;
/** GitHub check run `output.summary` limit (characters). */
export const CHECK_SUMMARY_MAX_CHARS = 65535;
/** GitHub check run `output.text` limit (characters). */
export const CHECK_TEXT_MAX_CHARS = 65535;

// Per-item caps: the fitter only drops whole items, so no single item may be so
// large that it alone would push everything after it out of the budget.

/** Cascade members listed inline on the cascade's own line; more are folded. */
export const CASCADE_INLINE_MAX = 8;
/** Cascade members listed inside the fold; the rest are counted, not named. */
export const CASCADE_FOLD_MAX = 200;
/** Refs a finding names inline before saying "and N more". */
export const FINDING_REFS_MAX = 5;
/** Refs per added/modified/removed list in an application's details. */
export const APP_REFS_MAX = 100;
/** Unchanged application names listed in the details. */
export const UNCHANGED_APPS_MAX = 200;
/** A render error is tool output (helm, kustomize): keep its head, which names the cause. */
export const ERROR_MESSAGE_MAX_CHARS = 2000;
/** A check run title is a single line in GitHub's UI. */
export const CHECK_TITLE_MAX_CHARS = 200;

/** GitHub Actions keeps at most 1 MiB (bytes) of step summary per step; one UTF-16 unit is at
 *  most 3 bytes of UTF-8, so this many characters always fit, with room for the Action's notes. */
export const STEP_SUMMARY_MAX_CHARS = 340_000;
