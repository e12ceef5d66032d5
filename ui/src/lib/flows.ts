import type { Flow } from "../bindings/Flow";
import type { Segment } from "../bindings/Segment";

/** One edge of a flow as a table row. */
export type TransitionRow = {
  source: string;
  result: string;
  contextKey: string | null;
  target: string;
  /** The target names no segment of the flow (validation reports it as an error). */
  targetMissing: boolean;
};

/** Every transition of the flow, by source segment then result (the order the backend keeps). */
export function transitionRows(flow: Flow): TransitionRow[] {
  const names = new Set(flow.segments.map((s) => s.name));
  return flow.segments.flatMap((s) =>
    s.transitions.map((t) => ({
      source: s.name,
      result: t.result,
      contextKey: t.contextKey ?? null,
      target: t.next,
      targetMissing: !names.has(t.next),
    })),
  );
}

/** Configuration as sorted (key, value) pairs; JSON values are shown compactly. */
export function configEntries(s: Segment): { key: string; value: string }[] {
  return Object.entries(s.config)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, value]) => ({ key, value: compactJson(value) }));
}

function compactJson(v: string): string {
  const t = v.trim();
  if (!(t.startsWith("{") || t.startsWith("["))) return v;
  try {
    return JSON.stringify(JSON.parse(t));
  } catch {
    return v;
  }
}

/** Segments that point at this one (for "reached from"). */
export function incoming(flow: Flow, name: string): string[] {
  return flow.segments.filter((s) => s.transitions.some((t) => t.next === name)).map((s) => s.name);
}

/** Case-insensitive search over segment names, types and configuration values. */
export function matchSegment(s: Segment, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (q === "") return true;
  return (
    s.name.toLowerCase().includes(q) ||
    s.segmentType.toLowerCase().includes(q) ||
    Object.entries(s.config).some(([k, v]) => k.toLowerCase().includes(q) || v.toLowerCase().includes(q))
  );
}

export type Point = { x: number; y: number };

/**
 * Where to draw each segment: its saved canvas position when it has one, otherwise a layered
 * layout (breadth-first from the entry segments, one row per depth) so the graph is still readable.
 */
export function layout(flow: Flow, entries: string[], gap: Point = { x: 240, y: 140 }): Map<string, Point> {
  const out = new Map<string, Point>();
  const placed = flow.segments.filter((s) => s.ui);
  for (const s of placed) out.set(s.name, { x: s.ui!.x, y: s.ui!.y });
  const rest = flow.segments.filter((s) => !s.ui);
  if (rest.length === 0) return out;

  const byName = new Map(flow.segments.map((s) => [s.name, s]));
  const depth = new Map<string, number>();
  const queue = entries.filter((e) => byName.has(e));
  for (const e of queue) depth.set(e, 0);
  while (queue.length > 0) {
    const n = queue.shift()!;
    for (const t of byName.get(n)?.transitions ?? []) {
      if (byName.has(t.next) && !depth.has(t.next)) {
        depth.set(t.next, depth.get(n)! + 1);
        queue.push(t.next);
      }
    }
  }
  // Unreachable segments go below everything reachable.
  const maxDepth = Math.max(-1, ...depth.values());
  const rows = new Map<number, string[]>();
  for (const s of rest) {
    const d = depth.get(s.name) ?? maxDepth + 1;
    rows.set(d, [...(rows.get(d) ?? []), s.name]);
  }
  // Unplaced segments start below the lowest saved position, so they never overlap saved ones.
  const top = placed.length ? Math.max(...placed.map((s) => s.ui!.y)) + gap.y : 0;
  for (const [d, names] of [...rows.entries()].sort((a, b) => a[0] - b[0])) {
    names.forEach((n, i) => out.set(n, { x: i * gap.x, y: top + d * gap.y }));
  }
  return out;
}

