// The webhook body limit, at HTTP level against the running server: a body over the limit is
// refused with 413 before it is read whole, whether it declares its size or streams chunked.
import { describe, it, expect, beforeAll, afterAll } from "@jest/globals";
import { connect } from "node:net";
import { sign } from "@octokit/webhooks-methods";
import { startServer, type RunningServer } from "../../src/app/start-server.js";
import { WEBHOOK_MAX_BODY_BYTES } from "../../src/app/read-webhook-body.js";
import { fakeDeps, okOutcome, cannedReport, RecordingLogger, testProbot, WEBHOOK_SECRET } from "./support/fixtures.js";

const LIMIT = 1024 * 1024;
const PATH = "/api/github/webhooks";

interface RawExchange {
  /** the response's status line */
  status: string;
  /** body bytes written before the server answered or closed the connection */
  sent: number;
}

/**
 * Sends a request head, then body chunks until the server answers (or `maxBody` bytes are out),
 * over a plain socket so the test sees exactly how much the server let in before refusing.
 */
function rawPost(params: {
  port: number;
  headers: Record<string, string>;
  chunked: boolean;
  maxBody: number;
}): Promise<RawExchange> {
  return new Promise((resolve, reject) => {
    const socket = connect(params.port, "127.0.0.1");
    let response = "";
    let sent = 0;
    let answered = false;
    const chunk = Buffer.alloc(64 * 1024, "a");
    const finish = () => resolve({ status: response.split("\r\n", 1)[0] ?? "", sent });
    socket.on("data", (d: Buffer) => {
      response += d.toString("latin1");
      answered = true;
    });
    socket.on("error", (err: NodeJS.ErrnoException) => {
      // The server closing a connection we are still writing to is part of refusing it.
      if (err.code === "ECONNRESET" || err.code === "EPIPE") finish();
      else reject(err);
    });
    socket.on("close", finish);
    socket.on("connect", () => {
      const head = Object.entries({ host: "127.0.0.1", ...params.headers })
        .map(([k, v]) => `${k}: ${v}\r\n`)
        .join("");
      socket.write(`POST ${PATH} HTTP/1.1\r\n${head}\r\n`);
      const pump = () => {
        while (!answered && !socket.destroyed && sent < params.maxBody) {
          sent += chunk.length;
          const frame = params.chunked
            ? Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from("\r\n")])
            : chunk;
          if (!socket.write(frame)) return void socket.once("drain", pump);
        }
        if (!answered && !socket.destroyed && params.chunked) socket.end("0\r\n\r\n");
      };
      pump();
    });
  });
}

const webhookHeaders = {
  "content-type": "application/json",
  "x-github-event": "ping",
  "x-github-delivery": "00000000-0000-0000-0000-000000000009",
  "x-hub-signature-256": "sha256=0000000000000000000000000000000000000000000000000000000000000000",
};

describe("webhook body limit", () => {
  let server: RunningServer;
  let defaultServer: RunningServer;

  beforeAll(async () => {
    const { deps } = fakeDeps(() => okOutcome(cannedReport("pass")));
    const log = new RecordingLogger();
    server = await startServer({ probot: testProbot({ log }), deps, port: 0, host: "127.0.0.1", maxBodyBytes: LIMIT });
    defaultServer = await startServer({ probot: testProbot({ log }), deps, port: 0, host: "127.0.0.1" });
  });

  afterAll(async () => {
    await server.close();
    await defaultServer.close();
  });

  it("is GitHub's 25 MB cap by default", () => {
    expect(WEBHOOK_MAX_BODY_BYTES).toBe(25 * 1024 * 1024);
  });

  it("a declared 300 MB body is refused with 413 before any of it is read", async () => {
    const r = await rawPost({
      port: defaultServer.port,
      headers: { ...webhookHeaders, "content-length": String(300 * 1024 * 1024) },
      chunked: false,
      maxBody: 0,
    });
    expect(r.status).toBe("HTTP/1.1 413 Payload Too Large");
  });

  it("a chunked body without Content-Length is cut off once it passes the limit", async () => {
    const maxBody = 64 * LIMIT;
    const r = await rawPost({
      port: server.port,
      headers: { ...webhookHeaders, "transfer-encoding": "chunked" },
      chunked: true,
      maxBody,
    });
    expect(r.status).toBe("HTTP/1.1 413 Payload Too Large");
    // Refused while the client was still sending, far before the whole body was out.
    expect(r.sent).toBeLessThan(maxBody);
  });

  it("a body of exactly the limit is read and goes on to the signature check", async () => {
    const body = `{"zen":"${"a".repeat(LIMIT - 10)}"}`;
    expect(Buffer.byteLength(body)).toBe(LIMIT);
    const res = await fetch(`http://127.0.0.1:${server.port}${PATH}`, {
      method: "POST",
      headers: webhookHeaders,
      body,
    });
    expect([400, 401]).toContain(res.status);
  });

  it("a signed delivery under the limit is received as before", async () => {
    const body = JSON.stringify({ zen: "Keep it logically awesome.", hook_id: 1 });
    const res = await fetch(`http://127.0.0.1:${server.port}${PATH}`, {
      method: "POST",
      headers: { ...webhookHeaders, "x-hub-signature-256": await sign(WEBHOOK_SECRET, body) },
      body,
    });
    expect(res.status).toBe(200);
  });

  it("an unsigned delivery under the limit is still refused by the signature check", async () => {
    const res = await fetch(`http://127.0.0.1:${server.port}${PATH}`, {
      method: "POST",
      headers: webhookHeaders,
      body: JSON.stringify({ zen: "x" }),
    });
    expect([400, 401]).toContain(res.status);
  });
});
