// The data that flows through the pipeline. Pure types, no behaviour.
//
// checkout -> discover -> render -> pair -> deletions -> policy -> report
import type { FailureKind } from "./failure-kind.js";
import type { RuleId } from "./policy/rules/registry.js";

/** A Kubernetes object as parsed from YAML/JSON. */
export type Manifest = Record<string, unknown>;

/** Identity of a resource: Argo CD keys by group/kind/namespace/name, never apiVersion
 *  (argo-cd:gitops-engine/pkg/utils/kube/kube.go (GetResourceKey)). */
export interface Ref {
  group: string; // "" for the core group
  kind: string;
  namespace: string; // "" for cluster-scoped kinds
  name: string;
}

export type Side = "base" | "head";

export type Severity = "block" | "warn" | "info";
export type RuleSeverity = Severity | "off";
export type Verdict = "pass" | "warn" | "block";

/** One resource of an app's desired state, after namespace defaulting. */
export interface Resource {
  ref: Ref;
  apiVersion: string;
  obj: Manifest;
}

// ---------------------------------------------------------------------------
// Applications

/** `spec.source` / one entry of `spec.sources`, loosely typed as users write it. */
export interface AppSource {
  repoURL: string;
  path?: string;
  chart?: string;
  targetRevision?: string;
  ref?: string;
  name?: string;
  helm?: Record<string, unknown>;
  kustomize?: Record<string, unknown>;
  directory?: Record<string, unknown>;
  plugin?: Record<string, unknown>;
}

export interface AppSyncPolicy {
  /** automated sync enabled (present and `enabled` not false). */
  automated: boolean;
  prune: boolean;
  allowEmpty: boolean;
  selfHeal: boolean;
  /** spec.syncPolicy.syncOptions, verbatim. */
  syncOptions: string[];
}

/** Where an Application came from. */
export type AppOrigin =
  | { kind: "file"; file: string } // declared in a repository file
  | { kind: "app"; parent: string } // rendered by another Application (app-of-apps); parent = app key
  | { kind: "appset"; appSet: string; file: string }; // generated; appSet = "ns/name"

/** An Argo CD Application, normalised. The raw object is kept for anything not lifted here. */
export interface AppSpec {
  /** "<namespace>/<name>": identity of an Application object. */
  key: string;
  name: string;
  /** metadata.namespace of the Application (defaulted to the Argo CD namespace). */
  namespace: string;
  /** Argo CD's instance name: name, or `<ns>_<name>` outside the control-plane namespace. */
  instanceName: string;
  origin: AppOrigin;
  /** Human text for the report's `generatedBy`: "ApplicationSet/tenants" or a file path. */
  generatedBy: string;
  project: string;
  destination: { server?: string; name?: string; namespace: string };
  /** spec.sources, or [spec.source]. */
  sources: AppSource[];
  syncPolicy: AppSyncPolicy;
  finalizers: string[];
  annotations: Record<string, string>;
  labels: Record<string, string>;
  /** The full Application manifest as Argo CD would store it. */
  manifest: Manifest;
}

/** An ApplicationSet, as found in a file or in a render. */
export interface AppSetSpec {
  key: string; // "<ns>/<name>"
  name: string;
  namespace: string;
  origin: AppOrigin;
  manifest: Manifest;
}

/** The result of evaluating one ApplicationSet. */
export type AppSetResult =
  | {
      ok: true;
      apps: Manifest[]; // generated Application manifests (namespace forced to the appset's)
      /** effective applicationsSync policy after config/override */
      policy: AppSetPolicy;
    }
  | {
      ok: false;
      /** "cannot-evaluate": needs live data (SCM, PR, plugin, cluster-decision-resource).
       *  "error": a generator or template error; Argo CD stops reconciling, deletes nothing. */
      reason: "cannot-evaluate" | "error";
      message: string;
      policy: AppSetPolicy;
    };

export type AppSetPolicy = "sync" | "create-only" | "create-update" | "create-delete";

// ---------------------------------------------------------------------------
// Rendering

export type RenderTool = "helm" | "kustomize" | "directory" | "plugin";

export type SourceRender =
  | { status: "rendered"; tool: RenderTool; manifests: Manifest[]; warnings?: string[] }
  /** `limitation`: this tool cannot render it here (unsupported feature, unreachable server);
   *  Argo CD itself may render it fine. */
  | { status: "error"; tool?: RenderTool; kind: FailureKind; message: string; limitation?: string }
  /** Not rendered on purpose (a source outside this repository, a ref-only source, a plugin not configured). */
  /** `notConfigured` (a plugin missing) and `unavailable` (this repository's revision missing) mean
   *  the desired state is unknown: always reported, never taken as unchanged. */
  | { status: "skipped"; reason: string; kind?: SkipKind; notConfigured?: boolean; unavailable?: boolean };

