// The one network policy for every fetch that repository content names (helm repositories and
// OCI charts, chart dependencies, value files by URL, kustomize remote resources): `network` in
// the configuration (INTERFACE.md section 2). A host is fetched when every address it resolves to
// is public, or when the operator lists it (by name, `*.domain`, address or CIDR) in
// network.allow; `network.offline` fetches nothing.
import { addressInEntry, classifyAddress, parseCidrEntry, type AddressKind } from "./classify-address.js";

export interface NetworkPolicy {
  offline: boolean;
  /** hosts, `*.domain` globs, addresses or CIDRs that may be fetched although not public */
  allow: readonly string[];
}

export type FetchDecision = { allowed: true } | { allowed: false; refusal: FetchRefusal };

export interface FetchRefusal {
  host: string;
  /** why, without the host: "network.offline is set", "it resolves to 10.0.0.1, a private address" */
  reason: string;
  offline?: boolean;
}

/** Lower case, no trailing dot, no IPv6 brackets: how hosts are compared. */
export function normalizeHost(host: string): string {
  return host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, "$1")
    .replace(/\.$/, "");
}

/** A valid network.allow entry, or why not (for the configuration's one-line error). */
export function checkAllowEntry(entry: string): string | undefined {
  if (/^(\[?[0-9a-f:.]*:[0-9a-f:.]*\]?|[\d.]+)(\/\d*)?$/i.test(entry)) {
    return parseCidrEntry(entry) ? undefined : `"${entry}" is not an IP address or CIDR`;
  }
  const name = entry.startsWith("*.") ? entry.slice(2) : entry;
  const label = /^[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?$/i;
  if (
    name.length > 0 &&
    name.length <= 253 &&
    normalizeHost(name)
      .split(".")
      .every((l) => label.test(l))
  ) {
    return undefined;
  }
  return `"${entry}" is not a host name, a *.domain glob, an IP address or a CIDR`;
}

function hostAllowed(host: string, allow: readonly string[]): boolean {
  return allow.some((raw) => {
    const entry = normalizeHost(raw);
    if (entry.startsWith("*.")) return host.endsWith(entry.slice(1)) && host.length > entry.length - 1;
    return entry === host;
  });
}

const ARTICLE: Partial<Record<AddressKind, string>> = { unspecified: "an", "unique-local": "a" };

function describeKind(kind: AddressKind): string {
  if (kind === "link-local") return "a link-local address (cloud metadata lives there)";
  if (kind === "invalid") return "not an address";
  return `${ARTICLE[kind] ?? "a"} ${kind} address`;
}

/**
 * Whether a connection to `host` may go to `addresses` (all the addresses it resolved to; the
 * caller then connects to one of exactly these, so no second lookup can change the answer).
 * Every address must be allowed: a name that mixes a public and a private address is refused.
 */
export function decideFetch(params: {
  policy: NetworkPolicy;
  host: string;
  addresses: readonly string[];
}): FetchDecision {
  const host = normalizeHost(params.host);
  if (params.policy.offline) {
    return { allowed: false, refusal: { host, reason: "network.offline is set", offline: true } };
  }
  if (hostAllowed(host, params.policy.allow)) return { allowed: true };
  for (const address of params.addresses) {
    const kind = classifyAddress(address);
    if (kind === "public") continue;
    if (params.policy.allow.some((entry) => addressInEntry({ address, entry }))) continue;
    const what = address === host ? `it is ${describeKind(kind)}` : `it resolves to ${address}, ${describeKind(kind)}`;
    return { allowed: false, refusal: { host, reason: what } };
  }
  if (params.addresses.length === 0) return { allowed: false, refusal: { host, reason: "it resolves to no address" } };
  return { allowed: true };
}

/** One line for the report: names the host and how to allow it. */
export function formatRefusal(refusal: FetchRefusal): string {
  if (refusal.offline) return `network: ${refusal.host} not fetched: network.offline is set`;
  return `network: refused ${refusal.host}: ${refusal.reason}; list it in network.allow to fetch it`;
}
