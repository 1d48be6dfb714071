import { describe, expect, it } from "@jest/globals";
import { addressInEntry, classifyAddress } from "../../../src/core/network/classify-address.js";

describe("classifyAddress (IANA special-purpose registries)", () => {
  it.each([
    ["8.8.8.8", "public"],
    ["140.82.112.3", "public"],
    ["127.0.0.1", "loopback"],
    ["127.255.255.254", "loopback"],
    ["10.1.2.3", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["172.32.0.1", "public"],
    ["192.168.1.1", "private"],
    ["169.254.169.254", "link-local"],
    ["100.64.0.1", "carrier-grade NAT"],
    ["100.127.255.255", "carrier-grade NAT"],
    ["100.128.0.1", "public"],
    ["0.0.0.0", "unspecified"],
    ["224.0.0.1", "multicast"],
    ["239.255.255.250", "multicast"],
    ["255.255.255.255", "reserved"],
    ["240.0.0.1", "reserved"],
    ["192.0.2.10", "documentation"],
    ["198.18.0.1", "benchmarking"],
    ["::1", "loopback"],
    ["::", "unspecified"],
    ["fe80::1", "link-local"],
    ["fe80::1%eth0", "link-local"],
    ["fd00::1", "unique-local"],
    ["fc00::1", "unique-local"],
    ["ff02::1", "multicast"],
    ["2001:db8::1", "documentation"],
    ["2001::1", "reserved"],
    ["2606:4700:4700::1111", "public"],
    ["2a00:1450:4001:82a::200e", "public"],
    ["::ffff:127.0.0.1", "loopback"],
    ["::ffff:7f00:1", "loopback"],
    ["::ffff:169.254.169.254", "link-local"],
    ["::ffff:8.8.8.8", "public"],
    ["64:ff9b::a9fe:a9fe", "link-local"],
    ["64:ff9b::808:808", "public"],
    ["2002:7f00:1::1", "loopback"],
    ["2002:0808:0808::1", "public"],
    ["::7f00:1", "reserved"],
    ["[::1]", "loopback"],
    ["127.1", "invalid"],
    ["localhost", "invalid"],
  ])("%s is %s", (address, kind) => {
    expect(classifyAddress(address)).toBe(kind);
  });
});

describe("addressInEntry (network.allow CIDRs and addresses)", () => {
  it.each([
    ["127.0.0.1", "127.0.0.1", true],
    ["127.0.0.2", "127.0.0.1", false],
    ["10.3.4.5", "10.0.0.0/8", true],
    ["11.0.0.1", "10.0.0.0/8", false],
    ["::ffff:10.0.0.1", "10.0.0.0/8", true],
    ["fd12::1", "fd00::/8", true],
    ["10.0.0.1", "fd00::/8", false],
    ["::1", "[::1]", true],
    ["10.0.0.1", "10.0.0.0/33", false],
    ["10.0.0.1", "example.com", false],
  ])("%s in %s: %s", (address, entry, expected) => {
    expect(addressInEntry({ address, entry })).toBe(expected);
  });
});
