/** What the workspace shows: the live flow (read-only) or one draft (editable unless read-only). */
export type Mode = { kind: "live" } | { kind: "draft"; changeSetId: string };

/** A segment (and one of its configuration keys) the canvas selects and zooms to once it is drawn. */
export type Focus = { segment: string; key: string | null };

/** A flow asked for from another screen: its live graph or one draft, optionally at one segment. */
export type FlowTarget = { routingId: string; changeSetId?: string | null; focus?: Focus | null };

/** The last open flow and draft, so coming back to the Flows screen returns to the same canvas. */
export const lastOpen: { routingId: string | null; mode: Mode; focus: Focus | null } = { routingId: null, mode: { kind: "live" }, focus: null };

/** Makes `t` the flow the Flows screen opens next (its mode, and the segment to focus once). */
export function openTarget(t: FlowTarget): void {
  if (t.changeSetId) lastOpen.mode = { kind: "draft", changeSetId: t.changeSetId };
  else if (t.routingId !== lastOpen.routingId || t.focus) lastOpen.mode = { kind: "live" };
  lastOpen.routingId = t.routingId;
  lastOpen.focus = t.focus ?? null;
}

