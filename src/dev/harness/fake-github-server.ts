// A stateful GitHub for tests and benchmarks that run the built app in other processes (nock
// cannot cross processes): the REST endpoints the app calls (GitHub Enterprise paths under
// /api/v3, so the app reaches it with GHE_HOST/GHE_PROTOCOL=http), check runs and comments kept
// in memory, and the repositories themselves over git's smart HTTP (`git http-backend`, real git).
// Loopback only. Not part of the published package (dist/dev is excluded).
import { spawn } from "node:child_process";
import { createHmac } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeCheckRun {
  id: number;
  name: string;
  head_sha: string;
  status: string;
  conclusion: string | null;
  output?: { title?: string; summary?: string };
  app: { id: number };
  /** every PATCH body, in order */
  updates: Record<string, unknown>[];
}

export interface FakePullRequest {
  number: number;
  headSha: string;
  baseSha: string;
  baseRef: string;
  headRef: string;
}

export interface FakeGitHubOptions {
  owner: string;
  repo: string;
  /** a git repository (bare or not) served as the repository's clone URL */
  gitDir: string;
  appId: number;
  installationId: number;
  /** answer every API request after this many ms (a slow GitHub); default 0 */
  latencyMs?: number;
}

export interface FakeGitHub {
  /** http://127.0.0.1:<port> */
  url: string;
  /** for GHE_HOST */
  host: string;
  cloneUrl: string;
  checkRuns: Map<number, FakeCheckRun>;
  comments: { id: number; issue: number; body: string }[];
  pulls: Map<number, FakePullRequest>;
  /** pull requests left out of the open-pull-request list (what a reconcile finds) */
  unlisted: Set<number>;
  /** every API request, "METHOD /path" */
  requests: string[];
  /** The repository object of webhook payloads and of installation repository lists. */
  repository(): Record<string, unknown>;
  /** A `pull_request` webhook payload for one of `pulls`. */
  pullRequestPayload(action: string, number: number): Record<string, unknown>;
  close(): Promise<void>;
}

const TOKEN = "ghs_fakeinstallationtoken0000000000000";

export async function startFakeGitHub(options: FakeGitHubOptions): Promise<FakeGitHub> {
  const { owner, repo } = options;
  const checkRuns = new Map<number, FakeCheckRun>();
  const comments: FakeGitHub["comments"] = [];
  const pulls = new Map<number, FakePullRequest>();
  const unlisted = new Set<number>();
  const requests: string[] = [];
  let nextId = 1000;
  let base = "";

  const repository = () => ({
    id: 1,
    name: repo,
    full_name: `${owner}/${repo}`,
    owner: { login: owner, id: 1, type: "Organization" },
    private: true,
    archived: false,
    default_branch: "main",
    clone_url: `${base}/git/${owner}/${repo}.git`,
    html_url: `${base}/${owner}/${repo}`,
  });
  const pullJson = (p: FakePullRequest) => ({
    number: p.number,
    state: "open",
    head: { sha: p.headSha, ref: p.headRef, repo: repository() },
    base: { sha: p.baseSha, ref: p.baseRef, repo: repository() },
  });

  type Handler = (m: RegExpMatchArray, body: Record<string, unknown>, url: URL) => [number, unknown];
  const R = `/api/v3/repos/${owner}/${repo}`;
  const routes: [string, RegExp, Handler][] = [
    [
      "POST",
      /^\/api\/v3\/app\/installations\/(\d+)\/access_tokens$/,
      () => [201, { token: TOKEN, expires_at: "2099-01-01T00:00:00Z", permissions: {} }],
    ],
    [
      "GET",
      /^\/api\/v3\/app\/installations$/,
      () => [200, [{ id: options.installationId, account: { login: owner } }]],
    ],
    ["GET", /^\/api\/v3\/installation\/repositories$/, () => [200, { total_count: 1, repositories: [repository()] }]],
    ["GET", new RegExp(`^${R}/contents/`), () => [404, { message: "Not Found" }]],
    [
      "POST",
      new RegExp(`^${R}/check-runs$`),
      (_m, body) => {
        const id = nextId++;
        checkRuns.set(id, {
          id,
          name: String(body.name),
          head_sha: String(body.head_sha),
          status: typeof body.status === "string" ? body.status : "queued",
          conclusion: null,
          app: { id: options.appId },
          updates: [],
        });
        return [201, { id, html_url: `${base}/${owner}/${repo}/runs/${id}` }];
      },
    ],
    [
      "PATCH",
      new RegExp(`^${R}/check-runs/(\\d+)$`),
      (m, body) => {
        const run = checkRuns.get(Number(m[1]));
        if (!run) return [404, { message: "Not Found" }];
        run.updates.push(body);
        if (typeof body.status === "string") run.status = body.status;
        if (typeof body.conclusion === "string") run.conclusion = body.conclusion;
        if (body.output) run.output = body.output;
        return [200, { id: run.id }];
      },
    ],
    [
      "GET",
      new RegExp(`^${R}/commits/([^/]+)/check-runs$`),
      (m, _b, url) => {
        const name = url.searchParams.get("check_name");
        const runs = [...checkRuns.values()].filter((r) => r.head_sha === m[1] && (!name || r.name === name));
        return [200, { total_count: runs.length, check_runs: runs.map(({ updates: _u, ...r }) => r) }];
      },
    ],
    [
      "GET",
      new RegExp(`^${R}/pulls$`),
      () => [200, [...pulls.values()].filter((p) => !unlisted.has(p.number)).map(pullJson)],
    ],
    [
      "GET",
      new RegExp(`^${R}/pulls/(\\d+)$`),
      (m) => {
        const p = pulls.get(Number(m[1]));
        return p ? [200, pullJson(p)] : [404, { message: "Not Found" }];
      },
    ],
    [
      "GET",
      new RegExp(`^${R}/issues/(\\d+)/comments$`),
      (m) => [
        200,
        comments
          .filter((c) => c.issue === Number(m[1]))
          .map((c) => ({
            id: c.id,
            body: c.body,
            user: { login: "blast-radius[bot]", type: "Bot" },
            performed_via_github_app: { id: options.appId, slug: "blast-radius" },
          })),
      ],
    ],
    [
      "POST",
      new RegExp(`^${R}/issues/(\\d+)/comments$`),
      (m, body) => {
        const id = nextId++;
        comments.push({ id, issue: Number(m[1]), body: String(body.body) });
        return [201, { id }];
      },
    ],
    [
      "PATCH",
      new RegExp(`^${R}/issues/comments/(\\d+)$`),
      (m, body) => {
        const c = comments.find((x) => x.id === Number(m[1]));
        if (!c) return [404, { message: "Not Found" }];
        c.body = String(body.body);
        return [200, { id: c.id }];
      },
    ],
  ];

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    if (url.pathname.startsWith(`/git/${owner}/${repo}.git/`)) {
      serveGit({ req, res, url, gitDir: options.gitDir, prefix: `/git/${owner}/${repo}.git` });
      return;
    }
    void readBody(req).then(async (text) => {
      requests.push(`${req.method} ${url.pathname}`);
      if (options.latencyMs) await new Promise((r) => setTimeout(r, options.latencyMs));
      const route = routes.find(([method, re]) => method === req.method && re.test(url.pathname));
      if (!route) {
        res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ message: "Not Found" }));
        return;
      }
      let body: Record<string, unknown> = {};
      try {
        body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
      } catch {
        // not JSON: an empty body
      }
      const [status, json] = route[2](url.pathname.match(route[1])!, body, url);
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(json));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;

  return {
    url: base,
    host: `127.0.0.1:${port}`,
    cloneUrl: `${base}/git/${owner}/${repo}.git`,
    checkRuns,
    comments,
    pulls,
    unlisted,
    requests,
    repository,
    pullRequestPayload(action, number) {
      const p = pulls.get(number);
      if (!p) throw new Error(`no pull request ${number}`);
      return {
        action,
        number,
        pull_request: { ...pullJson(p), id: number, title: `PR ${number}`, user: { login: "dev", type: "User" } },
        repository: repository(),
        installation: { id: options.installationId },
        sender: { login: "dev", type: "User" },
      };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Delivers a webhook as GitHub does: JSON body, event name, delivery id and the HMAC signature. */
export async function deliverWebhook(params: {
  url: string;
  secret: string;
  name: string;
  payload: unknown;
  id?: string;
}): Promise<{ status: number; ms: number }> {
  const body = JSON.stringify(params.payload);
  const signature = `sha256=${createHmac("sha256", params.secret).update(body).digest("hex")}`;
  const started = performance.now();
  const res = await fetch(params.url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-github-event": params.name,
      "x-github-delivery": params.id ?? `delivery-${Math.random().toString(36).slice(2)}`,
      "x-hub-signature-256": signature,
    },
    body,
  });
  await res.arrayBuffer();
  return { status: res.status, ms: performance.now() - started };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", () => resolve(""));
  });
}

