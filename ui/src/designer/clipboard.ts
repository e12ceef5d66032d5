import type { Flow } from "../bindings/Flow";
import type { Segment } from "../bindings/Segment";
import { freeName, snap, type Point } from "./gestures";
import type { EditOp } from "../bindings/EditOp";

/**
 * Copy and paste of segments, within a draft and between drafts. The clipboard holds a flow
 * fragment as text (so it also goes through the system clipboard); transitions between copied
 * segments are kept, those leaving the selection are not.
 */
export const FRAGMENT_FORMAT = "ivr-flow-fragment";

export type Fragment = { format: typeof FRAGMENT_FORMAT; segments: Segment[] };

export function copyFragment(flow: Flow, names: string[]): Fragment {
  const chosen = new Set(names);
  const segments = flow.segments
    .filter((s) => chosen.has(s.name))
    .map((s) => ({ ...s, transitions: s.transitions.filter((t) => chosen.has(t.next)) }));
  return { format: FRAGMENT_FORMAT, segments };
}

/** Reads clipboard text; a clear message when it is not a flow fragment. */
export function parseFragment(text: string): { ok: true; fragment: Fragment } | { ok: false; message: string } {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return { ok: false, message: "the clipboard does not hold segments copied from a flow (it is not JSON)" };
  }
  const o = v as Partial<Fragment> | null;
  if (!o || typeof o !== "object" || o.format !== FRAGMENT_FORMAT || !Array.isArray(o.segments)) {
    return { ok: false, message: "the clipboard does not hold segments copied from a flow" };
  }
  const bad = o.segments.find((s) => !s || typeof s.name !== "string" || typeof s.segmentType !== "string" || typeof s.config !== "object" || !Array.isArray(s.transitions));
  if (bad !== undefined) return { ok: false, message: "the copied segments are incomplete; copy them again" };
  return { ok: true, fragment: o as Fragment };
}

/**
 * The batch that pastes `fragment` into `flow` with its top-left corner at `at`: each segment gets
 * a free name (`<name>_<n>` when taken), keeps its configuration, and the transitions between
 * pasted segments follow the new names. Configuration goes in as stored text: the backend checks it.
 */
export function pasteBatch(flow: Flow, fragment: Fragment, at: Point): { ops: EditOp[]; names: string[] } {
  const taken: string[] = [];
  const rename = new Map<string, string>();
  for (const s of fragment.segments) {
    const free = flow.segments.some((o) => o.name.toLowerCase() === s.name.toLowerCase()) || taken.some((t) => t.toLowerCase() === s.name.toLowerCase()) ? freeName(flow, s.name, taken) : s.name;
    taken.push(free);
    rename.set(s.name, free);
  }
  const xs = fragment.segments.map((s) => s.ui?.x ?? 0);
  const ys = fragment.segments.map((s) => s.ui?.y ?? 0);
  const left = xs.length ? Math.min(...xs) : 0;
  const top = ys.length ? Math.min(...ys) : 0;
  const ops: EditOp[] = [];
  for (const s of fragment.segments) {
    const name = rename.get(s.name)!;
    const ui = { x: snap(at.x + (s.ui?.x ?? 0) - left), y: snap(at.y + (s.ui?.y ?? 0) - top), collapsed: s.ui?.collapsed ?? false };
    ops.push({
      op: "restore_segment",
      segment: {
        ...s,
        name,
        ui,
        transitions: s.transitions.filter((t) => rename.has(t.next)).map((t) => ({ ...t, next: rename.get(t.next)! })),
      },
    });
  }
  return { ops, names: [...rename.values()] };
}
