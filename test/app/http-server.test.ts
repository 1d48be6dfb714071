// The running server over HTTP: signed webhooks in, a real git repository
// fetched through file://, the real analyze and renderers, GitHub mocked.
import { describe, it, expect, beforeAll, afterAll } from "@jest/globals";
import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import nock from "nock";
import { sign } from "@octokit/webhooks-methods";
import { analyze } from "../../src/analyze.js";
import { fetchPullRequest } from "../../src/adapters/git/fetch-pull-request.js";
import { renderCheckOutput } from "../../src/core/report/render-check-output.js";
import { renderMarkdown } from "../../src/core/report/render-markdown.js";
import { COMMENT_MAX_CHARS } from "../../src/core/report/budgets.js";
import { startServer, type RunningServer } from "../../src/app/start-server.js";
import type { AppDeps } from "../../src/app/app-deps.js";
import {
  Captured,
  mockCompleteCheckRun,
  mockCreateCheckRun,
  mockCreateComment,
  mockGetPull,
  mockInstallationToken,
  mockListComments,
  mockRepoConfig,
} from "./support/github-api.js";
import { pullRequestPayload, RecordingLogger, testProbot, WEBHOOK_SECRET } from "./support/fixtures.js";

const REPO_URL = "https://github.com/Codertocat/Hello-World.git";

function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", args, {
    cwd,
    encoding: "utf8",
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: "t",
      GIT_AUTHOR_EMAIL: "t@e",
      GIT_COMMITTER_NAME: "t",
      GIT_COMMITTER_EMAIL: "t@e",
    },
  }).trim();
}

const application = `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: payments
  namespace: argocd
spec:
  project: default
  source:
    repoURL: ${REPO_URL}
    targetRevision: main
    path: manifests/payments
  destination:
    server: https://kubernetes.default.svc
    namespace: payments
  syncPolicy:
    automated:
      prune: true
`;

const configMap = (name: string, namespace: string) => `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}
  namespace: ${namespace}
data:
  a: "1"
`;

/** main: the app deploys a ConfigMap into kube-system; the PR removes it (a protected delete). */
async function createGitOpsRepo(dir: string): Promise<{ base: string; head: string }> {
  git(dir, "init", "-q", "-b", "main");
  await mkdir(join(dir, "apps"));
  await mkdir(join(dir, "manifests/payments"), { recursive: true });
  await writeFile(join(dir, "apps/payments.yaml"), application);
  await writeFile(join(dir, "manifests/payments/app.yaml"), configMap("payments", "payments"));
  await writeFile(join(dir, "manifests/payments/system.yaml"), configMap("payments-hook", "kube-system"));
  git(dir, "add", ".");
  git(dir, "commit", "-q", "-m", "base");
  const base = git(dir, "rev-parse", "HEAD");
  git(dir, "rm", "-q", "manifests/payments/system.yaml");
  git(dir, "commit", "-q", "-m", "drop the kube-system hook");
  return { base, head: git(dir, "rev-parse", "HEAD") };
}

describe("HTTP server", () => {
  let dir: string;
  let server: RunningServer;
  let shas: { base: string; head: string };
  const log = new RecordingLogger();

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "app-http-"));
    shas = await createGitOpsRepo(dir);
    const deps: AppDeps = {
      identity: { appId: 123 },
      analyze,
      renderMarkdown,
      renderCheckOutput,
      fetchPullRequest,
      commentMaxChars: COMMENT_MAX_CHARS,
      allowRepoPlugins: false,
      allowFileUrls: true,
    };
    server = await startServer({ probot: testProbot({ log }), deps, port: 0, host: "127.0.0.1" });
    nock.disableNetConnect();
    nock.enableNetConnect("127.0.0.1");
  });

  afterAll(async () => {
    await server.close();
    nock.cleanAll();
    nock.enableNetConnect();
    await rm(dir, { recursive: true, force: true });
  });

  async function post(body: string, signature: string): Promise<Response> {
    return fetch(`http://127.0.0.1:${server.port}/api/github/webhooks`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-github-event": "pull_request",
        "x-github-delivery": "00000000-0000-0000-0000-000000000001",
        "x-hub-signature-256": signature,
      },
      body,
    });
  }

  it("answers the health probe", async () => {
    const res = await fetch(`http://127.0.0.1:${server.port}/healthz`);
    expect(res.status).toBe(200);
  });

  it("refuses a webhook with a bad signature", async () => {
    const body = JSON.stringify(pullRequestPayload("opened"));
    const res = await post(body, await sign("not-the-secret", body));
    expect([400, 401]).toContain(res.status);
  });

  it("a signed pull_request runs the real analysis on a real repository and publishes", async () => {
    const payload = pullRequestPayload("opened", shas.head);
    payload.pull_request.base.sha = shas.base;
    payload.pull_request.base.ref = "main";
    payload.repository.clone_url = `file://${dir}`;
    payload.repository.default_branch = "main";
    const [check, done, comment] = [new Captured(), new Captured(), new Captured()];
    mockInstallationToken();
    mockCreateCheckRun(check);
    mockRepoConfig(undefined, "main");
    mockGetPull({ headSha: shas.head, baseSha: shas.base });
    mockListComments([]);
    mockCreateComment(comment);
    mockCompleteCheckRun(done);

    const body = JSON.stringify(payload);
    const res = await post(body, await sign(WEBHOOK_SECRET, body));
    expect([200, 202]).toContain(res.status);
    // A slow analysis is answered 202 and goes on after the response: wait for the check to complete.
    for (let i = 0; i < 600 && done.bodies.length === 0; i++) await new Promise((r) => setTimeout(r, 100));

    expect(nock.pendingMocks()).toEqual([]);
    expect(check.last).toEqual({ name: "Argo CD blast radius", head_sha: shas.head, status: "queued" });
    const output = done.last.output as { title: string; summary: string; text: string };
    expect(done.last).toMatchObject({ status: "completed", conclusion: "failure" });
    expect(output.title).toMatch(/^Blocked: .*protected-resource-delete/);
    const commentBody = String(comment.last.body);
    expect(commentBody.startsWith("<!-- argocd-blast-radius -->\n")).toBe(true);
    expect(commentBody).toContain("payments-hook");
    expect(commentBody).toContain("kube-system");
  });
});