/** git's smart HTTP through `git http-backend` (CGI): what a real clone URL serves. */
function serveGit(p: { req: IncomingMessage; res: ServerResponse; url: URL; gitDir: string; prefix: string }): void {
  const child = spawn("git", ["http-backend"], {
    env: {
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      GIT_PROJECT_ROOT: p.gitDir,
      GIT_HTTP_EXPORT_ALL: "1",
      PATH_INFO: p.url.pathname.slice(p.prefix.length),
      QUERY_STRING: p.url.search.replace(/^\?/, ""),
      REQUEST_METHOD: p.req.method ?? "GET",
      CONTENT_TYPE: p.req.headers["content-type"] ?? "",
      REMOTE_ADDR: "127.0.0.1",
      ...(p.req.headers["git-protocol"] ? { GIT_PROTOCOL: String(p.req.headers["git-protocol"]) } : {}),
      // the app fetches commits by id
      GIT_CONFIG_COUNT: "2",
      GIT_CONFIG_KEY_0: "uploadpack.allowAnySHA1InWant",
      GIT_CONFIG_VALUE_0: "true",
      GIT_CONFIG_KEY_1: "safe.directory",
      GIT_CONFIG_VALUE_1: "*",
    },
    stdio: ["pipe", "pipe", "ignore"],
  });
  p.req.pipe(child.stdin);
  let head = Buffer.alloc(0);
  let headerDone = false;
  child.stdout.on("data", (chunk: Buffer) => {
    if (headerDone) return void p.res.write(chunk);
    head = Buffer.concat([head, chunk]);
    const end = head.indexOf("\r\n\r\n");
    if (end < 0) return;
    headerDone = true;
    let status = 200;
    const headers: Record<string, string> = {};
    for (const line of head.subarray(0, end).toString("latin1").split("\r\n")) {
      const i = line.indexOf(":");
      if (i < 0) continue;
      const name = line.slice(0, i).trim();
      const value = line.slice(i + 1).trim();
      if (name.toLowerCase() === "status") status = Number(value.split(" ")[0]) || 200;
      else headers[name] = value;
    }
    p.res.writeHead(status, headers);
    p.res.write(head.subarray(end + 4));
  });
  child.on("close", () => {
    if (!headerDone) p.res.writeHead(500);
    p.res.end();
  });
}
