import type { Deletion } from "../../model.js";

/** How a deletion happens, as the end of "X would be …": "pruned by shop (auto-sync)". */
export function describeCause(d: Deletion): string {
  switch (d.cause) {
    case "pruned":
      return `pruned by ${d.app} (${d.trigger})`;
    case "app-deleted":
      return d.via ? `deleted with ${d.via.kind} ${d.via.name}` : `deleted with Application ${d.app}`;
    case "namespace-deleted":
      return `deleted with Namespace ${d.via?.name}`;
    case "crd-deleted":
      return `deleted with CRD ${d.via?.name}`;
    case "owner-deleted":
      return `garbage-collected with its owner ${d.via ? `${d.via.kind} ${d.via.name}` : ""}`.trimEnd();
    case "replaced":
      return `deleted and created again by ${d.recreatedBy ?? d.app}`;
  }
}
