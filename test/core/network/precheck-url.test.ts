import { describe, expect, it } from "@jest/globals";
import { hostOfUrl, precheckUrl } from "../../../src/core/network/precheck-url.js";

describe("hostOfUrl", () => {
  it.each([
    ["https://charts.example.com/stable", "charts.example.com"],
    ["http://127.1:8080/x.yaml", "127.0.0.1"],
    ["http://2130706433/", "127.0.0.1"],
    ["oci://0x7f.0.0.1/charts", "127.0.0.1"],
    ["git::https://LOCALHOST./org/repo", "localhost"],
    ["ssh://git@[::1]:22/org/repo", "::1"],
    ["git@github.com:org/repo.git", "github.com"],
    ["github.com/org/repo//base?ref=v1", "github.com"],
    ["registry.example.com:5000/charts", "registry.example.com"],
    ["https://[::ffff:127.0.0.1]/x", "::ffff:7f00:1"],
  ])("%s -> %s", (url, host) => expect(hostOfUrl(url)).toBe(host));
});

describe("precheckUrl", () => {
  const open = { offline: false, allow: [] };
  it.each([
    ["http://127.0.0.1:8080/cm.yaml", false],
    ["http://localhost/x", false],
    ["http://app.localhost/x", false],
    ["https://169.254.169.254/latest/meta-data", false],
    ["https://[::ffff:127.0.0.1]/x", false],
    ["https://8.8.8.8/x", true],
  ])("%s allowed: %s", (url, allowed) => {
    const d = precheckUrl({ policy: open, url });
    expect(d !== "undecided" && d.allowed).toBe(allowed);
  });
  it("leaves names that need DNS to the proxy", () => {
    expect(precheckUrl({ policy: open, url: "https://charts.example.com/x" })).toBe("undecided");
  });
  it("refuses everything offline", () => {
    const d = precheckUrl({ policy: { offline: true, allow: [] }, url: "https://charts.example.com/x" });
    expect(d !== "undecided" && d.allowed).toBe(false);
  });
  it("lets an allowed loopback address through", () => {
    const d = precheckUrl({ policy: { offline: false, allow: ["127.0.0.1"] }, url: "http://127.0.0.1:9/x" });
    expect(d !== "undecided" && d.allowed).toBe(true);
  });
});
