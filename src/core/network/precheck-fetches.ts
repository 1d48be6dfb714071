// Every URL the inputs we parse name, checked before a tool runs (precheckUrl): the first refusal
// in URL order, and the loopback endpoints the policy allows, which need a tunnel inside a
// network namespace because Go tools never send loopback targets to a proxy.
import { classifyAddress, parseAddress } from "./classify-address.js";
import { hostOfUrl, precheckUrl } from "./precheck-url.js";
import type { FetchRefusal, NetworkPolicy } from "./decide-fetch.js";

/** A loopback address and port a tool may reach (it gets a tunnel inside a namespace). */
export interface LoopbackTunnel {
  host: string;
  port: number;
}

const DEFAULT_PORTS: Record<string, number> = { http: 80, https: 443, oci: 443, git: 9418, ssh: 22 };

function portOf(url: string): number {
  const u = url.trim().replace(/^git::/i, "");
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(u)?.[1]?.toLowerCase() ?? "https";
  try {
    const parsed = new URL(`http://${u.replace(/^[a-z][a-z0-9+.-]*:\/\//i, "")}`);
    if (parsed.port) return Number(parsed.port);
  } catch {
    // no port
  }
  return DEFAULT_PORTS[scheme] ?? 443;
}

export function precheckFetches(params: { policy: NetworkPolicy; urls: readonly string[] }): {
  refusal?: FetchRefusal;
  tunnels: LoopbackTunnel[];
} {
  const tunnels = new Map<string, LoopbackTunnel>();
  for (const url of params.urls) {
    const d = precheckUrl({ policy: params.policy, url });
    if (d === "undecided") continue;
    if (!d.allowed) return { refusal: d.refusal, tunnels: [] };
    const host = hostOfUrl(url)!;
    const port = portOf(url);
    const hosts = parseAddress(host) ? [host] : ["127.0.0.1", "::1"];
    for (const h of hosts) if (classifyAddress(h) === "loopback") tunnels.set(`${h}|${port}`, { host: h, port });
  }
  return { tunnels: [...tunnels.values()] };
}
