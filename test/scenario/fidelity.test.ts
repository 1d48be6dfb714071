// Scenario tests for the Argo CD features real repositories use beyond the incident:
// generators, Go templates, multi-source, remote charts, tracking modes, propagation.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { execa } from "execa";
import { mkdtemp, readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, normalize } from "node:path";
import type { Report } from "../../src/core/model.js";
import { resolveTools } from "../../src/adapters/exec/resolve-tools.js";
import { writeTree } from "../adapters/render/support/fixtures.js";
import { REPO_URL, analyzeScenario, application, configMap, deployment } from "./scenario-repo.js";

const deleted = (r: Report): string[] =>
  r.deletions.map((d) => `${d.cause}:${d.ref.kind}/${d.ref.namespace}/${d.ref.name}`).sort();
const rules = (r: Report): string[] => [...new Set(r.findings.map((f) => `${f.rule}:${f.severity}`))].sort();

describe("ApplicationSet generators and templates, end to end", () => {
  it("matrix of git directories x clusters: removing an env folder deletes its app on every cluster", async () => {
    const appset = `apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata: { name: envs, namespace: argocd }
spec:
  generators:
    - matrix:
        generators:
          - git:
              repoURL: ${REPO_URL}
              revision: HEAD
              directories: [{ path: 'envs/*' }]
          - clusters:
              selector: { matchLabels: { tier: prod } }
  template:
    metadata: { name: '{{path.basename}}-{{name}}' }
    spec:
      project: default
      source: { repoURL: '${REPO_URL}', targetRevision: HEAD, path: '{{path}}' }
      destination: { server: '{{server}}', namespace: '{{path.basename}}' }
      syncPolicy: { automated: { prune: true } }
`;
    const config = `clusters:
  - { name: eu, server: 'https://eu.example.com', labels: { tier: prod } }
  - { name: us, server: 'https://us.example.com', labels: { tier: prod } }
  - { name: lab, server: 'https://lab.example.com', labels: { tier: lab } }
`;
    const base = {
      ".github/argocd-blast-radius.yml": config,
      "appsets/envs.yaml": appset,
      "envs/web/cm.yaml": configMap("web"),
      "envs/api/cm.yaml": configMap("api"),
    };
    const report = await analyzeScenario({ base, head: { "envs/api/cm.yaml": null } });
    expect(report.applications.map((a) => `${a.name}:${a.change}`)).toEqual([
      "api-eu:removed",
      "api-us:removed",
      "web-eu:unchanged",
      "web-us:unchanged",
    ]);
    expect(deleted(report)).toEqual([
      "app-deleted:Application/argocd/api-eu",
      "app-deleted:Application/argocd/api-us",
      "app-deleted:ConfigMap/api/api",
      "app-deleted:ConfigMap/api/api",
    ]);
  });

  it("merge generator: an override moves one app to another namespace", async () => {
    const appset = (override: string) => `apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata: { name: teams, namespace: argocd }
spec:
  goTemplate: true
  generators:
    - merge:
        mergeKeys: [team]
        generators:
          - list: { elements: [{ team: a }, { team: b }] }
          - list: { elements: [${override}] }
  template:
    metadata: { name: 'team-{{ .team }}' }
    spec:
      project: default
      source: { repoURL: '${REPO_URL}', targetRevision: HEAD, path: 'teams/{{ .team }}' }
      destination: { server: 'https://kubernetes.default.svc', namespace: '{{ default .team .ns }}' }
      syncPolicy: { automated: { prune: true } }
`;
    const base = {
      "appsets/teams.yaml": appset("{ team: z, ns: unused }"),
      "teams/a/cm.yaml": configMap("settings"),
      "teams/b/cm.yaml": configMap("settings"),
    };
    const report = await analyzeScenario({
      base,
      head: { "appsets/teams.yaml": appset("{ team: b, ns: b-special }") },
    });
    expect(deleted(report)).toEqual(["pruned:ConfigMap/b/settings"]);
    expect(report.applications.find((a) => a.name === "team-b")!.resources.added).toEqual([
      { group: "", kind: "ConfigMap", namespace: "b-special", name: "settings" },
    ]);
  });

  it("goTemplate app names: renaming an element renames the app, deleting the old one with its resources", async () => {
    const appset = (env: string) => `apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata: { name: shop, namespace: argocd }
spec:
  goTemplate: true
  goTemplateOptions: ["missingkey=error"]
  generators:
    - list: { elements: [{ team: Payments, env: '${env}' }] }
  template:
    metadata: { name: '{{ .team | lower }}-{{ .env | normalize }}' }
    spec:
      project: default
      source: { repoURL: '${REPO_URL}', targetRevision: HEAD, path: shop }
      destination: { server: 'https://kubernetes.default.svc', namespace: '{{ printf "%s-%s" (lower .team) .env }}' }
      syncPolicy: { automated: { prune: true } }
`;
    const base = { "appsets/shop.yaml": appset("prod"), "shop/deploy.yaml": deployment("shop") };
    const report = await analyzeScenario({ base, head: { "appsets/shop.yaml": appset("Prod_EU") } });
    expect(report.applications.map((a) => `${a.name}:${a.change}`)).toEqual([
      "payments-prod:removed",
      "payments-prod-eu:added",
    ]);
    expect(deleted(report)).toEqual([
      "app-deleted:Application/argocd/payments-prod",
      "app-deleted:Deployment/payments-prod/shop",
    ]);
  });
});

