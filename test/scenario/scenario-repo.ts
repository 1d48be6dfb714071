// Real git repositories for scenario tests: a base commit and a head commit that changes files.
import { execa } from "execa";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { expect } from "@jest/globals";
import { analyze } from "../../src/analyze.js";
import type { Report } from "../../src/core/model.js";
import { renderJson } from "../../src/core/report/render-json.js";
import { createMemoryRenderCache } from "../../src/adapters/cache/create-memory-render-cache.js";

export type Files = Record<string, string | null>;

export const REPO_URL = "https://github.com/example-org/gitops.git";

/** An auto-syncing Application, its source (a flow mapping) `apps/<name>` of this repository
 *  unless given. */
export function sourcedApplication(name: string, source = `{ repoURL: "${REPO_URL}", path: apps/${name} }`): string {
  return [
    "apiVersion: argoproj.io/v1alpha1",
    "kind: Application",
    "metadata:",
    `  name: ${name}`,
    "  namespace: argocd",
    "spec:",
    "  project: default",
    `  source: ${source}`,
    `  destination: { server: https://kubernetes.default.svc, namespace: ${name} }`,
    "  syncPolicy: { automated: { prune: true } }",
    "",
  ].join("\n");
}

const ENV = {
  GIT_AUTHOR_NAME: "t",
  GIT_AUTHOR_EMAIL: "t@example.com",
  GIT_COMMITTER_NAME: "t",
  GIT_COMMITTER_EMAIL: "t@example.com",
  GIT_AUTHOR_DATE: "2026-01-01T00:00:00Z",
  GIT_COMMITTER_DATE: "2026-01-01T00:00:00Z",
  GIT_CONFIG_NOSYSTEM: "1",
};

async function git(dir: string, args: string[]): Promise<string> {
  return (
    await execa("git", ["-C", dir, "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", ...args], {
      env: ENV,
    })
  ).stdout;
}

async function writeFiles(dir: string, files: Files): Promise<void> {
  for (const [path, text] of Object.entries(files)) {
    const abs = join(dir, path);
    if (text === null) await rm(abs, { force: true, recursive: true });
    else {
      await mkdir(dirname(abs), { recursive: true });
      await writeFile(abs, text);
    }
  }
}

export async function makeRepo(params: {
  base: Files;
  head: Files;
}): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), "br-scenario-"));
  await git(dir, ["init", "-q"]);
  await git(dir, ["remote", "add", "origin", REPO_URL]);
  await writeFiles(dir, params.base);
  await git(dir, ["add", "-A"]);
  await git(dir, ["commit", "-q", "--allow-empty", "-m", "base"]);
  await git(dir, ["checkout", "-q", "-b", "feature"]);
  await writeFiles(dir, params.head);
  await git(dir, ["add", "-A"]);
  await git(dir, ["commit", "-q", "--allow-empty", "-m", "head"]);
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Analyses the scenario, and checks on the way that the fast path (unchanged apps left
 *  unrendered, render cache) reports exactly what a forced full render reports: cold, and again
 *  with the cache the first run left (render summaries let a deletion skip unaffected apps). */
export async function analyzeScenario(params: { base: Files; head: Files }): Promise<Report> {
  const repo = await makeRepo(params);
  try {
    const renderCache = createMemoryRenderCache();
    const outcome = await analyze({ repoDir: repo.dir, base: "main", head: "feature" }, { renderCache });
    if (!outcome.ok) throw new Error(outcome.error);
    const full = await analyze({ repoDir: repo.dir, base: "main", head: "feature", noCache: true });
    if (!full.ok) throw new Error(full.error);
    expect(renderJson(outcome.report)).toBe(renderJson(full.report));
    const warm = await analyze({ repoDir: repo.dir, base: "main", head: "feature" }, { renderCache });
    if (!warm.ok) throw new Error(warm.error);
    expect(renderJson(warm.report)).toBe(renderJson(full.report));
    return outcome.report;
  } finally {
    await repo.cleanup();
  }
}

/** Compares the JSON report with the checked-in golden file; UPDATE_GOLDEN=1 rewrites it. */
export async function expectGolden(name: string, report: Report): Promise<void> {
  const file = join(dirname(new URL(import.meta.url).pathname), "__golden__", `${name}.json`);
  const actual = renderJson(report);
  if (process.env.UPDATE_GOLDEN === "1") {
    await writeFile(file, actual);
    return;
  }
  let expected: string;
  try {
    expected = await readFile(file, "utf8");
  } catch {
    throw new Error(`golden file ${name}.json is missing: run with UPDATE_GOLDEN=1 and review it`);
  }
  expect(actual).toBe(expected);
}

// ---- small manifest builders -------------------------------------------------

export function application(p: {
  name: string;
  path: string;
  destNs: string;
  prune?: boolean;
  automated?: boolean;
  allowEmpty?: boolean;
  finalizer?: boolean;
  extraSource?: string;
  syncOptions?: string[];
}): string {
  return [
    "apiVersion: argoproj.io/v1alpha1",
    "kind: Application",
    "metadata:",
    `  name: ${p.name}`,
    "  namespace: argocd",
    ...(p.finalizer ? ["  finalizers:", "    - resources-finalizer.argocd.argoproj.io"] : []),
    "spec:",
    "  project: default",
    "  source:",
    `    repoURL: ${REPO_URL}`,
    "    targetRevision: HEAD",
    `    path: ${p.path}`,
    ...(p.extraSource ? p.extraSource.split("\n").map((l) => `    ${l}`) : []),
    "  destination:",
    "    server: https://kubernetes.default.svc",
    `    namespace: ${p.destNs}`,
    "  syncPolicy:",
    ...(p.automated === false
      ? []
      : [`    automated: { prune: ${p.prune ?? true}, allowEmpty: ${p.allowEmpty ?? false} }`]),
    `    syncOptions: [${(p.syncOptions ?? []).join(", ")}]`,
    "",
  ].join("\n");
}

/** An ApplicationSet `tenants` with a git directory generator over `tenants/*` of this
 *  repository: one auto-syncing app `tenant-<dir>` per directory, into namespace `tenant-<dir>`. */
export const TENANTS_APPSET = [
  "apiVersion: argoproj.io/v1alpha1",
  "kind: ApplicationSet",
  "metadata: { name: tenants, namespace: argocd }",
  "spec:",
  "  generators:",
  `    - git: { repoURL: "${REPO_URL}", revision: HEAD, directories: [{ path: "tenants/*" }] }`,
  "  template:",
  "    metadata: { name: 'tenant-{{path.basename}}' }",
  "    spec:",
  "      project: default",
  `      source: { repoURL: "${REPO_URL}", path: "{{path}}" }`,
  "      destination: { server: https://kubernetes.default.svc, namespace: 'tenant-{{path.basename}}' }",
  "      syncPolicy: { automated: { prune: true } }",
  "",
].join("\n");

export function configMap(name: string, extra = ""): string {
  return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n${extra}data:\n  key: value\n`;
}

export function deployment(name: string, image = "nginx:1.27"): string {
  return `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  replicas: 1\n  selector: { matchLabels: { app: ${name} } }\n  template:\n    metadata: { labels: { app: ${name} } }\n    spec: { containers: [{ name: main, image: "${image}" }] }\n`;
}
