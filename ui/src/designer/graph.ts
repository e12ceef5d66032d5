import { getBezierPath, Position, type Edge, type Node, type NodeHandle } from "@xyflow/react";
import type { Direction } from "../bindings/Direction";
import type { Finding } from "../bindings/Finding";
import type { FlowView } from "../bindings/FlowView";
import type { LayoutOptions } from "../bindings/LayoutOptions";
import type { Segment } from "../bindings/Segment";
import type { SegmentResult } from "../bindings/SegmentResult";
import type { ValidationReport } from "../bindings/ValidationReport";
import { layout } from "../lib/flows";
import type { SegmentCatalog } from "../bindings/SegmentCatalog";
import type { SegmentTypeDef } from "../bindings/SegmentTypeDef";

/**
 * The canvas model: a flow (as the backend holds it) drawn as @xyflow/react nodes and edges.
 * Pure functions, so they are unit-tested and so a save only replaces the node objects whose
 * segment changed (memoized nodes re-render only then).
 */

/** One output handle: a result the segment can produce (or one its transitions use anyway). */
export type ResultHandle = {
  name: string;
  /** The type says a transition for it is required (an error when missing). */
  mustHandle: boolean;
  connected: boolean;
  /** False when a transition uses a result the segment cannot produce (validation says why). */
  known: boolean;
};

export type SegmentData = {
  segment: Segment;
  typeLabel: string;
  category: string | null;
  terminal: boolean;
  /** A routing entry starts the flow here. */
  entry: boolean;
  results: ResultHandle[];
  /** Key settings at a glance: a prompt's message (see `glanceText`), required values. */
  glance: GlanceLine[];
  errors: number;
  warnings: number;
  /** Findings of this segment, one line each (the badge's tooltip). */
  findings: string[];
  readOnly: boolean;
};

export type SegmentNode = Node<SegmentData, "segment">;

/** Everything besides the flow view that changes what a node shows. */
export type GraphContext = {
  catalog: SegmentCatalog | undefined;
  entries: ReadonlySet<string>;
  readOnly: boolean;
};

/** One line of a node's glance: a key and its value; `message` when the value is a message key. */
export type GlanceLine = { key: string; text: string; message?: true };

/**
 * What a glance line shows: a message key's published text, quoted, when known (the node asks
 * for it as it is drawn: the texts arrive after the graph and redraw only the nodes in view),
 * else the value.
 */
export function glanceText(g: GlanceLine, messageText?: (key: string) => string | undefined): string {
  const text = g.message ? messageText?.(g.text) : undefined;
  return text !== undefined ? `“${clip(text)}”` : g.text;
}

export function typeOf(catalog: SegmentCatalog | undefined, code: string): SegmentTypeDef | undefined {
  return catalog?.types.find((t) => t.code === code);
}

/**
 * The output handles of a segment: what the backend says it can produce (its type's results
 * applied to its configuration, in handle order), then results only its transitions name. Those
 * are marked unknown when the segment declares its results (validation reports them).
 */
export function segmentResults(declared: SegmentResult[] | undefined, s: Segment): ResultHandle[] {
  const used = new Set(s.transitions.map((tr) => tr.result));
  const out: ResultHandle[] = (declared ?? []).map((r) => ({ name: r.name, mustHandle: r.mustHandle, connected: used.has(r.name), known: true }));
  for (const tr of s.transitions) {
    if (!out.some((r) => r.name === tr.result)) out.push({ name: tr.result, mustHandle: false, connected: true, known: declared === undefined });
  }
  return out;
}

/** Keys whose value names a message key (the message text is shown instead of the key). */
export function isMessageKeyName(key: string): boolean {
  return key === "messageKey" || key.endsWith("MessageKey");
}

const GLANCE_MAX = 3;
const TEXT_MAX = 60;

function clip(s: string): string {
  return s.length > TEXT_MAX ? `${s.slice(0, TEXT_MAX - 1)}…` : s;
}

