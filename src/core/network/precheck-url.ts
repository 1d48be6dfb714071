// A URL named in the inputs we parse (a chart repository, a dependency, a value file, a
// kustomize remote resource), checked before any tool runs. It matters where a tool would not
// ask our proxy: Go's ProxyFromEnvironment connects directly to `localhost` and literal loopback
// addresses (golang.org/x/net/http/httpproxy (useProxy)), so without a private network namespace
// only this check stands between such a URL and the host's own services. Names that need DNS are
// left to the proxy, which resolves them once and connects to the checked address.
import { parseAddress } from "./classify-address.js";
import { decideFetch, normalizeHost, type FetchDecision, type NetworkPolicy } from "./decide-fetch.js";

/** The host a fetch URL names: scheme URLs (http, https, oci, ssh, git, git::https), scp-like git
 *  remotes (`git@host:org/repo`) and scheme-less references (`registry.example.com/charts`,
 *  kustomize's `github.com/org/repo`). IPv4 in any form WHATWG accepts (127.1, 0x7f.0.0.1) comes
 *  out canonical. */
export function hostOfUrl(url: string): string | undefined {
  const u = url.trim().replace(/^git::/i, "");
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(u);
  let authority: string | undefined;
  if (scheme) authority = u.slice(scheme[0].length);
  else {
    const scp = /^(?:[^@/\s]+@)?(\[[^\]]+\]|[^:/\s]+):(?!\d+(?:\/|$))/.exec(u);
    if (scp) return canonicalHost(scp[1]!);
    authority = u;
  }
  if (authority === undefined) return undefined;
  try {
    // Parsed as http so that every scheme gets WHATWG's host canonicalisation.
    const host = new URL(`http://${authority}`).hostname;
    return host ? normalizeHost(host) : undefined;
  } catch {
    return undefined;
  }
}

function canonicalHost(host: string): string | undefined {
  try {
    return normalizeHost(new URL(`http://${host}/`).hostname);
  } catch {
    return undefined;
  }
}

/** The addresses a host stands for without DNS: an IP literal, or `localhost` (and its
 *  subdomains, RFC 6761), which resolvers answer locally. */
function literalAddresses(host: string): string[] | undefined {
  if (parseAddress(host)) return [host];
  if (host === "localhost" || host.endsWith(".localhost")) return ["127.0.0.1", "::1"];
  return undefined;
}

/** A refusal when the URL is refused whatever DNS says (offline, or a literal non-public
 *  address); `undecided` when only the proxy can tell. */
export function precheckUrl(params: { policy: NetworkPolicy; url: string }): FetchDecision | "undecided" {
  const host = hostOfUrl(params.url);
  if (host === undefined) {
    return params.policy.offline
      ? { allowed: false, refusal: { host: params.url, reason: "network.offline is set", offline: true } }
      : "undecided";
  }
  if (params.policy.offline) return decideFetch({ policy: params.policy, host, addresses: [] });
  const addresses = literalAddresses(host);
  if (!addresses) return "undecided";
  return decideFetch({ policy: params.policy, host, addresses });
}
