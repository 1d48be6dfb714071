import type { Deletion, DeletionCause, Ref, Report } from "../model.js";
import { cmp } from "../argocd/manifest.js";
import { IN_CLUSTER_NAME, IN_CLUSTER_SERVER } from "../argocd/constants.js";
import { clusterRefKey, compareRefs, isApplicationRef, isApplicationSetRef, refKey } from "../refs.js";
import { compareDeletions } from "./sort-report.js";

// Deletions as a reviewer reads them: a Kubernetes cascade (a Namespace, a CRD,
// an Application and everything that goes with it) is one item headed by the
// object whose deletion causes it, not fifty unrelated lines.

export type DeletionItem =
  | {
      kind: "cascade";
      /** The Namespace/CRD/Application whose deletion takes the members with it. */
      via: Ref;
      /** The deletion of `via` itself, when it is in the report (it then names the cause). */
      header?: Deletion;
      members: Deletion[];
      protected: boolean;
      /** The cause that groups the item (the members' cause). */
      cause: DeletionCause;
      /** Deletions this item accounts for, each counted by exactly one item. */
      owned: number;
      /** The cluster the members are deleted on (one item per cluster). */
      cluster?: string;
    }
  | { kind: "single"; deletion: Deletion; protected: boolean; cause: DeletionCause; owned: 1 };

/** Deletions name their cluster when the analysis spans several (the deletions', or the apps'
 *  destinations): the same Namespace on prod-eu and on in-cluster are different objects. */
export function spansClusters(report: Pick<Report, "deletions" | "applications">): boolean {
  const deleted = new Set(report.deletions.map((d) => d.cluster ?? ""));
  const destinations = new Set(
    report.applications.map((a) => destinationCluster(a.destination)).filter((c) => c !== ""),
  );
  return deleted.size > 1 || destinations.size > 1;
}

/** The destination's cluster as far as the report knows it (names other than in-cluster are not
 *  resolved here, so the same cluster named and addressed counts twice: it only adds a name). */
function destinationCluster(d: { server?: string; name?: string } | undefined): string {
  if (d?.server) return d.server.replace(/\/+$/, "");
  if (d?.name === IN_CLUSTER_NAME) return IN_CLUSTER_SERVER;
  return d?.name ? `name:${d.name}` : "";
}

/** Cascades first (one line takes many resources), in this order. */
export const CAUSE_ORDER: readonly DeletionCause[] = [
  "namespace-deleted",
  "crd-deleted",
  "app-deleted",
  "pruned",
  "owner-deleted",
  "replaced",
];

/** Groups deletions into items, protected first, then by cause, then by app and ref. */
export function groupDeletions(deletions: readonly Deletion[]): DeletionItem[] {
  const sorted = [...deletions].sort(compareDeletions);
  const cascades = new Map<string, { via: Ref; members: Deletion[]; header?: Deletion }>();
  for (const d of sorted) {
    if (!d.via) continue;
    const key = objectKey(d.via, d.cluster);
    const c = cascades.get(key) ?? { via: d.via, members: [] };
    c.members.push(d);
    cascades.set(key, c);
  }

  const items: DeletionItem[] = [];
  for (const d of sorted) {
    const c = cascades.get(objectKey(d.ref, d.cluster));
    // The deleted object that causes a cascade heads it (first one if listed twice).
    if (c && !c.header) {
      c.header = d;
      continue;
    }
    if (!d.via) items.push({ kind: "single", deletion: d, protected: d.protected, cause: d.cause, owned: 1 });
  }
  for (const c of cascades.values()) {
    // A member that heads its own cascade (a Namespace of a deleted app) is
    // counted there; here it is only named.
    const owned =
      c.members.filter((m) => cascades.get(objectKey(m.ref, m.cluster))?.header !== m).length + (c.header ? 1 : 0);
    const cluster = c.members[0]!.cluster;
    items.push({
      kind: "cascade",
      via: c.via,
      ...(c.header ? { header: c.header } : {}),
      ...(cluster !== undefined ? { cluster } : {}),
      members: c.members.sort((a, b) => compareRefs(a.ref, b.ref) || compareDeletions(a, b)),
      protected: Boolean(c.header?.protected) || c.members.some((m) => m.protected),
      cause: c.members[0]!.cause,
      owned,
    });
  }
  return items.sort(compareItems);
}

/** One object on one cluster. Applications and ApplicationSets live on the control plane, whatever
 *  cluster the resources they take with them are on; the other cascades (Namespace, CRD, owner)
 *  stay on one cluster, so two clusters' deletions of the same Namespace are two items. */
function objectKey(ref: Ref, cluster: string | undefined): string {
  return isApplicationRef(ref) || isApplicationSetRef(ref)
    ? `control-plane|${refKey(ref)}`
    : clusterRefKey(cluster ?? "", ref);
}

function compareItems(a: DeletionItem, b: DeletionItem): number {
  return (
    Number(b.protected) - Number(a.protected) ||
    causeRank(a.cause) - causeRank(b.cause) ||
    cmp(itemApp(a), itemApp(b)) ||
    compareRefs(itemRef(a), itemRef(b)) ||
    cmp(a.kind, b.kind) ||
    cmp(itemCluster(a), itemCluster(b))
  );
}

function causeRank(cause: DeletionCause): number {
  const i = CAUSE_ORDER.indexOf(cause);
  return i < 0 ? CAUSE_ORDER.length : i;
}

function itemApp(item: DeletionItem): string {
  return item.kind === "single" ? item.deletion.app : (item.header ?? item.members[0]!).app;
}

function itemCluster(item: DeletionItem): string {
  return (item.kind === "single" ? item.deletion.cluster : item.cluster) ?? "";
}

function itemRef(item: DeletionItem): Ref {
  return item.kind === "single" ? item.deletion.ref : item.via;
}