/** What a node shows under its title: the message first, then required keys, then other set keys. */
export function glance(t: SegmentTypeDef | undefined, s: Segment): GlanceLine[] {
  const keys = Object.keys(s.config);
  const required = new Set(t?.keys.filter((k) => k.required).map((k) => k.name) ?? []);
  const rank = (k: string) => (k === "messageKey" ? 0 : required.has(k) ? 1 : 2);
  const ordered = keys.filter((k) => rank(k) < 2 || t?.keys.find((d) => d.name === k)?.default !== s.config[k]);
  ordered.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  return ordered.slice(0, GLANCE_MAX).map((k) => {
    const v = s.config[k];
    return isMessageKeyName(k) ? { key: k, text: v, message: true } : { key: k, text: clip(v) };
  });
}

type SegmentFindings = { list: Finding[]; key: string };
const NO_FINDINGS: SegmentFindings = { list: [], key: "" };
/** Per report, its findings by segment: a save that changed no finding keeps the report object. */
const bySegmentOf = new WeakMap<ValidationReport, Map<string, SegmentFindings>>();

function findingsBySegment(v: ValidationReport | undefined): Map<string, SegmentFindings> {
  const known = v && bySegmentOf.get(v);
  if (known) return known;
  const lists = new Map<string, Finding[]>();
  for (const f of [...(v?.errors ?? []), ...(v?.warnings ?? [])]) {
    if (!f.segment) continue;
    const list = lists.get(f.segment);
    if (list) list.push(f);
    else lists.set(f.segment, [f]);
  }
  const out = new Map([...lists].map(([name, list]) => [name, { list, key: findingsKey(list) }]));
  if (v) bySegmentOf.set(v, out);
  return out;
}

export function segmentData(s: Segment, ctx: GraphContext, declared: SegmentResult[] | undefined, findings: Finding[] = []): SegmentData {
  const t = typeOf(ctx.catalog, s.segmentType);
  return {
    segment: s,
    typeLabel: t?.displayName ?? s.segmentType,
    category: t?.category ?? null,
    terminal: t?.terminal ?? false,
    entry: ctx.entries.has(s.name),
    results: segmentResults(declared, s),
    glance: glance(t, s),
    errors: findings.filter((f) => f.severity === "error").length,
    warnings: findings.filter((f) => f.severity === "warning").length,
    findings: findings.map((f) => `${f.severity === "error" ? "Error" : "Warning"}: ${f.message}`),
    readOnly: ctx.readOnly,
  };
}

/** Structural equality of two node data objects (they are plain JSON). */
function sameData(a: SegmentData, b: SegmentData): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * A node's size and handle positions, known before it is drawn. app.css gives every part of a
 * node a fixed height (the `.seg-*` rules; the numbers here are theirs), so a node's box follows
 * from how many glance lines and results it shows. @xyflow/react uses these for nodes it has not
 * drawn (with `onlyRenderVisibleElements` it draws only the ones in view: without known handles it
 * would draw every node once to measure it) and measures the drawn ones itself.
 */
export const NODE = {
  width: 200,
  border: 1,
  head: 22,
  type: 18,
  /** A glance or results section: its top border and 2 px padding above and below. */
  section: 5,
  row: 17,
  handle: 9,
  /** `.seg-out` sits this far outside the node's inner right edge (then half its width further). */
  outOffset: 5,
} as const;

function glanceHeight(glanceRows: number): number {
  return glanceRows > 0 ? NODE.section + glanceRows * NODE.row : 0;
}

/**
 * Auto-layout's box and gaps: every node gets a node's width and the tallest node's height (at
 * least 120), so no two overlap. The canvas benchmark gives elkjs what this returned
 * (`window.__designerLayoutOptions`, see scripts/bench_elk.mjs).
 */
export function layoutOptions(direction: Direction, heights: number[]): LayoutOptions {
  return { direction, nodeWidth: NODE.width, nodeHeight: heights.reduce((a, b) => Math.max(a, b), 120), layerGap: 90, nodeGap: 30 };
}

