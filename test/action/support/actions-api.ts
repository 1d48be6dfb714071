// The GitHub endpoints the Action calls beyond the app's (test/app/support/github-api.ts): the
// check run answers with the app the token belongs to, and comments are written by that app.
import nock from "nock";
import { API, OWNER, REPO, type Captured } from "../../app/support/github-api.js";

const R = `/repos/${OWNER}/${REPO}`;

/** github.token belongs to the GitHub Actions app. */
export const ACTIONS_APP = { id: 15368, slug: "github-actions" };

export function mockCreateCheckRunAsAction(captured: Captured, status = 201, id = 42): void {
  const scope = nock(API).post(`${R}/check-runs`, captured.push);
  if (status === 201)
    scope.reply(201, { id, html_url: `https://github.com/${OWNER}/${REPO}/runs/${id}`, app: ACTIONS_APP });
  else scope.reply(status, { message: "Resource not accessible by integration" });
}

export function mockAppBySlug(): void {
  nock(API).get(`/apps/${ACTIONS_APP.slug}`).reply(200, { id: ACTIONS_APP.id, slug: ACTIONS_APP.slug });
}

export interface ActionComment {
  id: number;
  body: string;
  /** action (default): this action's token; other-app: another GitHub App; user: a human */
  author?: "action" | "other-app" | "user";
}

const AUTHORS = {
  action: { user: { login: "github-actions[bot]", type: "Bot" }, performed_via_github_app: ACTIONS_APP },
  "other-app": {
    user: { login: "pr-summary[bot]", type: "Bot" },
    performed_via_github_app: { id: 999, slug: "pr-summary" },
  },
  user: { user: { login: "someone", type: "User" }, performed_via_github_app: null },
} as const;

export function mockListCommentsOf(comments: ActionComment[], issue = 2): void {
  nock(API)
    .get(`${R}/issues/${issue}/comments`)
    .query({ per_page: "100" })
    .reply(
      200,
      comments.map((c) => ({ id: c.id, body: c.body, ...AUTHORS[c.author ?? "action"] })),
    );
}

export function mockCreateCommentRefused(captured: Captured, issue = 2): void {
  nock(API)
    .post(`${R}/issues/${issue}/comments`, captured.push)
    .reply(403, { message: "Resource not accessible by integration" });
}
