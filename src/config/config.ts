// The resolved configuration every stage reads: the file's keys with defaults filled in.
import type { RuleSeverity } from "../core/model.js";
import type { RuleId } from "../core/policy/rules/registry.js";
import type { AppSetPolicy } from "../core/model.js";
import type { NetworkPolicy } from "../core/network/decide-fetch.js";
import type { PluginConfig } from "./schema.js";
import type { PathSegment } from "../core/diff/field-path.js";

export type TrackingMethod = "annotation" | "label" | "annotation+label";

export interface Config {
  argocdNamespace: string;
  protectedNamespaces: string[];
  repoServerNamespace: string;
  argocd: {
    /** "major.minor", e.g. "3.1" */
    version: string;
    trackingMethod: TrackingMethod;
    instanceLabelKey: string;
    installationID?: string;
    applicationSetPolicy: AppSetPolicy;
    applicationSetPolicyOverride: boolean;
    kustomizeBuildOptions: string;
    newGitFileGlobbing: boolean;
  };
  kubeVersion: string;
  /** head's configuration sets a higher kubeVersion (the PR announces a cluster upgrade). Only the
   *  removed-API rule reads it: a PR cannot loosen its rules, but it can make this one stricter. */
  kubeVersionRaisedTo?: string;
  apiVersions: string[];
  repoURLs: string[];
  clusters: ResolvedCluster[];
  plugins: PluginConfig[];
  policy: {
    maxDeletions: number;
    rules: Partial<Record<RuleId, RuleSeverity>>;
  };
  /** fetches named by repository content (INTERFACE.md section 2) */
  network: NetworkPolicy;
  render: {
    timeoutSeconds: number;
    maxOutputBytes: number;
    /** per tool process, enforced by the OS */
    memoryMiB: number;
    concurrency: number;
  };
  /** `diff.ignore`, resolved; absent: nothing beyond Argo CD's own noise is ignored */
  diff?: { ignore: DiffIgnoreRule[] };
}

/** Fields (or, with no paths, the whole resource) not shown as changes; unset filters match any. */
export interface DiffIgnoreRule {
  group?: string;
  kind?: string;
  name?: string;
  paths: PathSegment[][];
}

export type ResolvedCluster = {
  name: string;
  server: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  project: string;
};