/** The height of a node showing `glanceRows` glance lines and `resultRows` results. */
export function nodeHeight(glanceRows: number, resultRows: number): number {
  return 2 * NODE.border + NODE.head + NODE.type + glanceHeight(glanceRows) + (resultRows > 0 ? NODE.section + resultRows * NODE.row : 0);
}

/** The vertical centre of the `index`-th result row, from the node's top edge. */
export function resultCentre(glanceRows: number, index: number): number {
  return NODE.border + NODE.head + NODE.type + glanceHeight(glanceRows) + NODE.section - 2 + index * NODE.row + NODE.row / 2;
}

/** The handles of a node as @xyflow/react measures them (top-left corner relative to the node). */
export function nodeHandles(data: Pick<SegmentData, "glance" | "results">): NodeHandle[] {
  const h = nodeHeight(data.glance.length, data.results.length);
  const half = NODE.handle / 2;
  const target: NodeHandle = { id: null, type: "target", position: Position.Left, x: NODE.border - half, y: h / 2 - half, width: NODE.handle, height: NODE.handle };
  const sources = data.results.map(
    (r, i): NodeHandle => ({
      id: r.name,
      type: "source",
      position: Position.Right,
      x: NODE.width - NODE.border + NODE.outOffset - half,
      y: resultCentre(data.glance.length, i) - half,
      width: NODE.handle,
      height: NODE.handle,
    }),
  );
  return [target, ...sources];
}

/**
 * Below this zoom a node's 12 px text is under 5 px on screen, too small to read: the node is
 * drawn compact, its name on a box of the same size (see SegmentNode), and the edges as one path
 * (`edgesPath`).
 */
export const COMPACT_BELOW_ZOOM = 0.4;

/** Whether nodes are drawn compact at `zoom`. */
export function compactAt(zoom: number): boolean {
  return zoom < COMPACT_BELOW_ZOOM;
}

/** Two nodes with as many glance lines and results have the same size and handles. */
function sameShape(a: SegmentData, b: SegmentData): boolean {
  return a.glance.length === b.glance.length && a.results.length === b.results.length;
}

/** What a node's data was derived from: when none of it changed, neither did the data. */
type Sources = { segment: Segment; ctx: GraphContext; declared: SegmentResult[] | undefined; findings: string };
const sourcesOf = new WeakMap<SegmentData, Sources>();

function findingsKey(list: Finding[] | undefined): string {
  return list ? list.map((f) => `${f.severity}\u0001${f.message}`).join("\u0002") : "";
}

/**
 * The nodes for `flow`, reusing the previous node object wherever nothing about the segment
 * changed (same data, same position), and keeping each node's selection and size. A segment the
 * last save did not touch is the same object as before (see `applySaved`), so its data is not
 * even derived again; when nothing changed at all the previous array itself is returned.
 */
export function syncNodes(prev: readonly SegmentNode[], view: FlowView, ctx: GraphContext): SegmentNode[] {
  const before = new Map(prev.map((n) => [n.id, n]));
  const findings = findingsBySegment(view.validation);
  const positions = layout(view.flow, [...ctx.entries]);
  let same = prev.length === view.flow.segments.length;
  const out = view.flow.segments.map((s, i): SegmentNode => {
    const declared = view.results[s.name];
    const { list: mine, key } = findings.get(s.name) ?? NO_FINDINGS;
    const position = positions.get(s.name) ?? { x: 0, y: 0 };
    const old = before.get(s.name);
    const was = old && sourcesOf.get(old.data);
    const unchanged = was && was.segment === s && was.ctx === ctx && was.declared === declared && was.findings === key;
    let data = unchanged ? old.data : segmentData(s, ctx, declared, mine);
    if (old && data !== old.data && sameData(old.data, data)) data = old.data;
    sourcesOf.set(data, { segment: s, ctx, declared, findings: key });
    if (old && old.position.x === position.x && old.position.y === position.y && data === old.data) {
      same &&= prev[i] === old;
      return old;
    }
    same = false;
    return {
      id: s.name,
      type: "segment",
      position,
      data,
      selected: old?.selected ?? false,
      // Measured by xyflow once drawn; until then (and for nodes never drawn) the known geometry.
      measured: old?.measured && sameShape(old.data, data) ? old.measured : { width: NODE.width, height: nodeHeight(data.glance.length, data.results.length) },
      handles: nodeHandles(data),
      draggable: !ctx.readOnly,
      connectable: !ctx.readOnly,
      deletable: !ctx.readOnly,
    };
  });
  return same ? (prev as SegmentNode[]) : out;
}

