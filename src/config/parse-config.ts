// Turns the text of a configuration file into a Config, or a one-line error naming the key.
import { parse as parseYaml } from "yaml";
import type { Config, DiffIgnoreRule } from "./config.js";
import { parsePath } from "../core/diff/field-path.js";
import { configSchema, type ConfigFile } from "./schema.js";
import { DEFAULT_CONFIG } from "./defaults.js";
import { firstLine } from "../core/first-line.js";

export type ParseConfigResult = { ok: true; config: Config } | { ok: false; error: string };

export function parseConfig(text: string, source: string): ParseConfigResult {
  let raw: unknown;
  try {
    raw = parseYaml(text) ?? {};
  } catch (err) {
    return { ok: false, error: `${source}: invalid YAML: ${firstLine(err)}` };
  }
  return validateConfig(raw, source);
}

export function validateConfig(raw: unknown, source: string): ParseConfigResult {
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path.map(String).join(".");
    if (issue.code === "unrecognized_keys") {
      const keys = issue.keys.map((k) => (path ? `${path}.${k}` : k)).join(", ");
      return { ok: false, error: `${source}: unknown key ${keys}` };
    }
    return { ok: false, error: `${source}: ${path || "(root)"}: ${issue.message}` };
  }
  return { ok: true, config: resolveConfig(parsed.data) };
}

/** Fill defaults. Later layers (e.g. a repository file over a server file) are merged by mergeConfigFiles. */
export function resolveConfig(file: ConfigFile): Config {
  const d = DEFAULT_CONFIG;
  const version = file.argocd?.version !== undefined ? String(file.argocd.version) : d.argocd.version;
  const policy = file.argocd?.applicationSetPolicy ?? d.argocd.applicationSetPolicy;
  return {
    argocdNamespace: file.argocdNamespace ?? d.argocdNamespace,
    protectedNamespaces: file.protectedNamespaces ?? d.protectedNamespaces,
    repoServerNamespace: file.repoServerNamespace ?? file.argocdNamespace ?? d.repoServerNamespace,
    argocd: {
      version,
      trackingMethod: file.argocd?.trackingMethod ?? defaultTrackingMethod(version),
      instanceLabelKey: file.argocd?.instanceLabelKey ?? d.argocd.instanceLabelKey,
      installationID: file.argocd?.installationID,
      applicationSetPolicy: policy,
      // Argo CD enables the per-appset override by default only when no controller policy is set
      // (argo-cd:cmd/argocd-applicationset-controller/commands/applicationset_controller.go).
      applicationSetPolicyOverride:
        file.argocd?.applicationSetPolicyOverride ?? file.argocd?.applicationSetPolicy === undefined,
      kustomizeBuildOptions: file.argocd?.kustomizeBuildOptions ?? d.argocd.kustomizeBuildOptions,
      newGitFileGlobbing: file.argocd?.newGitFileGlobbing ?? d.argocd.newGitFileGlobbing,
    },
    kubeVersion: file.kubeVersion ?? d.kubeVersion,
    apiVersions: file.apiVersions ?? d.apiVersions,
    repoURLs: file.repoURLs ?? d.repoURLs,
    clusters: (file.clusters ?? d.clusters).map((c) => ({
      name: c.name,
      server: c.server,
      labels: c.labels ?? {},
      annotations: c.annotations ?? {},
      project: c.project ?? "",
    })),
    plugins: file.plugins ?? d.plugins,
    policy: {
      maxDeletions: file.policy?.maxDeletions ?? d.policy.maxDeletions,
      rules: { ...d.policy.rules, ...(file.policy?.rules ?? {}) },
    },
    network: {
      offline: file.network?.offline ?? d.network.offline,
      allow: file.network?.allow ?? d.network.allow,
    },
    render: {
      timeoutSeconds: file.render?.timeoutSeconds ?? d.render.timeoutSeconds,
      maxOutputBytes: file.render?.maxOutputBytes ?? d.render.maxOutputBytes,
      memoryMiB: file.render?.memoryMiB ?? d.render.memoryMiB,
      concurrency: file.render?.concurrency ?? d.render.concurrency,
    },
    ...(file.diff?.ignore?.length ? { diff: { ignore: file.diff.ignore.map(resolveDiffIgnore) } } : {}),
  };
}

function resolveDiffIgnore(entry: NonNullable<NonNullable<ConfigFile["diff"]>["ignore"]>[number]): DiffIgnoreRule {
  // The schema has checked every path.
  if (typeof entry === "string") return { paths: [parsePath(entry)!] };
  return {
    ...(entry.group !== undefined ? { group: entry.group } : {}),
    kind: entry.kind,
    ...(entry.name !== undefined ? { name: entry.name } : {}),
    paths: (entry.paths ?? []).map((p) => parsePath(p)!),
  };
}

/** Argo CD 2.x defaulted to label tracking, 3.0+ to annotation tracking
 *  (argo-cd:docs/operator-manual/upgrading/2.14-3.0.md). */
function defaultTrackingMethod(version: string): Config["argocd"]["trackingMethod"] {
  const major = Number.parseInt(version, 10);
  return Number.isFinite(major) && major < 3 ? "label" : "annotation";
}
