// Which IP addresses a fetch named by repository content may reach by default: only globally
// reachable unicast ones. Everything else (loopback, private, link-local with the cloud metadata
// endpoint 169.254.169.254, carrier-grade NAT, multicast, unspecified, documentation, reserved)
// is refused unless the operator allows it. Ranges: the IANA IPv4 and IPv6 Special-Purpose
// Address Registries (RFC 6890 and its updates); IPv6 outside 2000::/3 is not global unicast
// (RFC 4291 section 2.4). An IPv6 address that embeds an IPv4 one (IPv4-mapped, NAT64, 6to4) is
// judged by the IPv4 address it reaches.
import ipaddr from "ipaddr.js";

export type AddressKind =
  | "public"
  | "loopback"
  | "private"
  | "link-local"
  | "carrier-grade NAT"
  | "multicast"
  | "unspecified"
  | "documentation"
  | "benchmarking"
  | "reserved"
  | "unique-local"
  | "invalid";

type Range = readonly [cidr: string, kind: Exclude<AddressKind, "public" | "invalid">];

const IPV4_RANGES: readonly Range[] = [
  ["0.0.0.0/8", "unspecified"],
  ["10.0.0.0/8", "private"],
  ["100.64.0.0/10", "carrier-grade NAT"],
  ["127.0.0.0/8", "loopback"],
  ["169.254.0.0/16", "link-local"],
  ["172.16.0.0/12", "private"],
  ["192.0.0.0/24", "reserved"],
  ["192.0.2.0/24", "documentation"],
  ["192.88.99.0/24", "reserved"],
  ["192.168.0.0/16", "private"],
  ["198.18.0.0/15", "benchmarking"],
  ["198.51.100.0/24", "documentation"],
  ["203.0.113.0/24", "documentation"],
  ["224.0.0.0/4", "multicast"],
  // 240.0.0.0/4 holds the limited broadcast address 255.255.255.255 too
  ["240.0.0.0/4", "reserved"],
];

const IPV6_RANGES: readonly Range[] = [
  ["::/128", "unspecified"],
  ["::1/128", "loopback"],
  ["64:ff9b:1::/48", "private"],
  ["100::/64", "reserved"],
  // IETF protocol assignments: Teredo, ORCHID, benchmarking, AMT...
  ["2001::/23", "reserved"],
  ["2001:db8::/32", "documentation"],
  ["3fff::/20", "documentation"],
  ["fc00::/7", "unique-local"],
  ["fe80::/10", "link-local"],
  ["fec0::/10", "link-local"],
  ["ff00::/8", "multicast"],
];

const parsedRanges = (ranges: readonly Range[]) =>
  ranges.map(([cidr, kind]) => ({ range: ipaddr.parseCIDR(cidr), kind }));
const V4 = parsedRanges(IPV4_RANGES);
const V6 = parsedRanges(IPV6_RANGES);
const GLOBAL_UNICAST_V6 = ipaddr.parseCIDR("2000::/3");
const NAT64 = ipaddr.parseCIDR("64:ff9b::/96");
const SIX_TO_FOUR = ipaddr.parseCIDR("2002::/16");

/** An IP address in canonical or any textual form Node prints; strict about what it accepts. */
export function parseAddress(text: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
  const t = text.replace(/^\[(.*)\]$/, "$1").replace(/%.*$/, "");
  if (ipaddr.IPv4.isValidFourPartDecimal(t)) return ipaddr.IPv4.parse(t);
  if (t.includes(":") && ipaddr.IPv6.isValid(t)) return ipaddr.IPv6.parse(t);
  return undefined;
}

/** The IPv4 address an IPv6 one stands for (IPv4-mapped, NAT64 well-known prefix, 6to4). */
function embeddedIPv4(addr: ipaddr.IPv6): ipaddr.IPv4 | undefined {
  if (addr.isIPv4MappedAddress()) return addr.toIPv4Address();
  const b = addr.toByteArray();
  if (addr.match(NAT64)) return new ipaddr.IPv4(b.slice(12, 16));
  if (addr.match(SIX_TO_FOUR)) return new ipaddr.IPv4(b.slice(2, 6));
  return undefined;
}

export function classifyAddress(text: string): AddressKind {
  const addr = parseAddress(text);
  if (!addr) return "invalid";
  if (addr.kind() === "ipv6") {
    const v6 = addr as ipaddr.IPv6;
    const v4 = embeddedIPv4(v6);
    if (v4) return classifyIPv4(v4);
    for (const { range, kind } of V6) if (v6.match(range)) return kind;
    return v6.match(GLOBAL_UNICAST_V6) ? "public" : "reserved";
  }
  return classifyIPv4(addr as ipaddr.IPv4);
}

function classifyIPv4(addr: ipaddr.IPv4): AddressKind {
  for (const { range, kind } of V4) if (addr.match(range)) return kind;
  return "public";
}

/** Whether `address` lies in the CIDR (or equals the single address) `entry`; an IPv4-mapped
 *  IPv6 address matches IPv4 entries. */
export function addressInEntry(params: { address: string; entry: string }): boolean {
  const a = parseAddress(params.address);
  if (!a) return false;
  const addr = a.kind() === "ipv6" && (a as ipaddr.IPv6).isIPv4MappedAddress() ? (a as ipaddr.IPv6).toIPv4Address() : a;
  const cidr = parseCidrEntry(params.entry);
  if (!cidr) return false;
  return addr.kind() === cidr[0].kind() && addr.match(cidr);
}

/** "10.0.0.0/8", "fd00::/8", or a single address ("127.0.0.1", "::1", "[::1]"). */
export function parseCidrEntry(entry: string): [ipaddr.IPv4 | ipaddr.IPv6, number] | undefined {
  const [ip, bits, extra] = entry.split("/");
  if (ip === undefined || extra !== undefined) return undefined;
  const addr = parseAddress(ip);
  if (!addr) return undefined;
  const max = addr.kind() === "ipv4" ? 32 : 128;
  if (bits === undefined) return [addr, max];
  if (!/^\d{1,3}$/.test(bits) || Number(bits) > max) return undefined;
  return [addr, Number(bits)];
}
