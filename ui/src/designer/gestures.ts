import type { Flow } from "../bindings/Flow";
import type { EditOp } from "../bindings/EditOp";
import type { Point } from "../bindings/Point";
import type { TransitionRef } from "../bindings/TransitionRef";

/**
 * Each canvas gesture as the one batch of edit operations it is saved as when it ends. The backend
 * checks every rule again; these only say which operations a gesture means.
 */

/** Canvas positions are saved to a tenth of a pixel: enough, and stable in the database. */
export const snap = (v: number) => Math.round(v * 10) / 10;

/** Nodes that were dragged (one or many) → a move per node whose position changed. */
export function moveBatch(flow: Flow, moved: { id: string; position: Point }[]): EditOp[] {
  const byName = new Map(flow.segments.map((s) => [s.name, s]));
  return moved.flatMap(({ id, position }) => {
    const x = snap(position.x);
    const y = snap(position.y);
    const ui = byName.get(id)?.ui;
    return ui && ui.x === x && ui.y === y ? [] : [{ op: "move" as const, segment: id, x, y }];
  });
}

/** A segment dropped from the palette. */
export function addBatch(name: string, segmentType: string, at: Point): EditOp[] {
  return [{ op: "add_segment", name, segmentType, config: {}, ui: { x: snap(at.x), y: snap(at.y), collapsed: false } }];
}

/** The transition from `segment`'s `result` (no context key), if any. */
function existing(flow: Flow, segment: string, result: string, contextKey: string | null = null) {
  return flow.segments.find((s) => s.name === segment)?.transitions.find((t) => t.result === result && (t.contextKey ?? null) === contextKey);
}

/** A drag from a result handle onto a segment; a result already connected is redirected. */
export function connectBatch(flow: Flow, segment: string, result: string, next: string): EditOp[] {
  const old = existing(flow, segment, result);
  if (old?.next === next) return [];
  const ops: EditOp[] = old ? [{ op: "disconnect", segment, result }] : [];
  ops.push({ op: "connect", segment, result, next });
  return ops;
}

/** A transition as the canvas knows it (its edge): without its target, the context key always given. */
export type TransitionKey = Required<Omit<TransitionRef, "next">>;

/** An edge dragged to another target or from another result handle; the context key is kept. */
export function reconnectBatch(flow: Flow, from: TransitionKey, to: { segment: string; result: string; next: string }): EditOp[] {
  const old = existing(flow, from.segment, from.result, from.contextKey);
  if (!old) return [];
  if (from.segment === to.segment && from.result === to.result && old.next === to.next) return [];
  const ops: EditOp[] = [{ op: "disconnect", segment: from.segment, result: from.result, contextKey: from.contextKey }];
  const taken = existing(flow, to.segment, to.result, from.contextKey);
  if (taken && !(to.segment === from.segment && to.result === from.result)) {
    ops.push({ op: "disconnect", segment: to.segment, result: to.result, contextKey: from.contextKey });
  }
  ops.push({ op: "connect", segment: to.segment, result: to.result, contextKey: from.contextKey, next: to.next });
  return ops;
}

/** An edge dropped on empty canvas, or selected and deleted. */
export function disconnectBatch(keys: TransitionKey[]): EditOp[] {
  return keys.map((k) => ({ op: "disconnect", segment: k.segment, result: k.result, contextKey: k.contextKey }));
}

/**
 * Deleting segments (and selected edges): transitions into the deleted segments from the ones that
 * stay are removed too, so nothing is left pointing at a segment that is gone.
 */
export function deleteBatch(flow: Flow, segments: string[], edges: TransitionKey[]): EditOp[] {
  const gone = new Set(segments);
  const ops: EditOp[] = [];
  const seen = new Set<string>();
  const disconnect = (k: TransitionKey) => {
    const id = `${k.segment}\u0001${k.result}\u0001${k.contextKey ?? ""}`;
    if (seen.has(id) || gone.has(k.segment)) return;
    seen.add(id);
    ops.push({ op: "disconnect", segment: k.segment, result: k.result, contextKey: k.contextKey });
  };
  edges.forEach(disconnect);
  for (const s of flow.segments) {
    if (gone.has(s.name)) continue;
    for (const t of s.transitions) if (gone.has(t.next)) disconnect({ segment: s.name, result: t.result, contextKey: t.contextKey ?? null });
  }
  for (const name of segments) ops.push({ op: "delete_segment", name });
  return ops;
}

/** The first free `<base>_<n>` (names are unique ignoring case). */
export function freeName(flow: Flow, base: string, taken: Iterable<string> = []): string {
  const used = new Set([...flow.segments.map((s) => s.name.toLowerCase()), ...[...taken].map((t) => t.toLowerCase())]);
  const stem = base.replace(/[^A-Za-z0-9_]/g, "_").replace(/^[^A-Za-z]+/, "") || "segment";
  for (let n = 1; ; n++) {
    const name = `${stem}_${n}`;
    if (!used.has(name.toLowerCase())) return name;
  }
}
