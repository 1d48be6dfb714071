import { formatRef } from "../../refs.js";
import { defineRule } from "./rule.js";
import { describeCause } from "./describe-cause.js";

/** A deleted claim releases its volume, and a reclaim policy of Delete (the default of dynamically
 *  provisioned volumes) deletes the volume with its data (kubernetes docs: concepts/storage/persistent-volumes, "Reclaiming"). */
export const dataLoss = defineRule({
  id: "data-loss",
  defaultSeverity: "warn",
  description: "a PersistentVolumeClaim or PersistentVolume would be deleted",
  evaluate: ({ facts }) =>
    facts.deletions
      .filter(
        (d) => d.ref.group === "" && (d.ref.kind === "PersistentVolumeClaim" || d.ref.kind === "PersistentVolume"),
      )
      .map((d) => ({
        message: `${formatRef(d.ref)} would be ${describeCause(d)}; the data on its volume may be lost.`,
        app: d.app,
        refs: [d.ref],
      })),
});
