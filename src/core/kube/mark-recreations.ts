// A deletion whose object the head state creates again on the same cluster is an outage, not a
// permanent removal: the object goes, then comes back new (downtime; a PVC comes back empty).
//   - a resource that moves from one app to another in one change: if the old app prunes first,
//     the new app creates it again (argocd-semantics.md trap 19);
//   - an ApplicationSet renamed while generating the same Application names: the old one's
//     Applications are garbage-collected, their resources finalizer deletes everything, the new
//     ApplicationSet creates the Applications and they sync it all again (C.3, C.1);
//   - a Namespace that moves between apps, and what the head declares inside it.
import type { Config } from "../../config/config.js";
import type { Deletion } from "../model.js";
import type { SideState } from "../side-state.js";
import { clusterIdOf } from "../argocd/cluster-id.js";
import { IN_CLUSTER_SERVER } from "../argocd/constants.js";
import { appKey, clusterRefKey, isApplicationRef, isNamespaceRef } from "../refs.js";

/** Who creates each object again on head: cluster-qualified ref key -> a name for the report. */
export function headCreators(head: SideState, config: Config): Map<string, string> {
  const out = new Map<string, string[]>();
  const put = (k: string, who: string): void => {
    const list = out.get(k) ?? [];
    if (!list.includes(who)) list.push(who);
    out.set(k, list);
  };
  for (const [, app] of head.apps) {
    if (!app.desired) continue;
    const cluster = clusterIdOf(app.spec, config);
    for (const r of app.desired.resources.values()) put(clusterRefKey(cluster, r.ref), app.spec.name);
  }
  return new Map([...out].map(([k, v]) => [k, [...v].sort().join(", ")]));
}

/** Sets `recreatedBy` on every deletion the head creates again. Returns new objects. */
export function markRecreations(params: { deletions: Deletion[]; head: SideState; config: Config }): Deletion[] {
  const creators = headCreators(params.head, params.config);
  const creatorOf = (d: Deletion): string | undefined => {
    if (d.recreatedBy !== undefined) return d.recreatedBy;
    const cluster = d.cluster ?? IN_CLUSTER_SERVER;
    const by = creators.get(clusterRefKey(cluster, d.ref));
    if (by !== undefined) return by;
    // An Application object is created again by the ApplicationSet or app that generates it on
    // head; one declared in a file was applied by hand and nothing applies it again.
    if (isApplicationRef(d.ref) && cluster === IN_CLUSTER_SERVER) {
      const app = params.head.apps.get(appKey(d.ref.namespace, d.ref.name));
      if (app && app.spec.origin.kind !== "file") return app.spec.generatedBy;
    }
    return undefined;
  };
  const first = params.deletions.map((d) => ({ d, by: creatorOf(d) }));
  // What a Namespace deletion takes comes back only if the Namespace itself comes back.
  const nsBack = new Set(
    first
      .filter((x) => x.by !== undefined && isNamespaceRef(x.d.ref))
      .map((x) => clusterRefKey(x.d.cluster ?? "", x.d.ref)),
  );
  return first.map(({ d, by }) => {
    if (by === undefined) return d;
    if (d.cause === "namespace-deleted" && d.via && !nsBack.has(clusterRefKey(d.cluster ?? "", d.via))) return d;
    return { ...d, recreatedBy: by };
  });
}
