// The only way out for tool processes: an HTTP proxy (CONNECT tunnels and plain-HTTP forwarding)
// that applies the network policy. It resolves the target itself, checks EVERY resolved address
// (decideFetch), and connects to one of exactly those addresses, so a DNS answer that changes
// between the check and the connection (DNS rebinding) changes nothing. Refusals are recorded so
// the render error can name the host and network.allow instead of the tool's "403 Forbidden".
import { lookup as dnsLookup } from "node:dns/promises";
import http from "node:http";
import net from "node:net";
import { parseAddress } from "../../core/network/classify-address.js";
import {
  decideFetch,
  formatRefusal,
  normalizeHost,
  type FetchRefusal,
  type NetworkPolicy,
} from "../../core/network/decide-fetch.js";

/** All addresses of a host name (never called for IP literals). */
export type ResolveHost = (host: string) => Promise<string[]>;

export interface PolicyProxy {
  /** `http://127.0.0.1:<port>` when listening on TCP */
  url?: string;
  /** the Unix socket it listens on, when asked to */
  socketPath?: string;
  /** what it refused so far, each host once, in order */
  refusals(): FetchRefusal[];
  close(): Promise<void>;
}

export interface StartPolicyProxyParams {
  policy: NetworkPolicy;
  /** a Unix socket path (for a forwarder inside a network namespace); default TCP on 127.0.0.1 */
  socketPath?: string;
  resolve?: ResolveHost;
  /** how long a connection to the target may take */
  connectTimeoutMs?: number;
}

const defaultResolve: ResolveHost = async (host) =>
  (await dnsLookup(host, { all: true, verbatim: true })).map((a) => a.address);

/** Headers that belong to one hop (RFC 9110 section 7.6.1) and never travel further. */
const HOP_BY_HOP = new Set([
  "connection",
  "proxy-connection",
  "keep-alive",
  "proxy-authorization",
  "proxy-authenticate",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
]);

/** "host:port" of a CONNECT request, IPv6 in brackets. */
function splitAuthority(authority: string): { host: string; port: number } | undefined {
  const m = /^(\[[^\]]+\]|[^:[\]]+):(\d{1,5})$/.exec(authority);
  if (!m) return undefined;
  const port = Number(m[2]);
  if (port < 1 || port > 65535) return undefined;
  return { host: normalizeHost(m[1]!), port };
}

