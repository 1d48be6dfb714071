import { describe, it, expect } from "@jest/globals";
import { buildPluginEnv, escapeParamName } from "../../../src/core/plan/build-plugin-env.js";
import { buildAppEnv } from "../../../src/core/plan/build-app-env.js";
import { makeApp } from "../../adapters/render/support/fixtures.js";

describe("plugin environment (getPluginEnvs, Parameters.Environ)", () => {
  const app = makeApp({ name: "shop", namespace: "team", destNamespace: "prod", project: "p", sources: [] });
  const appEnv = buildAppEnv({
    app,
    source: { repoURL: "https://r", path: "apps/shop", targetRevision: "HEAD" },
    revision: "abcdef0123456789",
  });

  it("has the build env, kube info, prefixed env and parameters", () => {
    const env = buildPluginEnv({
      appEnv,
      kubeVersion: "v1.31.4",
      apiVersions: ["v1", "apps/v1"],
      plugin: {
        name: "p",
        env: [
          { name: "FOO", value: "${ARGOCD_APP_NAMESPACE}-$NOPE" },
          { name: "EMPTY", value: "" },
        ],
        parameters: [
          { name: "values-files", array: ["a.yaml"] },
          { name: "helm.set", map: { "image.tag": "1" } },
          { name: "s", string: "x" },
        ],
      },
    });
    expect(env).toEqual({
      ARGOCD_APP_NAME: "team_shop",
      ARGOCD_APP_NAMESPACE: "prod",
      ARGOCD_APP_PROJECT_NAME: "p",
      ARGOCD_APP_REVISION: "abcdef0123456789",
      ARGOCD_APP_REVISION_SHORT: "abcdef0",
      ARGOCD_APP_REVISION_SHORT_8: "abcdef01",
      ARGOCD_APP_SOURCE_REPO_URL: "https://r",
      ARGOCD_APP_SOURCE_PATH: "apps/shop",
      ARGOCD_APP_SOURCE_TARGET_REVISION: "HEAD",
      KUBE_VERSION: "1.31.4",
      KUBE_API_VERSIONS: "v1,apps/v1",
      ARGOCD_ENV_FOO: "prod-",
      ARGOCD_ENV_EMPTY: "",
      ARGOCD_APP_PARAMETERS: JSON.stringify([
        { name: "values-files", array: ["a.yaml"] },
        { name: "helm.set", map: { "image.tag": "1" } },
        { name: "s", string: "x" },
      ]),
      PARAM_VALUES_FILES_0: "a.yaml",
      PARAM_HELM_SET_IMAGE_TAG: "1",
      PARAM_S: "x",
    });
  });

  it("a discovered plugin (no plugin block) gets no parameters variable", () => {
    expect(
      buildPluginEnv({ appEnv, kubeVersion: "1.32.0", apiVersions: [], plugin: undefined }).ARGOCD_APP_PARAMETERS,
    ).toBeUndefined();
    expect(
      buildPluginEnv({ appEnv, kubeVersion: "1.32.0", apiVersions: [], plugin: { name: "x" } }).ARGOCD_APP_PARAMETERS,
    ).toBe("null");
  });

  it.each([
    ["values-files", "VALUES_FILES"],
    ["helm.set", "HELM_SET"],
    ["a_b9", "A_B9"],
  ])("escapes %s as %s", (n, e) => {
    expect(escapeParamName(n)).toBe(e);
  });
});
