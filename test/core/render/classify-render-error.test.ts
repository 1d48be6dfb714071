import { describe, expect, it } from "@jest/globals";
import { isNetworkFailure } from "../../../src/core/render/classify-render-error.js";

describe("render failures that are this tool's, not Argo CD's", () => {
  it.each([
    [
      'helm: looks like "https://charts.helm.sh/stable" is not a valid chart repository or cannot be reached: Get "https://charts.helm.sh/stable/index.yaml": dial tcp: lookup charts.helm.sh on 10.0.0.53:53: no such host',
      true,
    ],
    [
      'helm: failed to fetch chart x: Get "https://r.example.com/index.yaml": dial tcp 1.2.3.4:443: connect: connection refused',
      true,
    ],
    [
      'helm: failed to fetch chart web version 9.9.9 from https://r.example.com: chart "web" version "9.9.9" not found in https://r.example.com repository',
      false,
    ],
    ["helm: template: web/templates/svc.yaml:3: unexpected EOF", false],
  ])("%s -> %s", (message, expected) => expect(isNetworkFailure(message)).toBe(expected));
});
