// The parts of GitHub's event payloads the Action reads (GITHUB_EVENT_PATH), validated, so a
// payload of another shape is a one-line error naming the field instead of a crash later on.
import { z } from "zod";

const repository = z.object({
  name: z.string(),
  full_name: z.string(),
  owner: z.object({ login: z.string() }),
  clone_url: z.string(),
  html_url: z.string().optional(),
  ssh_url: z.string().optional(),
  git_url: z.string().optional(),
});

const sha = z.string().regex(/^[0-9a-f]{40}$/);

export const pullRequestEvent = z.object({
  action: z.string(),
  pull_request: z.object({
    number: z.number().int(),
    state: z.string(),
    head: z.object({ sha, repo: z.object({ full_name: z.string() }).nullish() }),
    base: z.object({ sha, ref: z.string() }),
  }),
  changes: z.object({ base: z.unknown().optional() }).optional(),
  repository,
});

export const issueCommentEvent = z.object({
  action: z.string(),
  issue: z.object({ number: z.number().int(), pull_request: z.unknown().optional() }),
  comment: z.object({ id: z.number().int(), body: z.string().nullish() }),
  sender: z.object({ login: z.string(), type: z.string() }),
  repository,
});

export type IssueCommentEvent = z.infer<typeof issueCommentEvent>;
export type RepositoryPayload = z.infer<typeof repository>;

/** The payload as `schema` reads it, or the first problem, naming the field. */
export function parseEventPayload<T>(
  schema: z.ZodType<T>,
  payload: unknown,
  eventName: string,
): { ok: true; event: T } | { ok: false; error: string } {
  const r = schema.safeParse(payload);
  if (r.success) return { ok: true, event: r.data };
  const issue = r.error.issues[0];
  const where = issue?.path.length ? issue.path.join(".") : "(root)";
  return { ok: false, error: `the ${eventName} event payload is not as GitHub sends it: ${where}: ${issue?.message}` };
}