/** Above this many segments a flow opens on its entry rather than with every segment in view. */
export const LARGE_FLOW = 200;
const OPENING_SEGMENTS = 8;

/** How far (flow units, each way) from the entry a segment it leads to may be to open in view with it. */
export const OPENING_REACH = { x: 1600, y: 800 } as const;

/**
 * The segments the canvas first shows: `null` (all of them) for a flow of up to LARGE_FLOW
 * segments; for a larger one its (first) entry segment and the ones it leads to, breadth first,
 * at most OPENING_SEGMENTS, of those placed (`at`) within OPENING_REACH of the entry: a
 * transition to a segment at the far end of the flow must not pull the view away from the entry.
 */
export function openingView(flow: FlowView["flow"], entries: readonly string[], at?: (name: string) => { x: number; y: number } | undefined): string[] | null {
  if (flow.segments.length <= LARGE_FLOW) return null;
  const byName = new Map(flow.segments.map((s) => [s.name, s]));
  const first = entries.find((e) => byName.has(e)) ?? flow.segments[0].name;
  const origin = at?.(first);
  const near = (name: string) => {
    const p = origin && at?.(name);
    return !p || !origin || (Math.abs(p.x - origin.x) <= OPENING_REACH.x && Math.abs(p.y - origin.y) <= OPENING_REACH.y);
  };
  const out = [first];
  const seen = new Set(out);
  for (let i = 0; i < out.length && out.length < OPENING_SEGMENTS; i++) {
    for (const t of byName.get(out[i])?.transitions ?? []) {
      if (out.length >= OPENING_SEGMENTS) break;
      if (byName.has(t.next) && !seen.has(t.next)) {
        seen.add(t.next);
        if (near(t.next)) out.push(t.next);
      }
    }
  }
  return out;
}

export const edgeId = (source: string, result: string, contextKey?: string | null) => `${source}\u0001${result}\u0001${contextKey ?? ""}`;

export type TransitionEdge = Edge<{ result: string; contextKey: string | null }>;

/** One edge per transition whose target exists, from the result's handle; the context key is its label. */
export function syncEdges(prev: readonly TransitionEdge[], flow: FlowView["flow"], readOnly: boolean): TransitionEdge[] {
  const before = new Map(prev.map((e) => [e.id, e]));
  const names = new Set(flow.segments.map((s) => s.name));
  const out: TransitionEdge[] = [];
  let same = true;
  for (const s of flow.segments) {
    for (const t of s.transitions) {
      if (!names.has(t.next)) continue;
      const id = edgeId(s.name, t.result, t.contextKey);
      const old = before.get(id);
      if (old && old.target === t.next && old.reconnectable === !readOnly) {
        same &&= prev[out.length] === old;
        out.push(old);
        continue;
      }
      same = false;
      out.push({
        id,
        source: s.name,
        sourceHandle: t.result,
        target: t.next,
        label: t.contextKey ?? undefined,
        data: { result: t.result, contextKey: t.contextKey ?? null },
        selected: old?.selected ?? false,
        reconnectable: !readOnly,
        deletable: !readOnly,
      });
    }
  }
  // Nothing changed: the same array, so xyflow does not rebuild its edge lookups.
  return same && out.length === prev.length ? (prev as TransitionEdge[]) : out;
}

