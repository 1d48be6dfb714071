import { describe, it, expect } from "@jest/globals";
import { envsubst } from "../../../src/core/plan/envsubst.js";

const env = { ARGOCD_APP_NAME: "shop", ARGOCD_APP_NAMESPACE: "prod", EMPTY: "" };

describe("envsubst (Go os.Expand with Argo CD's mapping)", () => {
  it.each([
    ["$ARGOCD_APP_NAME", "shop"],
    ["${ARGOCD_APP_NAMESPACE}-x", "prod-x"],
    ["$UNKNOWN", ""],
    ["a-${UNKNOWN}-b", "a--b"],
    ["$$ARGOCD_APP_NAME", "$ARGOCD_APP_NAME"],
    ["cost: 5$", "cost: 5$"],
    ["$-", ""],
    ["${}x", "x"],
    ["${unclosed", "unclosed"],
    ["$1abc", "abc"],
    ["100% $ sure", "100% $ sure"],
    ["$ARGOCD_APP_NAME.suffix", "shop.suffix"],
    ["no vars", "no vars"],
  ])("%s -> %s", (input, out) => {
    expect(envsubst(input, env)).toBe(out);
  });
});