describe("sources", () => {
  it("multi-source with $values: a value file in another source disables the Service", async () => {
    const app = `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata: { name: web, namespace: argocd }
spec:
  project: default
  sources:
    - repoURL: ${REPO_URL}
      targetRevision: HEAD
      path: charts/web
      helm: { valueFiles: ['$values/envs/prod/values.yaml'] }
    - repoURL: ${REPO_URL}
      targetRevision: HEAD
      ref: values
  destination: { server: 'https://kubernetes.default.svc', namespace: web }
  syncPolicy: { automated: { prune: true } }
`;
    const base = {
      "apps/web.yaml": app,
      "charts/web/Chart.yaml": "apiVersion: v2\nname: web\nversion: 1.0.0\n",
      "charts/web/values.yaml": "service: true\n",
      "charts/web/templates/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: { name: web }\n",
      "charts/web/templates/svc.yaml":
        "{{- if .Values.service }}\napiVersion: v1\nkind: Service\nmetadata: { name: web }\nspec: { ports: [{ port: 80 }] }\n{{- end }}\n",
      "envs/prod/values.yaml": "service: true\n",
    };
    const report = await analyzeScenario({ base, head: { "envs/prod/values.yaml": "service: false\n" } });
    expect(deleted(report)).toEqual(["pruned:Service/web/web"]);
  });

  describe("a chart from a helm repository (served on 127.0.0.1)", () => {
    let server: Server;
    let repoURL = "";
    beforeAll(async () => {
      const helm = resolveTools().helm!.path;
      const crd =
        "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: { name: widgets.example.com }\nspec: { group: example.com, scope: Namespaced, names: { kind: Widget, plural: widgets }, versions: [{ name: v1, served: true, storage: true }] }\n";
      const src = await writeTree({
        "v1/op/Chart.yaml": "apiVersion: v2\nname: op\nversion: 1.0.0\n",
        "v1/op/crds/widgets.yaml": crd,
        "v1/op/templates/svc.yaml":
          "apiVersion: v1\nkind: Service\nmetadata: { name: op-metrics }\nspec: { ports: [{ port: 9090 }] }\n",
        "v1/op/templates/deploy.yaml":
          "apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: op }\nspec: { selector: { matchLabels: { a: b } }, template: { metadata: { labels: { a: b } }, spec: { containers: [{ name: c, image: op:1 }] } } }\n",
        "v2/op/Chart.yaml": "apiVersion: v2\nname: op\nversion: 2.0.0\n",
        "v2/op/templates/deploy.yaml":
          "apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: op }\nspec: { selector: { matchLabels: { a: b } }, template: { metadata: { labels: { a: b } }, spec: { containers: [{ name: c, image: op:2 }] } } }\n",
      });
      const repoDir = await mkdtemp(join(tmpdir(), "scenario-chart-repo-"));
      const env = {
        HOME: src,
        PATH: "/usr/bin:/bin",
        HELM_CACHE_HOME: join(src, ".c"),
        HELM_CONFIG_HOME: join(src, ".cf"),
        HELM_DATA_HOME: join(src, ".d"),
      };
      for (const v of ["v1", "v2"])
        await execa(helm, ["package", join(src, v, "op"), "--destination", repoDir], { env, extendEnv: false });
      server = createServer((req, res) => {
        const file = normalize(join(repoDir, decodeURIComponent((req.url ?? "/").split("?")[0]!)));
        if (!file.startsWith(repoDir)) return void res.writeHead(403).end();
        readFile(file).then(
          (d) => res.writeHead(200).end(d),
          () => res.writeHead(404).end(),
        );
      });
      await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
      repoURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      await execa(helm, ["repo", "index", repoDir, "--url", repoURL], { env, extendEnv: false });
    });
    afterAll(() => new Promise((r) => server.close(r)));

    const app = (version: string): string => `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata: { name: op, namespace: argocd }
spec:
  project: default
  source: { repoURL: '${repoURL}', chart: op, targetRevision: ${version} }
  destination: { server: 'https://kubernetes.default.svc', namespace: op }
  syncPolicy: { automated: { prune: true } }
`;
    it("a version bump drops a CRD and a Service: the Service is pruned, the untracked CRD is not", async () => {
      // the repository is on 127.0.0.1, which the network policy refuses unless allowed
      const allow = "network: { allow: [127.0.0.1] }\n";
      const report = await analyzeScenario({
        base: { ".github/argocd-blast-radius.yml": allow, "apps/op.yaml": app("1.0.0") },
        head: { "apps/op.yaml": app("2.0.0") },
      });
      expect(report.applications[0]!.resources.removed.map((r) => r.kind)).toEqual([
        "Service",
        "CustomResourceDefinition",
      ]);
      expect(deleted(report)).toEqual(["pruned:Service/op/op-metrics"]);
      expect(report.kept?.map((k) => `${k.ref.kind}:${k.reason}`)).toEqual([
        expect.stringMatching(/^CustomResourceDefinition:Argo CD does not stamp tracking/),
      ]);
    });
  });
});

