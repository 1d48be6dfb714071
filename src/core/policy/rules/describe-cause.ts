import type { Deletion } from "../../model.js";

/** How a deletion happens, as the end of "X would be …": "pruned by shop (auto-sync)". */
export function describeCause(d: Deletion): string {
  const how =
    d.cause === "pruned"
      ? `pruned by ${d.app} (${d.trigger})`
      : d.cause === "app-deleted"
        ? `deleted with Application ${d.via?.name ?? d.app}`
        : d.cause === "namespace-deleted"
          ? `deleted with Namespace ${d.via?.name}`
          : `deleted with CRD ${d.via?.name}`;
  return how;
}
