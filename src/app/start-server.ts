// The HTTP face: webhooks on Probot's path, a health probe, 404 for the rest.
// Our own http.Server (not Probot's Server) so the port is exactly what the
// caller asks for, 0 included.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createNodeMiddleware, type Probot } from "probot";
import type { AppDeps } from "./app-deps.js";
import { createApp } from "./create-app.js";
import { readWebhookBody, WEBHOOK_MAX_BODY_BYTES } from "./read-webhook-body.js";

export interface RunningServer {
  server: Server;
  port: number;
  close(): Promise<void>;
}

export const HEALTH_PATH = "/healthz";

export async function startServer(params: {
  probot: Probot;
  deps: AppDeps;
  port: number;
  host?: string;
  /** largest webhook body accepted (default: GitHub's 25 MB cap) */
  maxBodyBytes?: number;
}): Promise<RunningServer> {
  const maxBytes = params.maxBodyBytes ?? WEBHOOK_MAX_BODY_BYTES;
  const middleware = await createNodeMiddleware(createApp(params.deps), { probot: params.probot });
  const server = createServer((req, res) => {
    if (req.method === "GET" && req.url === HEALTH_PATH) {
      res.writeHead(200, { "content-type": "text/plain" }).end("ok\n");
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
