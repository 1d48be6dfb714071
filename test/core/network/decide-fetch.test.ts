import { describe, expect, it } from "@jest/globals";
import { checkAllowEntry, decideFetch, formatRefusal } from "../../../src/core/network/decide-fetch.js";

const open = { offline: false, allow: [] };

describe("decideFetch", () => {
  it.each([
    ["a public host", open, "charts.example.com", ["93.184.215.14"], true],
    ["a host resolving to loopback", open, "evil.example.com", ["127.0.0.1"], false],
    ["the cloud metadata endpoint", open, "169.254.169.254", ["169.254.169.254"], false],
    ["a host mixing public and private addresses", open, "mixed.example.com", ["8.8.8.8", "10.0.0.1"], false],
    ["an IPv4-mapped loopback", open, "x.example.com", ["::ffff:127.0.0.1"], false],
    ["a host that resolves to nothing", open, "x.example.com", [], false],
    ["offline, even a public host", { offline: true, allow: [] }, "charts.example.com", ["93.184.215.14"], false],
    [
      "offline, even an allowed host",
      { offline: true, allow: ["charts.internal"] },
      "charts.internal",
      ["10.0.0.5"],
      false,
    ],
    ["an allowed host name", { offline: false, allow: ["charts.internal"] }, "Charts.Internal.", ["10.0.0.5"], true],
    ["a *.domain glob", { offline: false, allow: ["*.corp.example"] }, "git.corp.example", ["10.1.1.1"], true],
    [
      "a *.domain glob does not match the domain itself",
      { offline: false, allow: ["*.corp.example"] },
      "corp.example",
      ["10.1.1.1"],
      false,
    ],
    [
      "a *.domain glob does not match a longer name",
      { offline: false, allow: ["*.corp.example"] },
      "xcorp.example",
      ["10.1.1.1"],
      false,
    ],
    ["an allowed address", { offline: false, allow: ["127.0.0.1"] }, "127.0.0.1", ["127.0.0.1"], true],
    ["an allowed CIDR", { offline: false, allow: ["10.0.0.0/8"] }, "registry.lan", ["10.9.9.9"], true],
    [
      "a CIDR covering only some addresses",
      { offline: false, allow: ["10.0.0.0/8"] },
      "registry.lan",
      ["10.9.9.9", "192.168.0.1"],
      false,
    ],
  ])("%s", (_name, policy, host, addresses, allowed) => {
    expect(decideFetch({ policy, host, addresses }).allowed).toBe(allowed);
  });

  it("names the host, the address, its kind and network.allow in one line", () => {
    const d = decideFetch({ policy: open, host: "metadata.example.com", addresses: ["169.254.169.254"] });
    expect(d.allowed).toBe(false);
    if (d.allowed) return;
    expect(formatRefusal(d.refusal)).toBe(
      "network: refused metadata.example.com: it resolves to 169.254.169.254, a link-local address (cloud metadata lives there); list it in network.allow to fetch it",
    );
  });

  it("says offline when offline", () => {
    const d = decideFetch({ policy: { offline: true, allow: [] }, host: "x.example.com", addresses: [] });
    if (d.allowed) throw new Error("allowed");
    expect(formatRefusal(d.refusal)).toBe("network: x.example.com not fetched: network.offline is set");
  });
});

describe("checkAllowEntry", () => {
  it.each(["example.com", "*.example.com", "127.0.0.1", "10.0.0.0/8", "::1", "fd00::/8", "registry_1.lan"])(
    "%s is valid",
    (e) => expect(checkAllowEntry(e)).toBeUndefined(),
  );
  it.each(["", "*", "http://example.com", "10.0.0.0/40", "a..b", "*.", "300.1.1.1", "ex ample.com"])(
    "%s is refused",
    (e) => expect(checkAllowEntry(e)).toMatch(/is not/),
  );
});
