// A synthetic GitOps monorepo for the benchmark, as real git commits: helm apps on a few shared
// local charts with per-app value files, kustomize overlays on shared bases (one base used by 50
// overlays), plain directories, and two ApplicationSets (a git directory generator over 100+
// tenant folders, a list generator). Branches: `main` (base), `pr-apps` (5 apps plus the shared
// base of 50), `pr-remove` (5 apps changed, one Application removed) and `pr-readme` (a file no
// application reads).
import { execa } from "execa";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";

export const BENCH_REPO_URL = "https://github.com/example-org/bench-gitops.git";

export interface BenchRepo {
  dir: string;
  apps: number;
  counts: Record<"helm" | "kustomize" | "directory" | "tenants" | "regions", number>;
  /** apps whose inputs the pr-apps branch changes */
  changedApps: number;
}

/** Fixed identities and dates: the same repository, commit ids included, on every run. */
export const GIT_ENV = {
  GIT_AUTHOR_NAME: "bench",
  GIT_AUTHOR_EMAIL: "bench@example.com",
  GIT_COMMITTER_NAME: "bench",
  GIT_COMMITTER_EMAIL: "bench@example.com",
  GIT_AUTHOR_DATE: "2026-01-01T00:00:00Z",
  GIT_COMMITTER_DATE: "2026-01-01T00:00:00Z",
  GIT_CONFIG_NOSYSTEM: "1",
};

async function git(dir: string, args: string[]): Promise<void> {
  await execa("git", ["-C", dir, "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", ...args], {
    env: GIT_ENV,
  });
}

async function writeAll(dir: string, files: Map<string, string | null>): Promise<void> {
  const dirs = new Set([...files.keys()].map((f) => dirname(join(dir, f))));
  for (const d of dirs) await mkdir(d, { recursive: true });
  // In slices: tens of thousands of files at once exceed the open-file limit.
  const entries = [...files.entries()];
  for (let i = 0; i < entries.length; i += 256) {
    await Promise.all(
      entries.slice(i, i + 256).map(async ([path, text]) => {
        if (text === null) await rm(join(dir, path), { force: true });
        else await writeFile(join(dir, path), text);
      }),
    );
  }
}

const pad = (i: number) => String(i).padStart(4, "0");

function application(p: { name: string; path: string; extra?: string[] }): string {
  return [
    "apiVersion: argoproj.io/v1alpha1",
    "kind: Application",
    "metadata:",
    `  name: ${p.name}`,
    "  namespace: argocd",
    "  finalizers: [resources-finalizer.argocd.argoproj.io]",
    "spec:",
    "  project: default",
    "  source:",
    `    repoURL: ${BENCH_REPO_URL}`,
    "    targetRevision: HEAD",
    `    path: ${p.path}`,
    ...(p.extra ?? []).map((l) => `    ${l}`),
    `  destination: { server: https://kubernetes.default.svc, namespace: ${p.name} }`,
    "  syncPolicy: { automated: { prune: true }, syncOptions: [CreateNamespace=true] }",
    "",
  ].join("\n");
}

