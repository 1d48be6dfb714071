import { clusterIdOf } from "../../argocd/cluster-id.js";
import { IN_CLUSTER_SERVER } from "../../argocd/constants.js";
import { volumeFate } from "../../kube/volume-fate.js";
import type { Resource } from "../../model.js";
import { formatRef } from "../../refs.js";
import { defineRule } from "./rule.js";
import { describeCause } from "./describe-cause.js";

/** A deleted claim releases its volume; the volume's reclaim policy decides whether the data goes
 *  with it (src/core/kube/volume-fate.ts). Retain keeps it: the finding stays, as `info`, saying so. */
export const dataLoss = defineRule({
  id: "data-loss",
  defaultSeverity: "warn",
  description: "a PersistentVolumeClaim or PersistentVolume would be deleted",
  evaluate: ({ facts, base, config }) => {
    const volumes = facts.deletions.filter(
      (d) => d.ref.group === "" && (d.ref.kind === "PersistentVolumeClaim" || d.ref.kind === "PersistentVolume"),
    );
    if (volumes.length === 0) return [];
    // What the base renders put on each cluster: the PVs and StorageClasses that decide the fate.
    const live = new Map<string, Resource[]>();
    for (const [, app] of base.apps) {
      if (!app.desired) continue;
      const cluster = clusterIdOf(app.spec, config);
      live.set(cluster, [...(live.get(cluster) ?? []), ...app.desired.resources.values()]);
    }
    return volumes.map((d) => {
      const fate = volumeFate(d.ref, live.get(d.cluster ?? IN_CLUSTER_SERVER) ?? []);
      const what = `${formatRef(d.ref)} would be ${describeCause(d)}`;
      if (fate.kind === "kept")
        return { severity: "info" as const, message: `${what}; ${fate.why}.`, app: d.app, refs: [d.ref] };
      if (fate.kind === "lost") return { message: `${what}; ${fate.why}.`, app: d.app, refs: [d.ref] };
      return { message: `${what}; the data on its volume may be lost.`, app: d.app, refs: [d.ref] };
    });
  },
});
