// Scenario tests for what the cluster refuses or loses (docs/cluster-rules.md): real git
// repositories, real helm and kustomize, the whole analysis.
import { describe, expect, it } from "@jest/globals";
import type { Report } from "../../src/core/model.js";
import { renderMarkdown } from "../../src/core/report/render-markdown.js";
import { REPO_URL, analyzeScenario, application, configMap } from "./scenario-repo.js";

const CONFIG = ".github/argocd-blast-radius.yml";
const rules = (r: Report): string[] => [...new Set(r.findings.map((f) => `${f.rule}:${f.severity}`))].sort();
const deleted = (r: Report): string[] =>
  r.deletions.map((d) => `${d.cause}:${d.ref.kind}/${d.ref.namespace}/${d.ref.name}`).sort();
const syncFails = (r: Report) => r.findings.filter((f) => f.rule === "sync-fails");

const chartDeployment = (annotations = ""): Record<string, string> => ({
  "charts/web/Chart.yaml": "apiVersion: v2\nname: web\nversion: 0.1.0\n",
  "charts/web/templates/deploy.yaml": `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}
${annotations ? `  annotations: { argocd.argoproj.io/sync-options: "${annotations}" }\n` : ""}spec:
  replicas: 1
  selector: { matchLabels: { app: {{ .Values.selector }} } }
  template:
    metadata: { labels: { app: {{ .Values.selector }} } }
    spec: { containers: [{ name: main, image: nginx:1.27 }] }
`,
});

describe("what the cluster refuses (H.1, H.2)", () => {
  it("an immutable Deployment selector change in a helm chart fails the sync, naming the field and the way out", async () => {
    const base = {
      "apps/web.yaml": application({ name: "web", path: "charts/web", destNs: "web" }),
      ...chartDeployment(),
      "charts/web/values.yaml": "selector: web\n",
    };
    const report = await analyzeScenario({ base, head: { "charts/web/values.yaml": "selector: web-v2\n" } });
    expect(report.verdict).toBe("block");
    expect(report.deletions).toEqual([]);
    expect(syncFails(report)).toEqual([
      expect.objectContaining({
        severity: "block",
        app: "web",
        message: expect.stringContaining("Deployment web/web changes spec.selector"),
        remedy: expect.stringContaining("sync-options: Force=true"),
      }),
    ]);
    expect(renderMarkdown(report)).toContain("*To make it safe:* annotate the object");
  });

  it("Force=true on the object turns the same change into a deletion that is re-created, not a failure", async () => {
    const base = {
      "apps/web.yaml": application({ name: "web", path: "charts/web", destNs: "web" }),
      ...chartDeployment("Force=true"),
      "charts/web/values.yaml": "selector: web\n",
    };
    const report = await analyzeScenario({ base, head: { "charts/web/values.yaml": "selector: web-v2\n" } });
    expect(syncFails(report)).toEqual([]);
    expect(report.deletions).toEqual([
      expect.objectContaining({
        ref: expect.objectContaining({ kind: "Deployment", name: "web" }),
        cause: "replaced",
        recreatedBy: "web",
      }),
    ]);
  });

  it("a removed API at the configured kubeVersion fails the whole sync, so the app's prunes are not made", async () => {
    const cron = (apiVersion: string) =>
      `apiVersion: ${apiVersion}\nkind: CronJob\nmetadata: { name: backup }\nspec:\n  schedule: "@daily"\n  jobTemplate: { spec: { template: { spec: { restartPolicy: Never, containers: [{ name: b, image: busybox }] } } } }\n`;
    const base = {
      [CONFIG]: 'kubeVersion: "1.25.0"\n',
      "apps/ops.yaml": application({ name: "ops", path: "ops", destNs: "ops" }),
      "ops/kustomization.yaml": "resources: [keep.yaml, gone.yaml]\n",
      "ops/keep.yaml": configMap("keep"),
      "ops/gone.yaml": configMap("gone"),
    };
    const report = await analyzeScenario({
      base,
      head: {
        "ops/kustomization.yaml": "resources: [keep.yaml, cron.yaml]\n",
        "ops/gone.yaml": null,
        "ops/cron.yaml": cron("batch/v1beta1"),
      },
    });
    expect(report.deletions).toEqual([]);
    expect(syncFails(report)).toEqual([
      expect.objectContaining({
        severity: "block",
        message: expect.stringContaining("CronJob.batch ops/backup uses batch/v1beta1, removed in Kubernetes 1.25"),
        remedy: "move `CronJob.batch ops/backup` from `batch/v1beta1` to `batch/v1`",
      }),
    ]);
  });

  it("a PR that raises kubeVersion fails the sync of an object left on an API the new version removed", async () => {
    const pdb =
      "apiVersion: policy/v1beta1\nkind: PodDisruptionBudget\nmetadata: { name: web }\nspec: { maxUnavailable: 1 }\n";
    const base = {
      [CONFIG]: 'kubeVersion: "1.24.0"\n',
      "apps/web.yaml": application({ name: "web", path: "web", destNs: "web" }),
      "web/pdb.yaml": pdb,
      "web/cm.yaml": configMap("settings"),
    };
    const report = await analyzeScenario({
      base,
      head: { [CONFIG]: 'kubeVersion: "1.25.0"\n', "web/cm.yaml": configMap("settings", "  labels: { v: '2' }\n") },
    });
    expect(syncFails(report)).toEqual([
      expect.objectContaining({
        severity: "block",
        message: expect.stringContaining("This change raises kubeVersion from 1.24.0 to 1.25.0"),
      }),
    ]);
    // Without the raise the PDB is served: nothing fails.
    const same = await analyzeScenario({
      base,
      head: { "web/cm.yaml": configMap("settings", "  labels: { v: '2' }\n") },
    });
    expect(syncFails(same)).toEqual([]);
  });
});