describe("tracking and propagation", () => {
  it("label tracking: a CRD carrying the instance label is pruned, and its custom resources go with it", async () => {
    const crd =
      "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: widgets.example.com\n  labels: { app.kubernetes.io/instance: op }\nspec: { group: example.com, scope: Namespaced, names: { kind: Widget, plural: widgets } }\n";
    const base = {
      ".github/argocd-blast-radius.yml": "argocd: { trackingMethod: label }\n",
      "apps/op.yaml": application({ name: "op", path: "op", destNs: "op" }),
      "apps/user.yaml": application({ name: "user", path: "user", destNs: "user" }),
      "op/crd.yaml": crd,
      "op/deploy.yaml": deployment("op"),
      "user/widget.yaml": "apiVersion: example.com/v1\nkind: Widget\nmetadata: { name: w1 }\n",
    };
    const report = await analyzeScenario({ base, head: { "op/crd.yaml": null } });
    expect(deleted(report)).toEqual([
      "crd-deleted:Widget/user/w1",
      "pruned:CustomResourceDefinition//widgets.example.com",
    ]);
    expect(rules(report)).toEqual(["crd-delete:block"]);
  });

  it("PrunePropagationPolicy=orphan: the prune still deletes the object and says its dependents survive", async () => {
    const base = {
      "apps/web.yaml": application({
        name: "web",
        path: "web",
        destNs: "web",
        syncOptions: ["PrunePropagationPolicy=orphan"],
      }),
      "web/deploy.yaml": deployment("web"),
      "web/cm.yaml": configMap("keep"),
    };
    const report = await analyzeScenario({ base, head: { "web/deploy.yaml": null } });
    expect(deleted(report)).toEqual(["pruned:Deployment/web/web"]);
    expect(report.deletions[0]!.reason).toMatch(/orphan/);
  });

  it("Replace=true with Force=true on a changed object is a deletion risk", async () => {
    const base = {
      "apps/job.yaml": application({ name: "job", path: "job", destNs: "jobs" }),
      "job/cm.yaml": configMap(
        "settings",
        "  annotations:\n    argocd.argoproj.io/sync-options: Replace=true,Force=true\n",
      ),
    };
    const report = await analyzeScenario({
      base,
      head: {
        "job/cm.yaml": configMap(
          "settings",
          "  annotations:\n    argocd.argoproj.io/sync-options: Replace=true,Force=true\n",
        ).replace("value", "other"),
      },
    });
    expect(rules(report)).toEqual(["force-replace:warn"]);
  });

  it("manifest-generate-paths that miss the change: the new output lands later", async () => {
    const app = application({ name: "web", path: "apps/web", destNs: "web" }).replace(
      "  namespace: argocd\n",
      "  namespace: argocd\n  annotations:\n    argocd.argoproj.io/manifest-generate-paths: .\n",
    );
    const base = {
      "bootstrap/web.yaml": app.replace("path: apps/web", "path: overlays/web"),
      "overlays/web/kustomization.yaml": "resources: [../../shared]\n",
      "shared/kustomization.yaml": "resources: [cm.yaml]\n",
      "shared/cm.yaml": configMap("settings"),
    };
    const report = await analyzeScenario({
      base,
      head: { "shared/cm.yaml": configMap("settings").replace("value", "new") },
    });
    expect(rules(report)).toEqual(["stale-manifests:warn"]);
  });
});

describe("ApplicationSets that need live data", () => {
  const previews = (repoURL: string): string => `apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata: { name: previews, namespace: argocd }
spec:
  generators:
    - pullRequest: { github: { owner: example-org, repo: shop } }
  template:
    metadata: { name: 'preview-{{number}}' }
    spec:
      project: default
      source: { repoURL: '${repoURL}', targetRevision: '{{head_sha}}', path: deploy }
      destination: { server: 'https://kubernetes.default.svc', namespace: 'preview-{{number}}' }
`;
  it.each([
    ["another repository", "https://github.com/example-org/shop.git", []],
    ["this repository", REPO_URL, ["not-analysed:warn"]],
  ])("unchanged, rendering from %s", async (_l, repoURL, expected) => {
    const report = await analyzeScenario({
      base: { "appsets/previews.yaml": previews(repoURL), "deploy/cm.yaml": configMap("a") },
      head: { "deploy/cm.yaml": configMap("b") },
    });
    expect(rules(report)).toEqual(expected);
  });

  it("changed: always reported as not analysed", async () => {
    const base = { "appsets/previews.yaml": previews("https://github.com/example-org/shop.git") };
    const report = await analyzeScenario({
      base,
      head: {
        "appsets/previews.yaml": previews("https://github.com/example-org/shop.git").replace(
          "namespace: 'preview-{{number}}'",
          "namespace: 'pr-{{number}}'",
        ),
      },
    });
    expect(rules(report)).toEqual(["not-analysed:warn"]);
  });
});
