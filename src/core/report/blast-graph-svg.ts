// The blast graph drawn as SVG by our own code (no CDN, no script): columns by depth
// (Application → deleted object → what goes with it), nodes as boxes, edges as curves with
// their counts. Every label is escaped; the picture carries names only, never a value.
import type { BlastGraph, GraphNode } from "./blast-graph.js";

const NODE_W = 300;
const NODE_H = 34;
const COL_GAP = 90;
const ROW_GAP = 18;
const PAD = 16;
const LABEL_MAX = 42;

export function renderGraphSvg(graph: BlastGraph): string {
  const depth = depths(graph);
  const columns: GraphNode[][] = [];
  for (const n of graph.nodes) (columns[depth.get(n.id) ?? 0] ??= []).push(n);
  const pos = new Map<string, { x: number; y: number }>();
  // Each node level with its parent where there is room, below the previous one otherwise.
  const parentY = (n: GraphNode): number =>
    Math.min(...graph.edges.filter((e) => e.to === n.id).map((e) => pos.get(e.from)?.y ?? Infinity));
  columns.forEach((col, c) => {
    const ordered = c === 0 ? col : [...col].sort((a, b) => parentY(a) - parentY(b));
    let next = PAD;
    for (const n of ordered) {
      const want = c === 0 ? next : parentY(n);
      const y = Math.max(next, Number.isFinite(want) ? want : next);
      pos.set(n.id, { x: PAD + c * (NODE_W + COL_GAP), y });
      next = y + NODE_H + ROW_GAP;
    }
  });
  const width = PAD * 2 + Math.max(1, columns.length) * NODE_W + Math.max(0, columns.length - 1) * COL_GAP;
  const height = PAD + Math.max(PAD + NODE_H, ...[...pos.values()].map((p) => p.y + NODE_H)) + PAD - PAD;
  const parts: string[] = [];
  for (const e of graph.edges) {
    const a = pos.get(e.from);
    const b = pos.get(e.to);
    if (!a || !b) continue;
    const x1 = a.x + NODE_W;
    const y1 = a.y + NODE_H / 2;
    const x2 = b.x;
    const y2 = b.y + NODE_H / 2;
    const mx = (x1 + x2) / 2;
    parts.push(
      `<path class="edge" d="M${x1},${y1} C${mx},${y1} ${mx},${y2} ${x2 - 6},${y2}" marker-end="url(#arrow)"/>`,
      `<text class="edge-label" x="${mx}" y="${(y1 + y2) / 2 - 4}" text-anchor="middle">${esc(e.label)}</text>`,
    );
  }
  for (const n of graph.nodes) {
    const p = pos.get(n.id)!;
    const label = `${n.protected ? "🛡️ " : ""}${n.label}`;
    const shown = label.length > LABEL_MAX ? `${label.slice(0, LABEL_MAX - 1)}…` : label;
    parts.push(
      `<g class="node ${n.kind}${n.protected ? " protected" : ""}"><title>${esc(label)}</title>` +
        `<rect x="${p.x}" y="${p.y}" width="${NODE_W}" height="${NODE_H}" rx="${n.kind === "app" ? 17 : 4}"/>` +
        `<text x="${p.x + NODE_W / 2}" y="${p.y + NODE_H / 2 + 5}" text-anchor="middle">${esc(shown)}</text></g>`,
    );
  }
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="blast-graph" role="img" aria-label="blast radius graph" ` +
    `width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">` +
    `<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">` +
    `<path d="M0,0 L10,5 L0,10 z" fill="#57606a"/></marker></defs>${parts.join("")}</svg>`
  );
}

/** Longest path from a source: an Application deleted with a Namespace sits right of it. */
function depths(graph: BlastGraph): Map<string, number> {
  const d = new Map(graph.nodes.map((n) => [n.id, n.kind === "more" ? 1 : 0]));
  for (let i = 0; i < graph.nodes.length; i++) {
    let moved = false;
    for (const e of graph.edges) {
      const next = (d.get(e.from) ?? 0) + 1;
      if (next > (d.get(e.to) ?? 0) && next <= graph.nodes.length) {
        d.set(e.to, next);
        moved = true;
      }
    }
    if (!moved) break;
  }
  return d;
}

function esc(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
