// Scenario tests: real git repositories, real helm and kustomize, the whole analysis.
import { describe, expect, it } from "@jest/globals";
import type { Report } from "../../src/core/model.js";
import { REPO_URL, analyzeScenario, application, configMap, deployment, expectGolden } from "./scenario-repo.js";

const rules = (r: Report): string[] => [...new Set(r.findings.map((f) => `${f.rule}:${f.severity}`))].sort();
const deleted = (r: Report): string[] =>
  r.deletions.map((d) => `${d.cause}:${d.ref.kind}/${d.ref.namespace}/${d.ref.name}`).sort();

const helmChart = (pvcName: string): Record<string, string> => ({
  "charts/db/Chart.yaml": "apiVersion: v2\nname: db\nversion: 0.1.0\n",
  "charts/db/values.yaml": "size: 1Gi\n",
  "charts/db/templates/pvc.yaml": `apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: ${pvcName}\nspec:\n  accessModes: [ReadWriteOnce]\n  resources: { requests: { storage: {{ .Values.size }} } }\n`,
  "charts/db/templates/svc.yaml":
    "apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Release.Name }}\nspec: { ports: [{ port: 5432 }] }\n",
});

describe("scenarios (real git, real helm and kustomize)", () => {
  it("a harmless image bump passes", async () => {
    const base = {
      "apps/web.yaml": application({ name: "web", path: "web", destNs: "web" }),
      "web/deploy.yaml": deployment("web", "nginx:1.27"),
    };
    const report = await analyzeScenario({ base, head: { "web/deploy.yaml": deployment("web", "nginx:1.28") } });
    expect(report.verdict).toBe("pass");
    expect(report.deletions).toEqual([]);
    expect(report.applications).toEqual([
      expect.objectContaining({
        name: "web",
        change: "modified",
        resources: {
          added: [],
          removed: [],
          modified: [{ group: "apps", kind: "Deployment", namespace: "web", name: "web" }],
        },
      }),
    ]);
    await expectGolden("image-bump", report);
  });

  it.each([
    [
      true,
      ["app-deleted:ConfigMap/child/settings", "app-deleted:Deployment/child/child", "pruned:Application/argocd/child"],
    ],
    [false, ["pruned:Application/argocd/child"]],
  ])("an app removed from an app-of-apps (finalizer: %s)", async (finalizer, expected) => {
    const base = {
      "bootstrap/root.yaml": application({ name: "root", path: "apps", destNs: "argocd" }),
      "apps/child.yaml": application({ name: "child", path: "child", destNs: "child", finalizer }),
      "apps/other.yaml": application({ name: "other", path: "other", destNs: "other" }),
      "child/all.yaml": `${deployment("child")}---\n${configMap("settings")}`,
      "other/cm.yaml": configMap("other"),
    };
    const report = await analyzeScenario({ base, head: { "apps/child.yaml": null } });
    // The child CR itself is pruned by root; with the finalizer its resources follow.
    expect(deleted(report)).toEqual(expected);
    expect(rules(report)).toEqual(["app-delete:warn"]);
  });

  it.each([
    [false, ["app-deleted:Application/argocd/team-b", "app-deleted:ConfigMap/team-b/settings"]],
    [true, ["app-deleted:Application/argocd/team-b"]],
  ])("an ApplicationSet list element removed (preserveResourcesOnDeletion: %s)", async (preserve, expected) => {
    const appset = (teams: string[]): string => `apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata:
  name: teams
  namespace: argocd
spec:
  generators:
    - list:
        elements:
${teams.map((t) => `          - team: ${t}`).join("\n")}
  syncPolicy:
    preserveResourcesOnDeletion: ${preserve}
  template:
    metadata:
      name: '{{team}}'
    spec:
      project: default
      source: { repoURL: '${REPO_URL}', targetRevision: HEAD, path: 'teams/{{team}}' }
      destination: { server: 'https://kubernetes.default.svc', namespace: '{{team}}' }
      syncPolicy: { automated: { prune: true } }
`;
    const base = {
      "appsets/teams.yaml": appset(["team-a", "team-b"]),
      "teams/team-a/cm.yaml": configMap("settings"),
      "teams/team-b/cm.yaml": configMap("settings"),
    };
    const report = await analyzeScenario({ base, head: { "appsets/teams.yaml": appset(["team-a"]) } });
    expect(deleted(report)).toEqual(expected);
    expect(report.deletions.find((d) => d.ref.kind === "Application")).toMatchObject({
      trigger: "appset-reconcile",
      cause: "app-deleted",
    });
  });

  it("a deleted ApplicationSet managed by an app-of-apps takes its Applications and their resources", async () => {
    const appset = `apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata: { name: teams, namespace: argocd }
spec:
  generators: [{ list: { elements: [{ team: a }, { team: b }] } }]
  template:
    metadata: { name: 'team-{{team}}' }
    spec:
      project: default
      source: { repoURL: '${REPO_URL}', targetRevision: HEAD, path: 'teams/{{team}}' }
      destination: { server: 'https://kubernetes.default.svc', namespace: 'team-{{team}}' }
`;
    const base = {
      "bootstrap/root.yaml": application({ name: "root", path: "appsets", destNs: "argocd" }),
      "appsets/teams.yaml": appset,
      "appsets/other.yaml": configMap("keep-root-non-empty"),
      "teams/a/cm.yaml": configMap("settings"),
      "teams/b/cm.yaml": configMap("settings"),
    };
    const report = await analyzeScenario({ base, head: { "appsets/teams.yaml": null } });
    expect(deleted(report)).toEqual([
      "app-deleted:Application/argocd/team-a",
      "app-deleted:Application/argocd/team-b",
      "app-deleted:ConfigMap/team-a/settings",
      "app-deleted:ConfigMap/team-b/settings",
      "pruned:ApplicationSet/argocd/teams",
    ]);
    expect(rules(report)).toEqual(["app-delete:warn"]);
  });

  it("a deleted ApplicationSet that no app manages: nothing is deleted by Argo CD, and the report says what would be", async () => {
    const appset = `apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata: { name: teams, namespace: argocd }
spec:
  generators: [{ list: { elements: [{ team: a }] } }]
  template:
    metadata: { name: 'team-{{team}}' }
    spec:
      project: default
      source: { repoURL: '${REPO_URL}', targetRevision: HEAD, path: 'teams/{{team}}' }
      destination: { server: 'https://kubernetes.default.svc', namespace: 'team-{{team}}' }
`;
    const report = await analyzeScenario({
      base: { "appsets/teams.yaml": appset, "teams/a/cm.yaml": configMap("settings") },
      head: { "appsets/teams.yaml": null },
    });
    expect(report.deletions).toEqual([]);
    expect(report.findings).toEqual([
      expect.objectContaining({
        rule: "app-delete",
        severity: "warn",
        message: expect.stringMatching(
          /ApplicationSet teams is removed from appsets\/teams.yaml.*1 Application \(team-a\).*1 resources/,
        ),
      }),
    ]);
  });

  it("Prune=false keeps a removed resource: it is in removed, not in deletions", async () => {
    const base = {
      "apps/web.yaml": application({ name: "web", path: "web", destNs: "web" }),
      "web/keep.yaml": configMap("keep"),
      "web/protected.yaml": configMap(
        "protected",
        "  annotations:\n    argocd.argoproj.io/sync-options: Prune=false\n",
      ),
    };
    const report = await analyzeScenario({ base, head: { "web/protected.yaml": null } });
    expect(report.deletions).toEqual([]);
    expect(report.applications[0]!.resources.removed).toEqual([
      { group: "", kind: "ConfigMap", namespace: "web", name: "protected" },
    ]);
    expect(report.verdict).toBe("pass");
    // the reviewer sees why it stays
    expect(report.kept).toEqual([
      {
        ref: { group: "", kind: "ConfigMap", namespace: "web", name: "protected" },
        app: "web",
        reason: expect.stringMatching(/Prune=false/),
      },
    ]);
    const { renderMarkdown } = await import("../../src/core/report/render-markdown.js");
    expect(renderMarkdown(report)).toContain("Removed from Git but kept in the cluster: 1");
  });

  it("a manual-sync app: the prune happens on the next manual sync", async () => {
    const base = {
      "apps/web.yaml": application({ name: "web", path: "web", destNs: "web", automated: false }),
      "web/a.yaml": configMap("a"),
      "web/b.yaml": configMap("b"),
    };
    const report = await analyzeScenario({ base, head: { "web/b.yaml": null } });
    expect(report.deletions).toEqual([expect.objectContaining({ trigger: "manual-sync", cause: "pruned" })]);
    expect(report.applications[0]).toMatchObject({ autoSync: false, autoPrune: false });
  });

  it.each([
    [false, "manual-sync"],
    [true, "auto-sync"],
  ])("allowEmpty %s: emptying an app is pruned on %s", async (allowEmpty, trigger) => {
    const base = {
      "apps/web.yaml": application({ name: "web", path: "web", destNs: "web", allowEmpty }),
      "web/a.yaml": configMap("a"),
    };
    const report = await analyzeScenario({ base, head: { "web/a.yaml": null, "web/README.md": "empty\n" } });
    expect(report.deletions.map((d) => d.trigger)).toEqual([trigger]);
  });

  it("a namespace move deletes the old namespace's objects", async () => {
    const base = {
      "apps/web.yaml": application({ name: "web", path: "web", destNs: "shop" }),
      "web/ns.yaml": "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n",
      "web/deploy.yaml": deployment("web"),
    };
    const head = {
      "apps/web.yaml": application({ name: "web", path: "web", destNs: "store" }),
      "web/ns.yaml": "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: store\n",
    };
    const report = await analyzeScenario({ base, head });
    // The Deployment leaves the render (its key moves to namespace store): pruned directly.
    expect(deleted(report)).toEqual(["pruned:Deployment/shop/web", "pruned:Namespace//shop"]);
    expect(rules(report)).toEqual(["namespace-delete:warn"]);
    await expectGolden("namespace-move", report);
  });

  it("a helm release rename drops a PVC (data-loss)", async () => {
    const base = {
      ...helmChart("{{ .Release.Name }}-data"),
      "apps/db.yaml": application({
        name: "db",
        path: "charts/db",
        destNs: "db",
        extraSource: "helm:\n  releaseName: db",
      }),
    };
    const head = {
      "apps/db.yaml": application({
        name: "db",
        path: "charts/db",
        destNs: "db",
        extraSource: "helm:\n  releaseName: postgres",
      }),
    };
    const report = await analyzeScenario({ base, head });
    expect(deleted(report)).toEqual(["pruned:PersistentVolumeClaim/db/db-data", "pruned:Service/db/db"]);
    expect(rules(report)).toEqual(["data-loss:warn"]);
  });

  it("a render failure on head blocks and deletes nothing", async () => {
    const base = {
      ...helmChart("data"),
      "apps/db.yaml": application({ name: "db", path: "charts/db", destNs: "db" }),
    };
    const report = await analyzeScenario({
      base,
      head: { "charts/db/templates/svc.yaml": "apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Release.Name \n" },
    });
    expect(report.deletions).toEqual([]);
    expect(rules(report)).toEqual(["render-error:block"]);
    expect(report.applications[0]!.errors).toEqual([{ side: "head", message: expect.stringMatching(/helm/) }]);
  });

  it("a resource declared by two apps is a shared resource", async () => {
    const base = {
      "apps/a.yaml": application({ name: "a", path: "a", destNs: "shared" }),
      "apps/b.yaml": application({ name: "b", path: "b", destNs: "shared" }),
      "a/cm.yaml": configMap("settings"),
      "b/cm.yaml": configMap("other"),
    };
    const report = await analyzeScenario({ base, head: { "b/cm2.yaml": configMap("settings") } });
    expect(rules(report)).toEqual(["shared-resource:warn"]);
    expect(report.verdict).toBe("warn");
  });

  it("kustomize: a change in a shared base shows in every overlay", async () => {
    const base = {
      "apps/dev.yaml": application({ name: "dev", path: "overlays/dev", destNs: "dev" }),
      "base/kustomization.yaml": "resources: [cm.yaml, extra.yaml]\n",
      "base/cm.yaml": configMap("settings"),
      "base/extra.yaml": configMap("extra"),
      "overlays/dev/kustomization.yaml": "resources: [../../base]\nnamePrefix: dev-\n",
    };
    const report = await analyzeScenario({
      base,
      head: { "base/kustomization.yaml": "resources: [cm.yaml]\n", "base/extra.yaml": null },
    });
    expect(deleted(report)).toEqual(["pruned:ConfigMap/dev/dev-extra"]);
  });

  it("directory recurse switched off prunes the child Applications of an app-of-apps", async () => {
    const root = (recurse: boolean): string =>
      application({ name: "root", path: "apps", destNs: "argocd", extraSource: `directory:\n  recurse: ${recurse}` });
    const base = {
      "bootstrap/root.yaml": root(true),
      "apps/team-a/app.yaml": application({ name: "team-a", path: "team-a", destNs: "team-a", finalizer: true }),
      "team-a/cm.yaml": configMap("settings"),
    };
    const report = await analyzeScenario({ base, head: { "bootstrap/root.yaml": root(false) } });
    expect(deleted(report)).toEqual(["app-deleted:ConfigMap/team-a/settings", "pruned:Application/argocd/team-a"]);
  });

  it("a copy-pasted Application name: two files declare the same Application", async () => {
    const base = {
      "bootstrap/root.yaml": application({ name: "root", path: "apps", destNs: "argocd" }),
      "apps/payments.yaml": application({ name: "payments", path: "payments", destNs: "payments" }),
      "payments/cm.yaml": configMap("p"),
      "billing/cm.yaml": configMap("b"),
    };
    const report = await analyzeScenario({
      base,
      head: { "apps/billing.yaml": application({ name: "payments", path: "billing", destNs: "billing" }) },
    });
    expect(rules(report)).toContain("duplicate-application:block");
    expect(report.verdict).toBe("block");
  });
});

