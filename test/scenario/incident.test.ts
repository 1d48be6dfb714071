// The bundled example: the incident of DEVELOPERS.md, both pull requests, as the README runs it.
import { describe, expect, it } from "@jest/globals";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { analyze } from "../../src/analyze.js";
import type { Report } from "../../src/core/model.js";
import { buildExampleRepo } from "../../src/dev/examples/build-example-repo.js";
import { expectGolden } from "./scenario-repo.js";

const exampleDir = join(dirname(fileURLToPath(import.meta.url)), "../../examples/incident");

describe("the incident, reproduced (examples/incident)", () => {
  it("blocks both pull requests and names what Argo CD would delete", async () => {
    const dir = await mkdtemp(join(tmpdir(), "br-incident-"));
    const reports = new Map<string, Report>();
    try {
      await buildExampleRepo({
        exampleDir,
        targetDir: dir,
        onPullRequest: async (pr) => {
          const outcome = await analyze({ repoDir: dir, base: pr.base, head: pr.head });
          if (!outcome.ok) throw new Error(outcome.error);
          reports.set(pr.name, outcome.report);
        },
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }

    const onboard = reports.get("pr-1-onboard-tenant")!;
    expect(onboard.verdict).toBe("block");
    expect(onboard.findings.map((f) => f.rule)).toEqual(["protected-namespace-adopt"]);
    expect(onboard.findings[0]).toMatchObject({
      app: "tenant-team-a",
      refs: [{ group: "", kind: "Namespace", namespace: "", name: "argocd" }],
    });
    expect(onboard.deletions).toEqual([]);

    const fix = reports.get("pr-2-namespace-fix")!;
    expect(fix.verdict).toBe("block");
    expect(fix.deletions.find((d) => d.ref.kind === "Namespace")).toMatchObject({
      ref: { name: "argocd" },
      cause: "pruned",
      app: "tenant-team-a",
      trigger: "auto-sync",
      protected: true,
    });
    const withNamespace = fix.deletions
      .filter((d) => d.cause === "namespace-deleted")
      .map((d) => `${d.ref.kind}/${d.ref.name}`);
    expect(withNamespace).toEqual(
      expect.arrayContaining([
        "Deployment/argocd-server",
        "Deployment/argocd-repo-server",
        "StatefulSet/argocd-application-controller",
        "Secret/argocd-secret",
        "Application/argocd",
      ]),
    );
    expect(new Set(fix.findings.map((f) => f.rule))).toEqual(
      new Set(["protected-namespace-delete", "protected-resource-delete", "app-delete"]),
    );
    // A Secret is named, never its value.
    expect(JSON.stringify(fix)).not.toContain("hunter2");

    await expectGolden("incident-pr-1", onboard);
    await expectGolden("incident-pr-2", fix);
  });
});
