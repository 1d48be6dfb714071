// What runs first inside a tool's private network namespace (see wrap-tool-command.ts): it brings
// the namespace's loopback up, listens on 127.0.0.1:<port> there, relays every connection to
// the policy proxy's Unix socket outside (a path in the shared file system, so it crosses the
// namespace boundary where no TCP connection can), then runs the tool and exits with its status.
// Inside, that listener is the only reachable endpoint: no route, no DNS, not the host's
// loopback services, so a tool that ignores the proxy variables reaches nothing.
//
// Go's ProxyFromEnvironment never proxies loopback targets (golang.org/x/net/http/httpproxy
// (useProxy)), so a loopback endpoint the operator allows (network.allow: [127.0.0.1]) and that
// the inputs name gets a tunnel: a listener on that same address and port inside, whose
// connections become CONNECT requests to the proxy, which checks them like any other.
// Plain CommonJS run by `node -e`, so it works from src (tests) and dist alike.

import type { LoopbackTunnel } from "../../core/network/precheck-fetches.js";

export const NETNS_LAUNCHER_SOURCE = String.raw`
"use strict";
const { spawn, spawnSync } = require("node:child_process");
const net = require("node:net");
const [configText, cmd, ...args] = process.argv.slice(1);
const config = JSON.parse(configText);
const fail = (msg) => { process.stderr.write("network sandbox: " + msg + "\n"); process.exit(125); };
const up = spawnSync(config.ip, ["link", "set", "lo", "up"], { stdio: ["ignore", "ignore", "pipe"] });
if (up.status !== 0) fail("cannot bring up loopback: " + String(up.stderr || up.error).trim());
const relay = (c, preamble) => {
  const u = net.connect(config.socket);
  c.on("error", () => u.destroy());
  u.on("error", () => c.destroy());
  c.on("close", () => u.destroy());
  u.on("close", () => c.destroy());
  if (!preamble) { c.pipe(u); u.pipe(c); return; }
  c.pause();
  u.write(preamble);
  let head = Buffer.alloc(0);
  const onData = (d) => {
    head = Buffer.concat([head, d]);
    const end = head.indexOf("\r\n\r\n");
    if (end < 0) return;
    u.off("data", onData);
    if (!/^HTTP\/1\.[01] 200/.test(head.toString("latin1"))) return c.destroy();
    const rest = head.subarray(end + 4);
    if (rest.length) c.write(rest);
    u.pipe(c);
    c.pipe(u);
    c.resume();
  };
  u.on("data", onData);
};
const listen = (port, host, onConn) => new Promise((ok) => {
  const s = net.createServer(onConn);
  s.on("error", (e) => fail("listen " + host + ":" + port + ": " + e.message));
  s.listen(port, host, ok);
});
(async () => {
  await listen(config.port, "127.0.0.1", (c) => relay(c));
  for (const t of config.tunnels) {
    const target = (t.host.includes(":") ? "[" + t.host + "]" : t.host) + ":" + t.port;
    await listen(t.port, t.host, (c) => relay(c, "CONNECT " + target + " HTTP/1.1\r\nHost: " + target + "\r\n\r\n"));
  }
  const child = spawn(cmd, args, { stdio: "inherit" });
  child.on("error", (e) => {
    process.stderr.write(String(e.code === "ENOENT" ? "command not found: " + cmd : e.message) + "\n");
    process.exit(127);
  });
  // As the namespace's init, this process cannot die of a signal it sends itself: exit 128+n.
  const signals = require("node:os").constants.signals;
  child.on("exit", (code, signal) => process.exit(code === null ? 128 + (signals[signal] || 9) : code));
})();
`;

/** The argv that runs `cmd args` behind the launcher. */
export function netnsLauncherArgs(params: {
  node: string;
  ip: string;
  socketPath: string;
  /** where the proxy forwarder listens inside (the tools' HTTPS_PROXY) */
  port: number;
  tunnels: readonly LoopbackTunnel[];
  cmd: string;
  args: readonly string[];
}): string[] {
  const config = { ip: params.ip, socket: params.socketPath, port: params.port, tunnels: params.tunnels };
  return [params.node, "-e", NETNS_LAUNCHER_SOURCE, "--", JSON.stringify(config), params.cmd, ...params.args];
}
