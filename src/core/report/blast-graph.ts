// The blast radius as a picture: Application → the Namespace, CRD or Application it deletes →
// what goes with it, counts on the edges. One model, drawn as mermaid in the comment and as SVG
// in the HTML report; at most GRAPH_MAX_NODES nodes, the rest one "+N more" node.
import type { Deletion, Report } from "../model.js";
import { formatRef, isApplicationRef, isApplicationSetRef, refKey } from "../refs.js";
import { groupDeletions, spansClusters } from "./group-deletions.js";

export const GRAPH_MAX_NODES = 30;

export interface GraphNode {
  id: string;
  label: string;
  kind: "app" | "object" | "count" | "more";
  protected: boolean;
}

export interface GraphEdge {
  from: string;
  to: string;
  label: string;
}

export interface BlastGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

export function blastGraph(report: Report): BlastGraph {
  const nodes = new Map<string, GraphNode>();
  const edges: GraphEdge[] = [];
  const add = (key: string, node: Omit<GraphNode, "id">): string => {
    const found = nodes.get(key);
    if (found) return found.id;
    const id = `n${nodes.size}`;
    nodes.set(key, { id, ...node });
    return id;
  };
  const appNode = (app: string): string => add(`app|${app}`, { label: `app ${app}`, kind: "app", protected: false });
  let left = 0;
  const items = groupDeletions(report.deletions);
  // One node per object and cluster; named with its cluster when the deletions span several.
  const many = spansClusters(report);
  const where = (cluster: string | undefined): string => (many && cluster ? ` @ ${hostOf(cluster)}` : "");
  // Pruned singles of one app are one count node.
  const pruned = new Map<string, Deletion[]>();
  for (const item of items)
    if (item.kind === "single")
      pruned.set(item.deletion.app, [...(pruned.get(item.deletion.app) ?? []), item.deletion]);
  for (const item of items) {
    if (nodes.size + 3 > GRAPH_MAX_NODES) {
      left += item.owned;
      continue;
    }
    if (item.kind === "single") {
      const ds = pruned.get(item.deletion.app);
      if (!ds) continue;
      pruned.delete(item.deletion.app);
      const from = appNode(item.deletion.app);
      if (ds.length === 1) {
        const to = add(`obj|${ds[0]!.cluster ?? ""}|${refKey(ds[0]!.ref)}`, {
          label: `${formatRef(ds[0]!.ref)}${where(ds[0]!.cluster)}`,
          kind: "object",
          protected: ds[0]!.protected,
        });
        edges.push({ from, to, label: verb(ds[0]!) });
      } else {
        const to = add(`pruned|${item.deletion.app}`, {
          label: countLabel(ds),
          kind: "count",
          protected: ds.some((d) => d.protected),
        });
        edges.push({ from, to, label: `${verb(ds[0]!)} ${ds.length}` });
      }
      continue;
    }
    const head = item.header ?? item.members[0]!;
    const via = add(`obj|${item.cluster ?? ""}|${refKey(item.via)}`, {
      label: `${formatRef(item.via)}${isApplicationRef(item.via) || isApplicationSetRef(item.via) ? "" : where(item.cluster)}`,
      kind: "object",
      protected: Boolean(item.header?.protected),
    });
    const from = appNode(head.app);
    if (!edges.some((e) => e.to === via))
      edges.push({ from, to: via, label: item.header ? verb(item.header) : "deletes" });
    const n = item.members.length;
    const to = add(`members|${item.cluster ?? ""}|${refKey(item.via)}`, {
      label: countLabel(item.members),
      kind: "count",
      protected: item.members.some((m) => m.protected),
    });
    edges.push({ from: via, to, label: `takes ${n}` });
  }
  if (left > 0)
    add("more", { label: `+${left} more ${left === 1 ? "deletion" : "deletions"}`, kind: "more", protected: false });
  return { nodes: [...nodes.values()], edges };
}

/** "prod-eu.example.com" of "https://prod-eu.example.com:6443"; "name:x" stays. */
function hostOf(cluster: string): string {
  const m = /^https?:\/\/([^/:]+)/.exec(cluster);
  return m ? m[1]! : cluster;
}

/** "4 Applications", "2 resources": the kind when they share one. */
function countLabel(ds: Deletion[]): string {
  const kinds = new Set(ds.map((d) => d.ref.kind));
  const kind = kinds.size === 1 ? [...kinds][0]! : "resource";
  return `${ds.length} ${ds.length === 1 ? kind : `${kind}s`}`;
}

function verb(d: Deletion): string {
  return d.cause === "pruned" ? "prunes" : "deletes";
}

/** Mermaid flowchart text; labels are quoted and stripped of what mermaid would read as markup. */
export function renderMermaid(graph: BlastGraph): string {
  const q = (s: string): string => `"${s.replace(/["<>`#&]/g, "")}"`;
  const shape = (n: GraphNode): string => {
    const label = q(`${n.protected ? "🛡️ " : ""}${n.label}`);
    if (n.kind === "app") return `${n.id}([${label}])`;
    if (n.kind === "count" || n.kind === "more") return `${n.id}[/${label}/]`;
    return `${n.id}[${label}]`;
  };
  const lines = ["flowchart LR", ...graph.nodes.map((n) => `  ${shape(n)}`)];
  for (const e of graph.edges) lines.push(`  ${e.from} -->|${q(e.label)}| ${e.to}`);
  const prot = graph.nodes.filter((n) => n.protected).map((n) => n.id);
  if (prot.length)
    lines.push("  classDef protected stroke:#cf222e,stroke-width:2px", `  class ${prot.join(",")} protected`);
  return `${lines.join("\n")}\n`;
}
