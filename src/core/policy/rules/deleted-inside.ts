import type { Deletion } from "../../model.js";

/** Everything deleted inside a namespace, whether pruned directly or taken by the namespace. */
export function deletedInside(deletions: Deletion[], namespace: string): number {
  return deletions.filter((x) => x.ref.namespace === namespace).length;
}
