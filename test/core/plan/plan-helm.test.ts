import { describe, it, expect } from "@jest/globals";
import {
  buildHelmTemplateArgs,
  chartDependencyRepos,
  cleanSetParameter,
  isMissingDependencyError,
  planHelm,
} from "../../../src/core/plan/plan-helm.js";
import { makeApp } from "../../adapters/render/support/fixtures.js";

describe("cleanSetParameter (cmd.go cleanSetParameters)", () => {
  it.each([
    ["a,b", "a\\,b"],
    ["a\\,b", "a\\,b"],
    ["{a,b}", "{a,b}"],
    ["plain", "plain"],
    [",", "\\,"],
  ])("%s -> %s", (input, out) => {
    expect(cleanSetParameter(input)).toBe(out);
  });
});

describe("planHelm + buildHelmTemplateArgs", () => {
  const env = { ARGOCD_APP_NAME: "team_shop", ARGOCD_APP_NAMESPACE: "prod" };

  it("defaults: release = app name, namespace = destination, kube version, include-crds", () => {
    const app = makeApp({ name: "shop", namespace: "team", destNamespace: "prod", sources: [] });
    const plan = planHelm({ app, source: { repoURL: "r" }, env, kubeVersion: "v1.30.2", apiVersions: ["apps/v1"] });
    expect(buildHelmTemplateArgs({ plan, chartPath: ".", valueFiles: [], setFiles: [] })).toEqual([
      "template",
      ".",
      "--name-template",
      "shop",
      "--namespace",
      "prod",
      "--kube-version",
      "1.30.2",
      "--api-versions",
      "apps/v1",
      "--include-crds",
    ]);
  });

  it("every helm field in Argo CD's order", () => {
    const app = makeApp({ name: "shop", destNamespace: "", sources: [] });
    const plan = planHelm({
      app,
      source: {
        repoURL: "r",
        helm: {
          releaseName: "rel",
          namespace: "",
          kubeVersion: "1.29",
          apiVersions: ["x/v1"],
          parameters: [
            { name: "a", value: "1,2" },
            { name: "b", value: "$ARGOCD_APP_NAMESPACE", forceString: true },
            { name: "a", value: "3" },
          ],
          fileParameters: [{ name: "cert", path: "files/c.pem" }],
          values: "x: 1",
          skipCrds: true,
          skipSchemaValidation: true,
          skipTests: true,
        },
      },
      env,
      kubeVersion: "1.32.0",
      apiVersions: ["apps/v1"],
    });
    expect(plan.extraValues).toBe("x: 1");
    expect(
      buildHelmTemplateArgs({
        plan,
        chartPath: ".",
        valueFiles: ["/t/v.yaml"],
        setFiles: [["cert", "/t/files/c.pem"]],
        extraValuesFile: "/tmp/x",
      }),
    ).toEqual([
      "template",
      ".",
      "--name-template",
      "rel",
      "--kube-version",
      "1.29.0",
      "--set",
      "a=3",
      "--set-string",
      "b=prod",
      "--set-file",
      "cert=/t/files/c.pem",
      "--values",
      "/t/v.yaml",
      "--values",
      "/tmp/x",
      "--api-versions",
      "x/v1",
      "--skip-schema-validation",
      "--skip-tests",
    ]);
  });

  it("valuesObject replaces values", () => {
    const app = makeApp({ sources: [] });
    const plan = planHelm({
      app,
      source: { repoURL: "r", helm: { values: "a: 1", valuesObject: { b: 2 } } },
      env,
      kubeVersion: "",
      apiVersions: [],
    });
    expect(plan.extraValues).toBe("b: 2\n");
  });

  it("recognises helm's missing-dependency errors and Chart.yaml repositories", () => {
    expect(isMissingDependencyError("Error: found in Chart.yaml, but missing in charts/ directory: lib")).toBe(true);
    expect(isMissingDependencyError("Error: parse error")).toBe(false);
    expect(
      chartDependencyRepos({
        dependencies: [
          { repository: "https://c.example.com" },
          { repository: "file://../x" },
          { repository: "oci://r" },
        ],
      }),
    ).toEqual(["https://c.example.com"]);
  });
});