describe("what gets merged", () => {
  it("an app added to base after the branch was cut is not reported as deleted", async () => {
    const { makeRepo } = await import("./scenario-repo.js");
    const { analyze } = await import("../../src/analyze.js");
    const { execa } = await import("execa");
    const repo = await makeRepo({
      base: { "apps/a.yaml": application({ name: "a", path: "a", destNs: "a" }), "a/cm.yaml": configMap("a") },
      head: { "a/cm2.yaml": configMap("a2") },
    });
    try {
      const env = {
        GIT_AUTHOR_NAME: "t",
        GIT_AUTHOR_EMAIL: "t@t",
        GIT_COMMITTER_NAME: "t",
        GIT_COMMITTER_EMAIL: "t@t",
      };
      const { writeFile, mkdir } = await import("node:fs/promises");
      await execa("git", ["-C", repo.dir, "checkout", "-q", "main"], { env });
      await mkdir(`${repo.dir}/b`, { recursive: true });
      await writeFile(`${repo.dir}/apps/b.yaml`, application({ name: "b", path: "b", destNs: "b" }));
      await writeFile(`${repo.dir}/b/cm.yaml`, configMap("b"));
      await execa("git", ["-C", repo.dir, "add", "-A"], { env });
      await execa("git", ["-C", repo.dir, "commit", "-q", "-m", "main moves on"], { env });
      const outcome = await analyze({ repoDir: repo.dir, base: "main", head: "feature" });
      if (!outcome.ok) throw new Error(outcome.error);
      expect(outcome.report.deletions).toEqual([]);
      expect(outcome.report.applications.map((x) => `${x.name}:${x.change}`)).toEqual(["a:modified", "b:unchanged"]);
    } finally {
      await repo.cleanup();
    }
  });
});

