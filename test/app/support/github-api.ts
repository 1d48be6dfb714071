// One nock helper per GitHub endpoint the app calls. Bodies are captured in the
// matcher and asserted afterwards: an expect() inside a matcher hangs the test.
import nock from "nock";

export const API = "https://api.github.com";
export const OWNER = "Codertocat";
export const REPO = "Hello-World";
export const INSTALLATION_TOKEN = "ghs_TESTTOKEN0123456789abcdefSECRET";
const R = `/repos/${OWNER}/${REPO}`;

export type Body = Record<string, unknown>;

/** Records every body an endpoint received, in order. */
export class Captured {
  readonly bodies: Body[] = [];
  push = (body: Body): boolean => {
    this.bodies.push(body);
    return true;
  };
  get last(): Body {
    const b = this.bodies[this.bodies.length - 1];
    if (!b) throw new Error("endpoint never called");
    return b;
  }
}

export function mockInstallationToken(): void {
  nock(API)
    .post("/app/installations/1/access_tokens")
    .reply(201, {
      token: INSTALLATION_TOKEN,
      expires_at: "2099-01-01T00:00:00Z",
      permissions: { checks: "write", pull_requests: "write", issues: "write", contents: "read", metadata: "read" },
      repository_selection: "all",
    });
}

export function mockCreateCheckRun(captured: Captured, id = 42): void {
  nock(API)
    .post(`${R}/check-runs`, captured.push)
    .reply(201, { id, html_url: `https://github.com/${OWNER}/${REPO}/runs/${id}` });
}

export function mockCompleteCheckRun(captured: Captured, id = 42, status = 200): void {
  nock(API).patch(`${R}/check-runs/${id}`, captured.push).reply(status, { id });
}

export function mockRepoConfig(text: string | undefined, ref = "master"): void {
  const scope = nock(API).get(`${R}/contents/.github%2Fargocd-blast-radius.yml`).query({ ref });
  if (text === undefined) scope.reply(404, { message: "Not Found" });
  else scope.reply(200, { type: "file", encoding: "base64", content: Buffer.from(text).toString("base64") });
}

export interface FakeComment {
  id: number;
  body: string;
  /** self (default): this app (id 123); other-app: another GitHub App's bot; user: a human */
  author?: "self" | "other-app" | "user";
}

const AUTHORS = {
  self: {
    user: { login: "blast-radius[bot]", type: "Bot" },
    performed_via_github_app: { id: 123, slug: "blast-radius" },
  },
  "other-app": {
    user: { login: "pr-summary[bot]", type: "Bot" },
    performed_via_github_app: { id: 999, slug: "pr-summary" },
  },
  user: { user: { login: "someone", type: "User" }, performed_via_github_app: null },
} as const;

export function mockListComments(comments: FakeComment[], issue = 2, status = 200): void {
  nock(API)
    .get(`${R}/issues/${issue}/comments`)
    .query({ per_page: "100" })
    .reply(
      status,
      status === 200
        ? comments.map((c) => ({
            id: c.id,
            body: c.body,
            ...AUTHORS[c.author ?? "self"],
          }))
        : { message: "Server Error" },
    );
}

export function mockCreateComment(captured: Captured, issue = 2): void {
  nock(API).post(`${R}/issues/${issue}/comments`, captured.push).reply(201, { id: 900 });
}

export function mockUpdateComment(captured: Captured, commentId: number): void {
  nock(API).patch(`${R}/issues/comments/${commentId}`, captured.push).reply(200, { id: commentId });
}

export function mockGetPull(params: { headSha: string; baseSha?: string; number?: number }): void {
  const number = params.number ?? 2;
  nock(API)
    .get(`${R}/pulls/${number}`)
    .reply(200, {
      number,
      state: "open",
      head: { sha: params.headSha, ref: "changes" },
      base: { sha: params.baseSha ?? BASE_SHA, ref: "master" },
    });
}

export function mockListOpenPulls(pulls: { number: number; headSha: string }[]): void {
  nock(API)
    .get(`${R}/pulls`)
    .query({ state: "open", per_page: "100" })
    .reply(
      200,
      pulls.map((p) => ({
        number: p.number,
        state: "open",
        head: { sha: p.headSha, ref: "fork-branch" },
        base: { sha: BASE_SHA, ref: "master" },
      })),
    );
}

/** `roleName` undefined: GitHub's 404 for a user who is no collaborator. */
export function mockPermission(username: string, roleName: string | undefined, permission: string): void {
  const scope = nock(API).get(`${R}/collaborators/${username}/permission`);
  if (roleName === undefined) scope.reply(404, { message: "Not Found" });
  else scope.reply(200, { permission, role_name: roleName, user: { login: username } });
}

export function mockReaction(captured: Captured, commentId: number): void {
  nock(API).post(`${R}/issues/comments/${commentId}/reactions`, captured.push).reply(201, { id: 1 });
}

export const BASE_SHA = "f95f852bd8fca8fcc58a9a2d6c842781e32a215e";
export const HEAD_SHA = "ec26c3e57ca3a959ca5aad62de7213c562f8c821";
export const NEW_HEAD_SHA = "1111111111111111111111111111111111111111";