describe("what the cluster deletes on its own (H.3)", () => {
  it("a renamed Namespace holding a StatefulSet takes its volumeClaimTemplates' PVCs: inferred, data-loss", async () => {
    const files = (ns: string): Record<string, string> => ({
      "db/ns.yaml": `apiVersion: v1\nkind: Namespace\nmetadata: { name: ${ns} }\n`,
      "db/sts.yaml": `apiVersion: apps/v1
kind: StatefulSet
metadata: { name: pg, namespace: ${ns} }
spec:
  replicas: 2
  serviceName: pg
  selector: { matchLabels: { app: pg } }
  template:
    metadata: { labels: { app: pg } }
    spec: { containers: [{ name: pg, image: postgres:16 }] }
  volumeClaimTemplates:
    - metadata: { name: data }
      spec: { accessModes: [ReadWriteOnce], resources: { requests: { storage: 10Gi } } }
`,
    });
    const base = { "apps/db.yaml": application({ name: "db", path: "db", destNs: "db" }), ...files("db-old") };
    const report = await analyzeScenario({ base, head: files("db-new") });
    const pvcs = report.deletions.filter((d) => d.ref.kind === "PersistentVolumeClaim");
    expect(pvcs.map((d) => [d.ref.namespace, d.ref.name, d.cause, d.inferred])).toEqual([
      ["db-old", "data-pg-0", "namespace-deleted", true],
      ["db-old", "data-pg-1", "namespace-deleted", true],
    ]);
    expect(report.findings.filter((f) => f.rule === "data-loss").map((f) => f.severity)).toEqual(["warn", "warn"]);
    expect(rules(report)).toEqual(["data-loss:warn", "namespace-delete:warn"]);
  });

  it("a renamed ApplicationSet generating the same Application names: every deletion is marked recreatedBy", async () => {
    const appset = (name: string): string => `apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata: { name: ${name}, namespace: argocd }
spec:
  generators: [{ list: { elements: [{ team: a }, { team: b }] } }]
  template:
    metadata:
      name: 'team-{{team}}'
      finalizers: [resources-finalizer.argocd.argoproj.io]
    spec:
      project: default
      source: { repoURL: '${REPO_URL}', targetRevision: HEAD, path: 'teams/{{team}}' }
      destination: { server: 'https://kubernetes.default.svc', namespace: 'team-{{team}}' }
      syncPolicy: { automated: { prune: true } }
`;
    const base = {
      "bootstrap/root.yaml": application({ name: "root", path: "appsets", destNs: "argocd" }),
      "appsets/teams.yaml": appset("teams"),
      "teams/a/cm.yaml": configMap("settings"),
      "teams/b/cm.yaml": configMap("settings"),
    };
    const report = await analyzeScenario({ base, head: { "appsets/teams.yaml": appset("teams-v2") } });
    expect(deleted(report)).toEqual([
      "app-deleted:Application/argocd/team-a",
      "app-deleted:Application/argocd/team-b",
      "app-deleted:ConfigMap/team-a/settings",
      "app-deleted:ConfigMap/team-b/settings",
      "pruned:ApplicationSet/argocd/teams",
    ]);
    const recreated = Object.fromEntries(report.deletions.map((d) => [`${d.ref.kind}/${d.ref.name}`, d.recreatedBy]));
    expect(recreated).toEqual({
      "ApplicationSet/teams": undefined,
      "Application/team-a": expect.stringContaining("teams-v2"),
      "Application/team-b": expect.stringContaining("teams-v2"),
      "ConfigMap/settings": expect.stringMatching(/^team-[ab]$/),
    });
    for (const d of report.deletions.filter((x) => x.ref.kind === "ConfigMap"))
      expect(d.recreatedBy).toBe(d.ref.namespace);
  });
});

describe("clusters", () => {
  it("one app deployed to two clusters, a deletion on one: the deletion names its cluster", async () => {
    const appset = `apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata: { name: web, namespace: argocd }
spec:
  generators:
    - list:
        elements:
          - { cluster: eu, url: 'https://prod-eu.example.com' }
          - { cluster: us, url: 'https://prod-us.example.com' }
  template:
    metadata: { name: 'web-{{cluster}}' }
    spec:
      project: default
      source: { repoURL: '${REPO_URL}', targetRevision: HEAD, path: 'web/overlays/{{cluster}}' }
      destination: { server: '{{url}}', namespace: web }
      syncPolicy: { automated: { prune: true } }
`;
    const base = {
      "appsets/web.yaml": appset,
      "web/base/kustomization.yaml": "resources: [keep.yaml, flag.yaml]\n",
      "web/base/keep.yaml": configMap("keep"),
      "web/base/flag.yaml": configMap("flag"),
      "web/overlays/eu/kustomization.yaml": "resources: [../../base]\n",
      "web/overlays/us/kustomization.yaml": "resources: [../../base]\n",
    };
    // The eu overlay drops the flag with a delete patch.
    const report = await analyzeScenario({
      base,
      head: {
        "web/overlays/eu/kustomization.yaml":
          "resources: [../../base]\npatches:\n  - patch: |-\n      $patch: delete\n      apiVersion: v1\n      kind: ConfigMap\n      metadata: { name: flag }\n",
      },
    });
    expect(report.deletions).toEqual([
      expect.objectContaining({
        app: "web-eu",
        cause: "pruned",
        cluster: "https://prod-eu.example.com",
        ref: expect.objectContaining({ kind: "ConfigMap", name: "flag" }),
      }),
    ]);
    expect(renderMarkdown(report)).toContain("`ConfigMap web/flag` on cluster `https://prod-eu.example.com` pruned");
  });
});
