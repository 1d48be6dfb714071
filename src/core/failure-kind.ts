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
 *  the app is "not analysed", never "Argo CD stops syncing it". */
const OURS: ReadonlySet<FailureKind> = new Set<FailureKind>(["network", "unsupported"]);

/** Whether a failed render failed for a reason of this tool's (the message is in `limitation`). */
export function failsHereOnly(render: { error?: string; errorKind?: FailureKind }): boolean {
  return render.error !== undefined && render.errorKind !== undefined && OURS.has(render.errorKind);
}
