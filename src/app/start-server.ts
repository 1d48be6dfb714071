// The HTTP face: webhooks on Probot's path, a health probe, 404 for the rest.
// Our own http.Server (not Probot's Server) so the port is exactly what the
// caller asks for, 0 included.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createNodeMiddleware, type Probot } from "probot";
import type { AppDeps } from "./app-deps.js";
import { readWebhookBody, WEBHOOK_MAX_BODY_BYTES } from "./read-webhook-body.js";
import { createApp, defaultQueue, type AppRole } from "./create-app.js";
import type { AnalysisQueue } from "./run-analysis.js";
import type { BackgroundWork } from "./background-work.js";

export interface RunningServer {
  server: Server;
  port: number;
  close(): Promise<void>;
}

export const HEALTH_PATH = "/healthz";
/** Ready when the queue's store answers (Redis in Redis mode). */
export const READY_PATH = "/readyz";
/** Queue depth, running and failed jobs in Prometheus text format. */
export const METRICS_PATH = "/metrics";

export async function startServer(params: {
  probot: Probot;
  deps: AppDeps;
  port: number;
  host?: string;
  /** largest webhook body accepted (default: GitHub's 25 MB cap) */
  maxBodyBytes?: number;
  queue?: AnalysisQueue;
  role?: AppRole;
  /** Answer webhooks before their GitHub writes (see background-work.ts). */
  background?: BackgroundWork;
}): Promise<RunningServer> {
  const maxBytes = params.maxBodyBytes ?? WEBHOOK_MAX_BODY_BYTES;
  const queue = params.queue ?? defaultQueue(params.deps);
  const role = params.role ?? "all";
  const middleware = await createNodeMiddleware(
    createApp(params.deps, {
      queue,
      role,
      ...(params.background ? { background: params.background } : {}),
    }),
    { probot: params.probot },
  );
  const server = createServer((req, res) => {
    if (req.method === "GET" && req.url === HEALTH_PATH) {
      res.writeHead(200, { "content-type": "text/plain" }).end("ok\n");
      return;
    }
    if (req.method === "GET" && (req.url === READY_PATH || req.url === METRICS_PATH)) {
      void probe(queue, req.url === METRICS_PATH).then(
        (r) => res.writeHead(r.status, { "content-type": "text/plain" }).end(r.body),
        () => res.writeHead(503, { "content-type": "text/plain" }).end("queue unavailable\n"),
      );
      return;
    }
    // A worker has no webhook endpoint: only its probes.
    if (role === "worker") {
      res.writeHead(404).end();
      return;
    }
    void (async () => {
      // Bounded before Probot's middleware sees it, which would buffer any size.
      if (req.method === "POST" && !(await readWebhookBody({ req, res, maxBytes }))) return;
      await middleware(req, res, () => {
        res.writeHead(404).end();
      });
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(params.port, params.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  params.probot.log.info({ port, host: params.host ?? "all interfaces" }, "server listening");
  return {
    server,
    port,
    close: () => new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };
}

async function probe(queue: AnalysisQueue, metrics: boolean): Promise<{ status: number; body: string }> {
  if (!metrics)
    return (await queue.ready()) ? { status: 200, body: "ready\n" } : { status: 503, body: "queue unavailable\n" };
  const c = await queue.counts();
  const lines = [
    "# HELP blast_radius_jobs Analysis jobs by state.",
    "# TYPE blast_radius_jobs gauge",
    `blast_radius_jobs{state="waiting",queue="${queue.kind}"} ${c.waiting}`,
    `blast_radius_jobs{state="running",queue="${queue.kind}"} ${c.running}`,
    `blast_radius_jobs{state="failed",queue="${queue.kind}"} ${c.failed}`,
  ];
  return { status: 200, body: `${lines.join("\n")}\n` };
}