/** A rectangle in flow coordinates. */
export type Box = { x: number; y: number; width: number; height: number };

/**
 * The part of the flow whose edges are drawn: what the pane of `width` × `height` px shows at
 * `transform` ([x, y, zoom], as xyflow keeps it), extended by `margin` times its size on every side.
 */
export function drawnRegion(width: number, height: number, transform: readonly [number, number, number], margin: number): Box {
  const [tx, ty, zoom] = transform;
  const w = width / zoom;
  const h = height / zoom;
  return { x: -tx / zoom - margin * w, y: -ty / zoom - margin * h, width: w * (1 + 2 * margin), height: h * (1 + 2 * margin) };
}

/** The ids of the nodes whose box (`boxOf`) overlaps `region`, in the order given. */
export function nodesIn<T>(nodes: Iterable<T>, boxOf: (n: T) => { id: string } & Box, region: Box): string[] {
  const out: string[] = [];
  const right = region.x + region.width;
  const bottom = region.y + region.height;
  for (const node of nodes) {
    const n = boxOf(node);
    if (n.x < right && n.x + n.width > region.x && n.y < bottom && n.y + n.height > region.y) out.push(n.id);
  }
  return out;
}

/**
 * The edges drawn: those with an end among `near` (the segments in or around the view) and the
 * selected ones. An edge whose both ends are far off-screen only crosses the view (in a generated
 * flow of 2,000 segments, a thousand edges to the disconnect segments at its far end do):
 * drawing it tells nothing, and mounting and unmounting it while the view moves cost most of a
 * frame. When every node is near, the same array comes back (nothing for xyflow to redo).
 */
export function edgesToDraw(edges: readonly TransitionEdge[], near: ReadonlySet<string>, nodeCount: number): readonly TransitionEdge[] {
  if (near.size >= nodeCount) return edges;
  return edges.filter((e) => e.selected || near.has(e.source) || near.has(e.target));
}

/**
 * The edges as one SVG path (flow coordinates): each a bezier from its result's handle to the
 * target's input handle, as @xyflow/react draws a default edge, placed by the nodes' known
 * geometry (`position`, `handles`). Zoomed far out the canvas draws the unselected edges this way:
 * one element instead of an SVG element, two paths and a store subscription per edge, mounted and
 * unmounted as the view moves. An edge whose handle is unknown is left out.
 */
export function edgesPath(edges: readonly TransitionEdge[], nodes: ReadonlyMap<string, Pick<SegmentNode, "position" | "handles">>): string {
  const parts: string[] = [];
  for (const e of edges) {
    const s = nodes.get(e.source);
    const t = nodes.get(e.target);
    const out = s?.handles?.find((h) => h.type === "source" && h.id === e.sourceHandle);
    const into = t?.handles?.find((h) => h.type === "target");
    if (!s || !t || !out || !into) continue;
    const [d] = getBezierPath({
      sourceX: s.position.x + out.x + (out.width ?? 0),
      sourceY: s.position.y + out.y + (out.height ?? 0) / 2,
      sourcePosition: Position.Right,
      targetX: t.position.x + into.x,
      targetY: t.position.y + into.y + (into.height ?? 0) / 2,
      targetPosition: Position.Left,
    });
    parts.push(d);
  }
  return parts.join(" ");
}

/** Two states of a segment that differ at most in their canvas position (what the inspector does not show). */
export function sameButPosition(a: Segment, b: Segment): boolean {
  return a.name === b.name && a.segmentType === b.segmentType && JSON.stringify(a.config) === JSON.stringify(b.config) && JSON.stringify(a.transitions) === JSON.stringify(b.transitions);
}

/** The names of the segments with a transition to `name`, one a line (a string: the same while they are). */
export function incomingKey(flow: FlowView["flow"], name: string): string {
  return flow.segments
    .filter((o) => o.transitions.some((t) => t.next === name))
    .map((o) => o.name)
    .join("\n");
}
