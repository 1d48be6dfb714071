// How a render, or one tool run under it, failed: set where the failure happens (the tool runner,
// the renderer) and read by every decision after it (what the cache keeps, what is reported as
// Argo CD's failure and what as ours), never guessed again from the message.

export type FailureKind =
  /** the tool ran and failed: Argo CD's repo-server would fail the same way */
  | "exit"
  /** the inputs are wrong (a missing path or value file, YAML that does not parse): Argo CD's failure too */
  | "invalid-input"
  /** killed at render.timeoutSeconds */
  | "timeout"
  /** killed at render.maxOutputBytes */
  | "output-limit"
  /** stopped at render.memoryMiB */
  | "memory-limit"
  /** the command could not be started */
  | "spawn"
  /** helm, kustomize or a plugin's command is not installed here */
  | "missing-tool"
  /** a server the tool needs could not be reached from here */
  | "network"
  /** the host failed under the tool (disk full, too many open files, a connection reset) */
  | "infrastructure"
  /** the network policy (config.network) refused a fetch */
  | "refused-by-policy"
  /** a feature this tool does not render (jsonnet) */
  | "unsupported"
  /** a bug of ours, or an unexpected failure of the host */
  | "internal"
  /** stopped because the analysis was aborted (the app drains, or a newer push superseded it) */
  | "interrupted";

/** Kinds that are not about the inputs: the same render may succeed next time, so it is not cached. */
const TRANSIENT: ReadonlySet<FailureKind> = new Set<FailureKind>([
  "timeout",
  "output-limit",
  "spawn",
  "missing-tool",
  "network",
  "infrastructure",
  "internal",
  "interrupted",
]);

export function isTransientFailure(kind: FailureKind): boolean {
  return TRANSIENT.has(kind);
}

/** Kinds that are this tool's limits, not Argo CD's failures: Argo CD may render the app fine, so
 *  the app is "not analysed", never "Argo CD stops syncing it". A tool that is not installed here
 *  (a plugin's command; the repo-server or its sidecar has its own), a command that could not be
 *  started, the host failing under the tool and a bug of ours say nothing about the inputs, so
 *  claiming a ComparisonError (argo-cd:controller/sync.go) for them would be a guess. The limits
 *  (timeout, output, memory) stay Argo CD's: its repo-server bounds the same runs
 *  (argo-cd:util/exec/exec.go (initTimeout): ARGOCD_EXEC_TIMEOUT), and input that exhausts
 *  ours is the pull request's doing. */
const OURS: ReadonlySet<FailureKind> = new Set<FailureKind>([
  "network",
  "unsupported",
  "missing-tool",
  "spawn",
  "infrastructure",
  "internal",
]);

/** How the report names a failure of this tool's own, when the renderer gave no more precise words. */
const OWN_FAILURE: Partial<Record<FailureKind, string>> = {
  network: "a server it needs cannot be reached from here",
  "missing-tool": "a tool it needs is not installed here",
  spawn: "a tool it needs could not be started here",
  infrastructure: "the host failed under the tool",
  internal: "an internal error of this tool",
};

/** The `limitation` text of a failure of this kind, when it is one of this tool's own. */
export function ownFailureReason(kind: FailureKind): string | undefined {
  return OWN_FAILURE[kind];
}

/** Whether a failed render failed for a reason of this tool's (the message is in `limitation`). */
export function failsHereOnly(render: { error?: string; errorKind?: FailureKind }): boolean {
  return render.error !== undefined && render.errorKind !== undefined && OURS.has(render.errorKind);
}
