import { isNamespaceRef } from "../../refs.js";
import { defineRule } from "./rule.js";
import { deletedInside } from "./deleted-inside.js";
import { describeCause } from "./describe-cause.js";

/** A protected Namespace goes, and Kubernetes' namespace controller deletes everything in it. */
export const protectedNamespaceDelete = defineRule({
  id: "protected-namespace-delete",
  defaultSeverity: "block",
  description: "a protected Namespace would be deleted, with everything in it",
  evaluate: ({ facts }) =>
    facts.deletions
      .filter((d) => isNamespaceRef(d.ref) && d.protected)
      .map((d) => {
        const inside = deletedInside(facts.deletions, d.ref.name);
        return {
          message: `Protected Namespace ${d.ref.name} would be ${describeCause(d)}${inside > 0 ? `, and with it ${inside} resource${inside === 1 ? "" : "s"} inside it` : ""}.`,
          app: d.app,
          refs: [d.ref],
        };
      }),
});