export type GraphNode = { id: string; position: Point; segmentType: string; entry: boolean; terminal: boolean };
/** Every transition from one segment to another, merged: their results make the label. */
export type GraphEdge = { id: string; source: string; target: string; label: string };

/**
 * Nodes and edges for drawing the flow. Transitions between the same two segments become one edge
 * labelled with all their results; an edge to a segment that doesn't exist is left out (the
 * Transitions tab and the validation findings name it); a self-loop (a retry) is kept.
 */
export function graphElements(flow: Flow, entries: string[]): { nodes: GraphNode[]; edges: GraphEdge[] } {
  const pos = layout(flow, entries);
  const entrySet = new Set(entries);
  const nodes = flow.segments.map((s) => ({
    id: s.name,
    position: pos.get(s.name) ?? { x: 0, y: 0 },
    segmentType: s.segmentType,
    entry: entrySet.has(s.name),
    terminal: s.transitions.length === 0,
  }));
  const merged = new Map<string, GraphEdge>();
  for (const r of transitionRows(flow)) {
    if (r.targetMissing) continue;
    const id = `${r.source}->${r.target}`;
    const label = r.contextKey ? `${r.result} [${r.contextKey}]` : r.result;
    const e = merged.get(id);
    if (e) e.label = `${e.label}, ${label}`;
    else merged.set(id, { id, source: r.source, target: r.target, label });
  }
  return { nodes, edges: [...merged.values()] };
}

export const NODE = { w: 180, h: 46 };

/** The box that holds every node, with a margin for labels and loops. */
export function bounds(nodes: GraphNode[], margin = 40): { x: number; y: number; w: number; h: number } {
  if (nodes.length === 0) return { x: 0, y: 0, w: NODE.w, h: NODE.h };
  const xs = nodes.map((n) => n.position.x);
  const ys = nodes.map((n) => n.position.y);
  const x = Math.min(...xs) - margin;
  const y = Math.min(...ys) - margin;
  return { x, y, w: Math.max(...xs) + NODE.w + margin - x, h: Math.max(...ys) + NODE.h + margin - y };
}

/**
 * An SVG path from one node to another and where its label goes. Downward edges leave the bottom
 * and enter the top; edges between nodes on one row go side to side; upward edges curve around;
 * a self-loop is an arc on the right.
 */
export function edgePath(a: Point, b: Point): { d: string; label: Point } {
  const { w, h } = NODE;
  if (a.x === b.x && a.y === b.y) {
    const x = a.x + w;
    const y = a.y + h / 2;
    return { d: `M ${x} ${y - 10} C ${x + 50} ${y - 40}, ${x + 50} ${y + 40}, ${x} ${y + 10}`, label: { x: x + 40, y } };
  }
  let p0: Point, p1: Point, p2: Point, p3: Point;
  if (Math.abs(a.y - b.y) < h) {
    const right = b.x > a.x;
    p0 = { x: right ? a.x + w : a.x, y: a.y + h / 2 };
    p3 = { x: right ? b.x : b.x + w, y: b.y + h / 2 };
    const dx = (p3.x - p0.x) / 2;
    p1 = { x: p0.x + dx, y: p0.y };
    p2 = { x: p3.x - dx, y: p3.y };
  } else {
    p0 = { x: a.x + w / 2, y: a.y + h };
    p3 = { x: b.x + w / 2, y: b.y };
    const bend = Math.max(60, Math.abs(p3.y - p0.y) / 2);
    p1 = { x: p0.x, y: p0.y + bend };
    p2 = { x: p3.x, y: p3.y - bend };
  }
  const label = { x: (p0.x + 3 * p1.x + 3 * p2.x + p3.x) / 8, y: (p0.y + 3 * p1.y + 3 * p2.y + p3.y) / 8 };
  return { d: `M ${p0.x} ${p0.y} C ${p1.x} ${p1.y}, ${p2.x} ${p2.y}, ${p3.x} ${p3.y}`, label };
}
