import { describe, expect, it } from "@jest/globals";
import { classifyExit } from "../../../src/adapters/exec/classify-exit.js";

describe("classifyExit: the kind of a tool's failing exit, read once from its message", () => {
  it.each([
    [
      'helm: looks like "https://charts.helm.sh/stable" is not a valid chart repository or cannot be reached: Get "https://charts.helm.sh/stable/index.yaml": dial tcp: lookup charts.helm.sh on 10.0.0.53:53: no such host',
      "network",
    ],
    ['helm pull: Get "https://r.example.com/index.yaml": dial tcp 1.2.3.4:443: connect: connection refused', "network"],
    ['helm pull: chart "web" version "9.9.9" not found in https://r.example.com repository', "exit"],
    ["helm: template: web/templates/svc.yaml:3: unexpected EOF", "exit"],
    ["kustomize: write /tmp/x: ENOSPC: no space left on device", "infrastructure"],
    ["plugin p: read ECONNRESET", "infrastructure"],
  ])("%s -> %s", (message, expected) => expect(classifyExit(message)).toBe(expected));
});