function chartFiles(name: string): [string, string][] {
  const d = `charts/${name}`;
  return [
    [`${d}/Chart.yaml`, `apiVersion: v2\nname: ${name}\nversion: 1.0.0\n`],
    [
      `${d}/values.yaml`,
      "replicas: 1\nimage: nginx:1.27\nport: 80\nconfig: { LOG_LEVEL: info }\nextraConfigMap: false\n",
    ],
    [
      `${d}/templates/_helpers.tpl`,
      `{{- define "${name}.labels" -}}\napp.kubernetes.io/name: {{ .Release.Name }}\napp.kubernetes.io/part-of: ${name}\n{{- end -}}\n`,
    ],
    [
      `${d}/templates/deployment.yaml`,
      `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n  labels: {{- include "${name}.labels" . | nindent 4 }}\nspec:\n  replicas: {{ .Values.replicas }}\n  selector: { matchLabels: { app: {{ .Release.Name }} } }\n  template:\n    metadata: { labels: { app: {{ .Release.Name }} } }\n    spec:\n      containers:\n      - name: main\n        image: {{ .Values.image }}\n        ports: [{ containerPort: {{ .Values.port }} }]\n        envFrom: [{ configMapRef: { name: {{ .Release.Name }}-config } }]\n`,
    ],
    [
      `${d}/templates/service.yaml`,
      `apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  selector: { app: {{ .Release.Name }} }\n  ports: [{ port: {{ .Values.port }} }]\n`,
    ],
    [
      `${d}/templates/configmap.yaml`,
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-config\ndata:\n{{- range $k, $v := .Values.config }}\n  {{ $k }}: {{ $v | quote }}\n{{- end }}\n{{- if .Values.extraConfigMap }}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-extra\ndata: { extra: "yes" }\n{{- end }}\n`,
    ],
  ];
}

function baseFiles(name: string): [string, string][] {
  const d = `kustomize/bases/${name}`;
  return [
    [`${d}/kustomization.yaml`, "resources:\n- deployment.yaml\n- service.yaml\nlabels:\n- pairs: { tier: backend }\n"],
    [
      `${d}/deployment.yaml`,
      "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  replicas: 1\n  selector: { matchLabels: { app: api } }\n  template:\n    metadata: { labels: { app: api } }\n    spec:\n      containers: [{ name: api, image: 'busybox:1.36' }]\n",
    ],
    [
      `${d}/service.yaml`,
      "apiVersion: v1\nkind: Service\nmetadata:\n  name: api\nspec:\n  selector: { app: api }\n  ports: [{ port: 8080 }]\n",
    ],
  ];
}

export async function buildBenchRepo(params: { dir: string; apps: number }): Promise<BenchRepo> {
  const { dir, apps } = params;
  const counts = {
    helm: Math.round(apps * 0.4),
    kustomize: Math.max(50, Math.round(apps * 0.3)),
    directory: Math.round(apps * 0.15),
    tenants: Math.max(100, Math.round(apps * 0.12)),
    regions: 0,
  };
  counts.regions = Math.max(1, apps - counts.helm - counts.kustomize - counts.directory - counts.tenants);
  const files = new Map<string, string | null>();
  files.set("README.md", "# bench gitops\n");
  const charts = ["web", "worker", "cron"];
  for (const c of charts) for (const [p, t] of chartFiles(c)) files.set(p, t);

  for (let i = 0; i < counts.helm; i++) {
    const name = `helm-${pad(i)}`;
    files.set(
      `envs/${name}/values.yaml`,
      `replicas: ${1 + (i % 3)}\nconfig: { LOG_LEVEL: info, APP: ${name} }\nextraConfigMap: true\n`,
    );
    files.set(
      `argocd/apps/${name}.yaml`,
      application({
        name,
        path: `charts/${charts[i % charts.length]}`,
        extra: ["helm:", `  valueFiles: [../../envs/${name}/values.yaml]`],
      }),
    );
  }
  // One base shared by 50 overlays; the others share smaller bases (25 overlays each).
  for (let i = 0; i < counts.kustomize; i++) {
    const name = `kust-${pad(i)}`;
    const base = i < 50 ? "shared" : `base-${Math.floor((i - 50) / 25)}`;
    files.set(
      `kustomize/overlays/${name}/kustomization.yaml`,
      `resources:\n- ../../bases/${base}\nnamePrefix: ${name}-\npatches:\n- path: replicas.yaml\n`,
    );
    files.set(
      `kustomize/overlays/${name}/replicas.yaml`,
      `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  replicas: ${1 + (i % 4)}\n`,
    );
    files.set(`argocd/apps/${name}.yaml`, application({ name, path: `kustomize/overlays/${name}` }));
    for (const [p, t] of baseFiles(base)) files.set(p, t);
  }
  for (let i = 0; i < counts.directory; i++) {
    const name = `dir-${pad(i)}`;
    files.set(
      `plain/${name}/configmap.yaml`,
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata: { key: value }\n`,
    );
    files.set(`plain/${name}/secret-ref.yaml`, `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: ${name}\n`);
    files.set(`argocd/apps/${name}.yaml`, application({ name, path: `plain/${name}` }));
  }
  for (let i = 0; i < counts.tenants; i++) {
    const t = `t-${pad(i)}`;
    files.set(
      `tenants/${t}/quota.yaml`,
      `apiVersion: v1\nkind: ResourceQuota\nmetadata:\n  name: quota\nspec:\n  hard: { pods: "${10 + i}" }\n`,
    );
    files.set(
      `tenants/${t}/role.yaml`,
      `apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: tenant\nrules: []\n`,
    );
  }
  files.set(
    "argocd/appsets/tenants.yaml",
    [
      "apiVersion: argoproj.io/v1alpha1",
      "kind: ApplicationSet",
      "metadata: { name: tenants, namespace: argocd }",
      "spec:",
      "  generators:",
      `  - git: { repoURL: "${BENCH_REPO_URL}", revision: HEAD, directories: [{ path: "tenants/*" }] }`,
      "  template:",
      "    metadata: { name: 'tenant-{{path.basename}}' }",
      "    spec:",
      "      project: default",
      `      source: { repoURL: "${BENCH_REPO_URL}", targetRevision: HEAD, path: "{{path}}" }`,
      "      destination: { server: https://kubernetes.default.svc, namespace: 'tenant-{{path.basename}}' }",
      "      syncPolicy: { automated: { prune: true } }",
      "",
    ].join("\n"),
  );
  const regions = Array.from({ length: counts.regions }, (_, i) => `r-${pad(i)}`);
  for (const r of regions) files.set(`envs-regions/${r}.yaml`, `replicas: 2\nconfig: { REGION: ${r} }\n`);
  files.set(
    "argocd/appsets/regions.yaml",
    [
      "apiVersion: argoproj.io/v1alpha1",
      "kind: ApplicationSet",
      "metadata: { name: regions, namespace: argocd }",
      "spec:",
      "  generators:",
      "  - list:",
      "      elements:",
      ...regions.map((r) => `      - { region: ${r} }`),
      "  template:",
      "    metadata: { name: 'edge-{{region}}' }",
      "    spec:",
      "      project: default",
      "      source:",
      `        repoURL: "${BENCH_REPO_URL}"`,
      "        targetRevision: HEAD",
      "        path: charts/web",
      "        helm: { valueFiles: ['../../envs-regions/{{region}}.yaml'] }",
      "      destination: { server: https://kubernetes.default.svc, namespace: 'edge-{{region}}' }",
      "      syncPolicy: { automated: { prune: true } }",
      "",
    ].join("\n"),
  );

  await mkdir(dir, { recursive: true });
  await git(dir, ["init", "-q"]);
  await git(dir, ["remote", "add", "origin", BENCH_REPO_URL]);
  await writeAll(dir, files);
  await git(dir, ["add", "-A"]);
  await git(dir, ["commit", "-q", "-m", "base"]);

  // pr-apps: five applications (two helm, one overlay, one directory, one tenant) and the shared base.
  await git(dir, ["checkout", "-q", "-b", "pr-apps"]);
  const pr = new Map<string, string | null>([
    ["envs/helm-0000/values.yaml", "replicas: 5\nconfig: { LOG_LEVEL: debug, APP: helm-0000 }\nextraConfigMap: true\n"],
    ["envs/helm-0001/values.yaml", "replicas: 1\nconfig: { LOG_LEVEL: info, APP: helm-0001 }\nextraConfigMap: false\n"],
    [
      "kustomize/overlays/kust-0060/replicas.yaml",
      "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  replicas: 7\n",
    ],
    ["plain/dir-0000/secret-ref.yaml", null],
    [
      "tenants/t-0000/quota.yaml",
      'apiVersion: v1\nkind: ResourceQuota\nmetadata:\n  name: quota\nspec:\n  hard: { pods: "99" }\n',
    ],
    [
      "kustomize/bases/shared/service.yaml",
      "apiVersion: v1\nkind: Service\nmetadata:\n  name: api\nspec:\n  selector: { app: api }\n  ports: [{ port: 9090 }]\n",
    ],
  ]);
  await writeAll(dir, pr);
  await git(dir, ["add", "-A"]);
  await git(dir, ["commit", "-q", "-m", "pr: five apps and the shared base"]);

  // pr-remove: the five applications of pr-apps (not the shared base) and one Application removed.
  await git(dir, ["checkout", "-q", "main"]);
  await git(dir, ["checkout", "-q", "-b", "pr-remove"]);
  await writeAll(
    dir,
    new Map([...[...pr].filter(([p]) => !p.startsWith("kustomize/bases/")), ["argocd/apps/dir-0001.yaml", null]]),
  );
  await git(dir, ["add", "-A"]);
  await git(dir, ["commit", "-q", "-m", "pr: five apps changed, one application removed"]);

  await git(dir, ["checkout", "-q", "main"]);
  await git(dir, ["checkout", "-q", "-b", "pr-readme"]);
  await writeAll(dir, new Map([["README.md", "# bench gitops\n\nDocs only.\n"]]));
  await git(dir, ["add", "-A"]);
  await git(dir, ["commit", "-q", "-m", "pr: docs only"]);
  await git(dir, ["checkout", "-q", "main"]);
  return {
    dir,
    apps: counts.helm + counts.kustomize + counts.directory + counts.tenants + counts.regions,
    counts,
    changedApps: 5 + 50,
  };
}
