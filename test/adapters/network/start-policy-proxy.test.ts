// The policy proxy on its own: plain-HTTP forwarding and CONNECT tunnels to a server on
// 127.0.0.1, refusals with the one-line reason, and no DNS-rebinding gap (it resolves once and
// connects to the address it checked).
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { createServer, type Server } from "node:http";
import net, { type AddressInfo } from "node:net";
import { startPolicyProxy, type ResolveHost } from "../../../src/adapters/network/start-policy-proxy.js";

let server: Server;
let port: number;
const hits: string[] = [];
beforeAll(async () => {
  server = createServer((req, res) => {
    hits.push(`${req.headers.host} ${req.url}`);
    res.end("hello");
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise((r) => server.close(r)));

/** A plain-HTTP request in absolute form, written on a raw socket (nock, loaded by other test
 *  files in the same worker, patches node's http client). */
function viaProxy(proxyUrl: string, target: string): Promise<{ status: number; body: string; reason: string }> {
  const p = new URL(proxyUrl);
  return new Promise((resolve, reject) => {
    const s = net.connect(Number(p.port), p.hostname, () => {
      s.write(`GET ${target} HTTP/1.1\r\nHost: ${new URL(target).host}\r\nConnection: close\r\n\r\n`);
    });
    let got = "";
    s.on("data", (d) => (got += d.toString("latin1")));
    s.on("end", () => {
      const m = /^HTTP\/1\.1 (\d{3}) ([^\r\n]*)\r\n/.exec(got);
      const body = got.slice(got.indexOf("\r\n\r\n") + 4);
      // a chunked body: keep only the data, drop the chunk sizes
      const text = /transfer-encoding: chunked/i.test(got)
        ? body
            .split("\r\n")
            .filter((_, i) => i % 2 === 1)
            .join("")
        : body;
      resolve({ status: Number(m?.[1] ?? 0), reason: m?.[2] ?? "", body: text.trim() });
    });
    s.on("error", reject);
  });
}

function connectVia(proxyUrl: string, authority: string): Promise<string> {
  const p = new URL(proxyUrl);
  return new Promise((resolve, reject) => {
    const s = net.connect(Number(p.port), p.hostname, () => {
      s.write(`CONNECT ${authority} HTTP/1.1\r\nHost: ${authority}\r\n\r\n`);
    });
    let got = "";
    s.on("data", (d) => {
      got += d.toString("latin1");
      if (got.startsWith("HTTP/1.1 200") && got.includes("\r\n\r\n") && !got.includes("hello")) {
        s.write(`GET /tunnelled HTTP/1.1\r\nHost: ${authority}\r\nConnection: close\r\n\r\n`);
      }
    });
    s.on("end", () => resolve(got));
    s.on("error", reject);
  });
}

describe("startPolicyProxy", () => {
  it("refuses a loopback target by default, with the reason in the status line, and records it", async () => {
    const proxy = await startPolicyProxy({ policy: { offline: false, allow: [] } });
    try {
      const before = hits.length;
      const r = await viaProxy(proxy.url!, `http://127.0.0.1:${port}/x`);
      expect(r.status).toBe(403);
      expect(r.reason).toBe(
        "network: refused 127.0.0.1: it is a loopback address; list it in network.allow to fetch it",
      );
      const c = await connectVia(proxy.url!, `127.0.0.1:${port}`);
      expect(c).toMatch(/^HTTP\/1\.1 403 network: refused 127\.0\.0\.1/);
      expect(proxy.refusals()).toEqual([{ host: "127.0.0.1", reason: "it is a loopback address" }]);
      expect(hits.length).toBe(before);
    } finally {
      await proxy.close();
    }
  });

  it("forwards plain HTTP and tunnels CONNECT to an allowed address", async () => {
    const proxy = await startPolicyProxy({ policy: { offline: false, allow: ["127.0.0.1"] } });
    try {
      const r = await viaProxy(proxy.url!, `http://127.0.0.1:${port}/plain`);
      expect([r.status, r.body]).toEqual([200, "hello"]);
      const c = await connectVia(proxy.url!, `127.0.0.1:${port}`);
      expect(c).toMatch(/^HTTP\/1\.1 200 Connection Established\r\n\r\nHTTP\/1\.1 200 OK/);
      expect(c).toContain("hello");
      expect(hits.slice(-2)).toEqual([`127.0.0.1:${port} /plain`, `127.0.0.1:${port} /tunnelled`]);
    } finally {
      await proxy.close();
    }
  });

  it("resolves a name once and connects to the address it checked (no rebinding gap)", async () => {
    // The first answer is an allowed address with nothing listening (127.0.0.2), every later one
    // the test server's 127.0.0.1: a proxy that looked the name up again to connect would reach
    // the server; this one connects only to what it checked.
    let calls = 0;
    const resolve: ResolveHost = async () => (calls++ === 0 ? ["127.0.0.2"] : ["127.0.0.1"]);
    const proxy = await startPolicyProxy({
      policy: { offline: false, allow: ["127.0.0.2"] },
      resolve,
      connectTimeoutMs: 2000,
    });
    try {
      const before = hits.length;
      const r = await viaProxy(proxy.url!, `http://rebind.test:${port}/x`);
      expect(r.status).toBe(502);
      expect(calls).toBe(1);
      expect(hits.length).toBe(before);
    } finally {
      await proxy.close();
    }
  });

  it("refuses a name that resolves to loopback, and one that mixes public and private addresses", async () => {
    const resolve: ResolveHost = async (h) => (h === "evil.test" ? ["127.0.0.1"] : ["8.8.8.8", "10.0.0.1"]);
    const proxy = await startPolicyProxy({ policy: { offline: false, allow: [] }, resolve });
    try {
      expect((await viaProxy(proxy.url!, `http://evil.test:${port}/`)).reason).toBe(
        "network: refused evil.test: it resolves to 127.0.0.1, a loopback address; list it in network.allow to fetch it",
      );
      expect((await viaProxy(proxy.url!, "http://mixed.test/")).reason).toMatch(
        /resolves to 10\.0\.0\.1, a private address/,
      );
      expect(proxy.refusals().map((r) => r.host)).toEqual(["evil.test", "mixed.test"]);
    } finally {
      await proxy.close();
    }
  });
});