/** Why a source was skipped, when a decision depends on it: a ref-only source lends value files
 *  and is not rendered; a fetch the network policy refused leaves it unknown. */
export type SkipKind = "ref-only" | "refused-by-policy";

export interface AppRender {
  app: string; // app key
  /** Concatenated manifests of every rendered source (later sources win on duplicate keys). */
  manifests: Manifest[];
  sources: SourceRender[];
  /** first error across sources, if any: the whole app fails to compare (ComparisonError). */
  error?: string;
  /** how that first error came about (present with `error`) */
  errorKind?: FailureKind;
  /** the first error is this tool's limitation, not a failure Argo CD would have */
  limitation?: string;
  /** some source was skipped: the app's desired state is not fully known. */
  incomplete?: string;
  /** content key of the spec and every input file the render reads (the render cache's key), when
   *  known: different on the two sides means the inputs changed. Never in the report. */
  inputsKey?: string;
  /** when the full set of inputs cannot be known (a chart fetched from a repository): the key of
   *  the spec and the files the render is known to read. Different on the two sides means the
   *  inputs changed; equal proves nothing. Never in the report. */
  partialInputsKey?: string;
  /** (length, keyed digest) of every text form of the Secret values this render holds masked
   *  (core/secrets/mask-secrets): what scrubs them from any message. Never in the report. */
  secretNeedles?: SecretNeedle[];
}

export interface SecretNeedle {
  length: number;
  digest: string;
}

// ---------------------------------------------------------------------------
// Analysis results (the report of INTERFACE.md section 3)

export type AppChange = "added" | "removed" | "modified" | "unchanged";

export interface AppReport {
  name: string;
  generatedBy: string;
  change: AppChange;
  autoSync: boolean;
  autoPrune: boolean;
  errors: { side: Side; message: string }[];
  resources: { added: Ref[]; modified: Ref[]; removed: Ref[] };
  /** extension: head side's destination (base side's when removed) */
  destination?: AppDestination;
  /** extension, present only when not empty: the Application's own fields that differ */
  specChanges?: SpecChange[];
}

export interface AppDestination {
  server?: string;
  name?: string;
  namespace?: string;
}

/** One field of an Application's spec (or its finalizers); `null` where a side lacks it. */
export interface SpecChange {
  path: string;
  base: unknown;
  head: unknown;
}

/** Extension: one modified resource, its changed field paths and unified diff (Secret values masked). */
export interface Change {
  app: string;
  ref: Ref;
  /** the destination cluster (head side): server URL, or "name:<name>" when unresolved */
  cluster?: string;
  paths: string[];
  diff: string;
  /** the diff was too large to keep: its line count; `diff` then says so in one line */
  diffTooLarge?: number;
}

/** `owner-deleted`: Kubernetes' garbage collector follows an ownerReference (the PVCs of a
 *  StatefulSet with whenDeleted: Delete). `replaced`: Argo CD deletes the object and creates it
 *  again (Force=true on a refused patch, Replace=true with Force=true). */
export type DeletionCause =
  "pruned" | "app-deleted" | "namespace-deleted" | "crd-deleted" | "owner-deleted" | "replaced";
export type DeletionTrigger = "auto-sync" | "manual-sync" | "app-deletion" | "appset-reconcile";

export interface Deletion {
  ref: Ref;
  app: string;
  cause: DeletionCause;
  via?: Ref;
  trigger: DeletionTrigger;
  protected: boolean;
  /** extension: a short human explanation of the mechanism. */
  reason?: string;
  /** extension: the cluster it lives on (destination server URL, or `name:<name>` unresolved) */
  cluster?: string;
  /** extension: head creates the same object again on the same cluster (downtime, new volumes) */
  recreatedBy?: string;
  /** not in the JSON: a move between apps (argocd-semantics.md trap 19), which `reason` describes
   *  with the apps it moves to and the sync order the re-creation depends on */
  moved?: true;
  /** extension: in no render; a live object Kubernetes made (a StatefulSet's PVC) */
  inferred?: true;
}

export interface Finding {
  rule: RuleId;
  severity: Severity;
  message: string;
  app?: string;
  refs: Ref[];
  /** extension: the way out of this finding, when it is more specific than its rule's */
  remedy?: string;
}

/** Extension: a resource that leaves an app's render but stays in the cluster, and why. */
export interface Kept {
  ref: Ref;
  app: string;
  reason: string;
}

export interface Report {
  schemaVersion: 1;
  base: { rev: string; sha: string };
  head: { rev: string; sha: string };
  verdict: Verdict;
  applications: AppReport[];
  deletions: Deletion[];
  findings: Finding[];
  /** extension, present only when not empty: removed from Git (or with a deleted app) but kept alive */
  kept?: Kept[];
  /** extension, present only when not empty: one per modified resource */
  changes?: Change[];
}
