import type { Deletion } from "../../model.js";
import { formatRef, isApplicationRef, isApplicationSetRef, isNamespaceRef, refKey } from "../../refs.js";
import { defineRule } from "./rule.js";
import { describeCause } from "./describe-cause.js";

/** One finding per protected namespace and cause, not one per resource. */
export const protectedResourceDelete = defineRule({
  id: "protected-resource-delete",
  defaultSeverity: "block",
  description: "a resource inside a protected namespace would be deleted",
  evaluate: ({ facts }) => {
    const groups = new Map<string, Deletion[]>();
    for (const d of facts.deletions) {
      // Application and ApplicationSet objects live in the Argo CD namespace by design; their
      // deletion is the app-delete rule's business, their resources are judged on their own.
      if (!d.protected || isNamespaceRef(d.ref) || isApplicationRef(d.ref) || isApplicationSetRef(d.ref)) continue;
      const k = `${d.ref.namespace}|${d.cause}|${d.via ? refKey(d.via) : ""}|${d.app}`;
      groups.set(k, [...(groups.get(k) ?? []), d]);
    }
    return [...groups.values()].map((ds) => {
      const first = ds[0]!;
      const names = ds
        .slice(0, 10)
        .map((d) => formatRef(d.ref))
        .join(", ");
      return {
        message: `${ds.length} resource${ds.length === 1 ? "" : "s"} in protected namespace ${first.ref.namespace} would be ${describeCause(first)}: ${names}${ds.length > 10 ? ` and ${ds.length - 10} more` : ""}.`,
        app: first.app,
        refs: ds.map((d) => d.ref),
      };
    });
  },
});
