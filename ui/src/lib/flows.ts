import type { Flow } from "../bindings/Flow";
import type { Point } from "../bindings/Point";
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
