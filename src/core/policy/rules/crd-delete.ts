import { isCrdRef } from "../../refs.js";
import { defineRule } from "./rule.js";
import { describeCause } from "./describe-cause.js";

/** Deleting a CRD deletes every custom resource of its type (the apiextensions finalizer). */
export const crdDelete = defineRule({
  id: "crd-delete",
  defaultSeverity: "block",
  description: "a CustomResourceDefinition would be deleted, with all its custom resources",
  evaluate: ({ facts }) =>
    facts.deletions
      .filter((d) => isCrdRef(d.ref))
      .map((d) => ({
        message: `CustomResourceDefinition ${d.ref.name} would be ${describeCause(d)}: every custom resource of that type in the cluster is deleted with it.`,
        app: d.app,
        refs: [d.ref],
      })),
});