export async function startPolicyProxy(params: StartPolicyProxyParams): Promise<PolicyProxy> {
  const resolve = params.resolve ?? defaultResolve;
  const connectTimeoutMs = params.connectTimeoutMs ?? 30_000;
  const refusals: FetchRefusal[] = [];
  const sockets = new Set<net.Socket>();
  const track = (s: net.Socket) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  };

  type Target = { ok: true; addresses: string[] } | { ok: false; status: number; message: string };
  async function check(host: string): Promise<Target> {
    let addresses: string[];
    if (parseAddress(host)) addresses = [host];
    else if (params.policy.offline) addresses = [];
    else {
      try {
        addresses = await resolve(host);
      } catch (err) {
        // worded like Go's resolver error, so the render is classified as a server not reachable
        const code = (err as NodeJS.ErrnoException).code ?? "ENOTFOUND";
        return { ok: false, status: 502, message: `lookup ${host}: no such host (${code})` };
      }
    }
    const decision = decideFetch({ policy: params.policy, host, addresses });
    if (!decision.allowed) {
      if (!refusals.some((r) => r.host === decision.refusal.host)) refusals.push(decision.refusal);
      return { ok: false, status: 403, message: formatRefusal(decision.refusal) };
    }
    return { ok: true, addresses };
  }

  /** Tries the checked addresses in order; only ever these. */
  function connectTo(addresses: readonly string[], port: number): Promise<net.Socket> {
    return new Promise((resolvePromise, reject) => {
      let i = 0;
      const next = (lastError?: Error) => {
        const address = addresses[i++];
        if (address === undefined) return reject(lastError ?? new Error("no address"));
        const s = net.connect({ host: address, port });
        track(s);
        const timer = setTimeout(
          () => s.destroy(new Error(`connect to ${address}:${port} timed out`)),
          connectTimeoutMs,
        );
        s.once("connect", () => {
          clearTimeout(timer);
          s.removeAllListeners("error");
          resolvePromise(s);
        });
        s.once("error", (err) => {
          clearTimeout(timer);
          s.destroy();
          next(err);
        });
      };
      next();
    });
  }

  const server = http.createServer();
  server.on("connection", track);
  server.on("clientError", (_err, socket) => socket.destroy());

  server.on("connect", (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    client.on("error", () => client.destroy());
    const target = splitAuthority(req.url ?? "");
    const refuse = (status: number, message: string) => {
      // The reason phrase carries the message: Go's proxy client reports it as the error text.
      const phrase = message.replace(/[\r\n]/g, " ");
      client.end(`HTTP/1.1 ${status} ${phrase}\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n${message}\n`);
    };
    if (!target) return refuse(400, "bad CONNECT target");
    void check(target.host).then(async (t) => {
      if (!t.ok) return refuse(t.status, t.message);
      let upstream: net.Socket;
      try {
        upstream = await connectTo(t.addresses, target.port);
      } catch (err) {
        return refuse(502, `cannot connect to ${target.host}:${target.port}: ${(err as Error).message}`);
      }
      upstream.on("error", () => client.destroy());
      client.on("close", () => upstream.destroy());
      upstream.on("close", () => client.destroy());
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
  });

  server.on("request", (req: http.IncomingMessage, res: http.ServerResponse) => {
    const fail = (status: number, message: string) => {
      if (!res.headersSent) res.writeHead(status, message.replace(/[\r\n]/g, " "), { "content-type": "text/plain" });
      res.end(`${message}\n`);
    };
    let url: URL;
    try {
      url = new URL(req.url ?? "");
    } catch {
      return fail(400, "only absolute http:// URLs are proxied");
    }
    if (url.protocol !== "http:") return fail(400, "only absolute http:// URLs are proxied");
    const host = normalizeHost(url.hostname);
    const port = url.port ? Number(url.port) : 80;
    void check(host).then(async (t) => {
      if (!t.ok) return fail(t.status, t.message);
      let socket: net.Socket;
      try {
        socket = await connectTo(t.addresses, port);
      } catch (err) {
        return fail(502, `cannot connect to ${host}:${port}: ${(err as Error).message}`);
      }
      // Written and relayed byte for byte on the checked connection (no HTTP client of ours in
      // between: nothing can swap the address, and the response reaches the tool as it came).
      const head = [`${req.method ?? "GET"} ${url.pathname}${url.search} HTTP/1.1`];
      for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
        if (!HOP_BY_HOP.has(req.rawHeaders[i]!.toLowerCase()))
          head.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
      }
      const chunked = /chunked/i.test(String(req.headers["transfer-encoding"] ?? ""));
      if (chunked) head.push("Transfer-Encoding: chunked");
      head.push("Connection: close");
      socket.write(`${head.join("\r\n")}\r\n\r\n`);
      req.on("data", (d: Buffer) =>
        socket.write(
          chunked ? Buffer.concat([Buffer.from(`${d.length.toString(16)}\r\n`), d, Buffer.from("\r\n")]) : d,
        ),
      );
      req.on("end", () => {
        if (chunked) socket.write("0\r\n\r\n");
      });
      const client = req.socket;
      res.detachSocket(client);
      client.on("error", () => socket.destroy());
      socket.on("error", () => client.destroy());
      client.on("close", () => socket.destroy());
      socket.on("close", () => client.end());
      socket.pipe(client);
    });
  });

  await new Promise<void>((ok, reject) => {
    server.once("error", reject);
    if (params.socketPath) server.listen(params.socketPath, ok);
    else server.listen(0, "127.0.0.1", ok);
  });
  const address = server.address();
  return {
    ...(typeof address === "object" && address ? { url: `http://127.0.0.1:${address.port}` } : {}),
    ...(params.socketPath ? { socketPath: params.socketPath } : {}),
    refusals: () => [...refusals],
    close: () =>
      new Promise<void>((ok) => {
        for (const s of sockets) s.destroy();
        server.close(() => ok());
      }),
  };
}
