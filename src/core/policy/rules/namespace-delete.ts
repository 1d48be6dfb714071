import { isNamespaceRef } from "../../refs.js";
import { defineRule } from "./rule.js";
import { deletedInside } from "./deleted-inside.js";
import { describeCause } from "./describe-cause.js";

/** Kubernetes deletes everything inside a deleted Namespace
 *  (k8s:pkg/controller/namespace/deletion/namespaced_resources_deleter.go (Delete)). */
export const namespaceDelete = defineRule({
  id: "namespace-delete",
  defaultSeverity: "warn",
  description: "a Namespace would be deleted, with everything in it",
  evaluate: ({ facts }) =>
    facts.deletions
      .filter((d) => isNamespaceRef(d.ref) && !d.protected)
      .map((d) => {
        const inside = deletedInside(facts.deletions, d.ref.name);
        return {
          message: `Namespace ${d.ref.name} would be ${describeCause(d)}, with everything in it (${inside} known resource${inside === 1 ? "" : "s"}).`,
          app: d.app,
          refs: [d.ref],
        };
      }),
});
