// The app's Helm chart (INTERFACE.md section 6) with the real helm: it lints, renders what an
// operator needs (web, and worker only with Redis; existing Secrets; non-root, read-only root
// filesystem with writable emptyDirs), and deploying it through Argo CD reports clean.
import { describe, expect, it } from "@jest/globals";
import { execa } from "execa";
import { readdir, readFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";
import { analyze } from "../../src/analyze.js";
import { resolveTools } from "../../src/adapters/exec/resolve-tools.js";
import { parseConfig } from "../../src/config/parse-config.js";
import { makeRepo, REPO_URL, type Files } from "../scenario/scenario-repo.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const CHART = join(root, "charts", "argocd-blast-radius");
const helm = resolveTools().helm!.path;

type Obj = Record<string, any>;

async function template(...set: string[]): Promise<Obj[]> {
  const args = ["template", "blast-radius", CHART, "--namespace", "blast-radius", ...set.flatMap((s) => ["--set", s])];
  const { stdout } = await execa(helm, args, { env: { HOME: "/tmp", PATH: process.env.PATH ?? "" }, extendEnv: false });
  return parseAllDocuments(stdout)
    .map((d) => d.toJS() as Obj | null)
    .filter((o): o is Obj => o !== null);
}

const byKind = (objs: Obj[], kind: string) => objs.filter((o) => o.kind === kind);
const deployment = (objs: Obj[], component: string) =>
  byKind(objs, "Deployment").find((d) => d.metadata.labels["app.kubernetes.io/component"] === component);
const env = (d: Obj) => Object.fromEntries(d.spec.template.spec.containers[0].env.map((e: Obj) => [e.name, e]));

describe("charts/argocd-blast-radius", () => {
  it("passes helm lint --strict", async () => {
    const r = await execa(helm, ["lint", "--strict", CHART], { reject: false, env: { HOME: "/tmp" } });
    expect(r.stdout).toContain("1 chart(s) linted, 0 chart(s) failed");
    expect(r.exitCode).toBe(0);
  });

  it("default values: one web pod with the in-process queue, secrets by reference, locked down", async () => {
    const objs = await template();
    expect(objs.map((o) => o.kind).sort()).toEqual(["ConfigMap", "Deployment", "Service", "ServiceAccount"]);
    expect(byKind(objs, "Secret")).toEqual([]);
    const web = deployment(objs, "web")!;
    expect(web.spec.replicas).toBe(1);
    expect(web.spec.strategy).toEqual({ type: "Recreate" });
    const pod = web.spec.template.spec;
    const c = pod.containers[0];
    const e = env(web);
    expect(e.BLAST_RADIUS_ROLE.value).toBe("all");
    expect(e.REDIS_URL).toBeUndefined();
    // Secrets: an existing Secret, the key as a file, the webhook secret from a key ref.
    const secret = "blast-radius-argocd-blast-radius-github";
    expect(e.WEBHOOK_SECRET.valueFrom.secretKeyRef).toEqual({ name: secret, key: "webhook-secret" });
    expect(e.APP_ID.valueFrom.secretKeyRef).toEqual({ name: secret, key: "app-id" });
    expect(e.PRIVATE_KEY_PATH.value).toBe("/etc/argocd-blast-radius/github/private-key.pem");
    const volumes = Object.fromEntries(pod.volumes.map((v: Obj) => [v.name, v]));
    expect(volumes.github.secret).toMatchObject({ secretName: secret, items: [{ key: "private-key.pem" }] });
    // Configuration: the ConfigMap, mounted where BLAST_RADIUS_CONFIG points, valid for the app.
    const cm = byKind(objs, "ConfigMap")[0]!;
    expect(volumes.config.configMap.name).toBe(cm.metadata.name);
    expect(e.BLAST_RADIUS_CONFIG.value).toBe("/etc/argocd-blast-radius/config/server.yml");
    expect(parseConfig(cm.data["server.yml"], "server.yml").ok).toBe(true);
    // Locked down: non-root, read-only root filesystem, writable emptyDirs for temp and cache.
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 10001 });
    expect(c.securityContext).toMatchObject({
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ["ALL"] },
    });
    expect(pod.automountServiceAccountToken).toBe(false);
    const mounts = Object.fromEntries(c.volumeMounts.map((m: Obj) => [m.name, m.mountPath]));
    expect(mounts).toMatchObject({ tmp: "/tmp", cache: "/cache" });
    expect(volumes.tmp.emptyDir).toBeDefined();
    expect(volumes.cache.emptyDir).toBeDefined();
    expect([e.TMPDIR.value, e.XDG_CACHE_HOME.value, e.HOME.value]).toEqual(["/tmp", "/cache", "/tmp"]);
    // Probes and resources.
    expect(c.readinessProbe.httpGet).toEqual({ path: "/healthz", port: "http" });
    expect(c.livenessProbe.httpGet).toEqual({ path: "/healthz", port: "http" });
    expect(c.resources.requests).toBeDefined();
    expect(c.resources.limits.memory).toBeDefined();
    // The Service reaches the web pods' port.
    const svc = byKind(objs, "Service")[0]!;
    expect(svc.spec.selector["app.kubernetes.io/component"]).toBe("web");
    expect(svc.spec.ports[0].targetPort).toBe("http");
    expect(c.ports[0]).toMatchObject({ name: "http", containerPort: 3000 });
    expect(pod.serviceAccountName).toBe(byKind(objs, "ServiceAccount")[0]!.metadata.name);
  });

  it("with a Redis URL: web pods enqueue, worker pods analyse, both on the same Redis", async () => {
    const objs = await template("redis.url=redis://redis:6379", "web.replicas=2", "worker.replicas=3");
    const web = deployment(objs, "web")!;
    const worker = deployment(objs, "worker")!;
    expect(env(web).BLAST_RADIUS_ROLE.value).toBe("web");
    expect(env(worker).BLAST_RADIUS_ROLE.value).toBe("worker");
    expect(env(web).REDIS_URL.value).toBe("redis://redis:6379");
    expect(env(worker).REDIS_URL.value).toBe("redis://redis:6379");
    expect([web.spec.replicas, worker.spec.replicas]).toEqual([2, 3]);
    expect(web.spec.strategy).toBeUndefined();
    expect(worker.spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem).toBe(true);
    expect(worker.spec.selector.matchLabels["app.kubernetes.io/component"]).toBe("worker");
    expect(byKind(objs, "Service")[0]!.spec.selector["app.kubernetes.io/component"]).toBe("web");
  });

  it("the Redis URL and app id can come from Secrets; server config, GHE and plugins from values", async () => {
    const objs = await template(
      "redis.existingSecret=redis-auth",
      "github.appId=123456",
      "github.existingSecret=my-app",
      "github.enterpriseHost=github.example.com",
      "serverConfig.protectedNamespaces={argocd,payments}",
      "allowRepoPlugins=true",
    );
    const e = env(deployment(objs, "worker")!);
    expect(e.REDIS_URL.valueFrom.secretKeyRef).toEqual({ name: "redis-auth", key: "redis-url" });
    expect(e.APP_ID.value).toBe("123456");
    expect(e.WEBHOOK_SECRET.valueFrom.secretKeyRef.name).toBe("my-app");
    expect(e.GHE_HOST.value).toBe("github.example.com");
    expect(e.BLAST_RADIUS_REPO_PLUGINS.value).toBe("allow");
    const parsed = parseConfig(byKind(objs, "ConfigMap")[0]!.data["server.yml"], "server.yml");
    expect(parsed.ok && parsed.config.protectedNamespaces).toEqual(["argocd", "payments"]);
  });

  it("more than one web pod without Redis is refused, saying why", async () => {
    await expect(template("web.replicas=2")).rejects.toThrow(/web\.replicas > 1 needs redis\.url/);
  });

  it("deployed through Argo CD: adding the app and turning Redis on reports clean", async () => {
    const chart = await chartFiles();
    const app = (values: string) =>
      [
        "apiVersion: argoproj.io/v1alpha1",
        "kind: Application",
        "metadata: { name: blast-radius, namespace: argocd }",
        "spec:",
        "  project: default",
        "  source:",
        `    repoURL: ${REPO_URL}`,
        "    targetRevision: HEAD",
        "    path: charts/argocd-blast-radius",
        `    helm: { valuesObject: ${values} }`,
        "  destination: { server: https://kubernetes.default.svc, namespace: blast-radius }",
        "  syncPolicy: { automated: { prune: true }, syncOptions: [CreateNamespace=true] }",
        "",
      ].join("\n");
    for (const [base, head] of [
      [{ "README.md": "gitops\n" }, { ...chart, "apps/blast-radius.yaml": app("{ github: { appId: '1' } }") }],
      [
        { ...chart, "apps/blast-radius.yaml": app("{ github: { appId: '1' } }") },
        { "apps/blast-radius.yaml": app("{ github: { appId: '1' }, redis: { url: 'redis://redis:6379' } }") },
      ],
    ] as [Files, Files][]) {
      const repo = await makeRepo({ base, head });
      try {
        const outcome = await analyze({ repoDir: repo.dir, base: "main", head: "feature" });
        expect(outcome.ok).toBe(true);
        if (!outcome.ok) return;
        const r = outcome.report;
        expect(r.findings).toEqual([]);
        expect(r.deletions).toEqual([]);
        expect(r.verdict).toBe("pass");
        const a = r.applications.find((x) => x.name === "blast-radius")!;
        expect(a.errors).toEqual([]);
        expect([...a.resources.added, ...a.resources.modified].map((x) => `${x.kind}/${x.name}`)).toContain(
          "Deployment/blast-radius-argocd-blast-radius-web",
        );
      } finally {
        await repo.cleanup();
      }
    }
  });
});

async function chartFiles(): Promise<Files> {
  const files: Files = {};
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const abs = join(dir, entry.name);
      if (entry.isDirectory()) await walk(abs);
      else files[relative(root, abs)] = await readFile(abs, "utf8");
    }
  };
  await walk(CHART);
  return files;
}