describe("which revision is deployed, when the base is given as a commit (CI)", () => {
  const files = {
    "apps/web.yaml": application({ name: "web", path: "web", destNs: "web" }).replace(
      "targetRevision: HEAD",
      "targetRevision: main",
    ),
    "web/keep.yaml": configMap("keep"),
    "web/gone.yaml": configMap("gone"),
  };
  const run = async (
    prepare: (dir: string, baseSha: string) => Promise<void>,
    extra: { baseBranches?: string[] } = {},
  ) => {
    const { makeRepo } = await import("./scenario-repo.js");
    const { analyze } = await import("../../src/analyze.js");
    const { execa } = await import("execa");
    const repo = await makeRepo({ base: files, head: { "web/gone.yaml": null } });
    try {
      const baseSha = (await execa("git", ["-C", repo.dir, "rev-parse", "main"])).stdout;
      await prepare(repo.dir, baseSha);
      const outcome = await analyze({ repoDir: repo.dir, base: baseSha, head: "feature", ...extra });
      if (!outcome.ok) throw new Error(outcome.error);
      return outcome.report;
    } finally {
      await repo.cleanup();
    }
  };

  it("targetRevision main, main is the base commit: main is what is deployed", async () => {
    const report = await run(async () => undefined);
    expect(deleted(report)).toEqual(["pruned:ConfigMap/web/gone"]);
  });

  it("targetRevision main not available here (a CI checkout without branches): not analysed, never unchanged", async () => {
    const { execa } = await import("execa");
    const report = await run(async (dir) => {
      await execa("git", ["-C", dir, "branch", "-m", "main", "renamed"]);
    });
    expect(report.deletions).toEqual([]);
    expect(report.findings).toEqual([
      expect.objectContaining({
        rule: "not-analysed",
        severity: "warn",
        message: expect.stringMatching(/targetRevision main .*not available/),
      }),
    ]);
  });

  it("main elsewhere and no base branch known: branch names are taken as deployed (a false alarm beats a miss)", async () => {
    const { execa } = await import("execa");
    const moveMain = async (dir: string) => {
      await execa("git", ["-C", dir, "checkout", "-q", "--orphan", "elsewhere"]);
      await execa("git", [
        "-C",
        dir,
        "-c",
        "user.name=t",
        "-c",
        "user.email=t@t",
        "commit",
        "-q",
        "--allow-empty",
        "-m",
        "x",
      ]);
      await execa("git", ["-C", dir, "branch", "-f", "main", "elsewhere"]);
    };
    expect(deleted(await run(moveMain))).toEqual(["pruned:ConfigMap/web/gone"]);
    // told which branch is deployed (--base-branch), main is pinned elsewhere: nothing of this change deploys
    const pinned = await run(moveMain, { baseBranches: ["release"] });
    expect(pinned.deletions).toEqual([]);
  });
});

describe("an app pinned to another branch, the deployed branch known (the GitHub App's case)", () => {
  it("is out of scope when that branch is not fetched: unchanged, no warning", async () => {
    const { makeRepo } = await import("./scenario-repo.js");
    const { analyze } = await import("../../src/analyze.js");
    const repo = await makeRepo({
      base: {
        "apps/stg.yaml": application({ name: "stg", path: "web", destNs: "web" }).replace(
          "targetRevision: HEAD",
          "targetRevision: staging",
        ),
        "web/a.yaml": configMap("a"),
      },
      head: { "web/a.yaml": configMap("a").replace("value", "v2") },
    });
    try {
      const outcome = await analyze({ repoDir: repo.dir, base: "main", head: "feature" });
      if (!outcome.ok) throw new Error(outcome.error);
      expect(outcome.report.findings).toEqual([]);
      expect(outcome.report.applications.map((a) => a.change)).toEqual(["unchanged"]);
    } finally {
      await repo.cleanup();
    }
  });
});
