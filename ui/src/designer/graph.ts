import type { Edge, Node } from "@xyflow/react";
import type { Finding } from "../bindings/Finding";
import type { FlowView } from "../bindings/FlowView";
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
  /** Key settings at a glance: a prompt's message text, required values. */
  glance: { key: string; text: string }[];
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
  /** The published text of a message key in the flow's default language, when known. */
  messageText?: (key: string) => string | undefined;
};

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
export function glance(t: SegmentTypeDef | undefined, s: Segment, messageText?: (key: string) => string | undefined): { key: string; text: string }[] {
  const keys = Object.keys(s.config);
  const required = new Set(t?.keys.filter((k) => k.required).map((k) => k.name) ?? []);
  const rank = (k: string) => (k === "messageKey" ? 0 : required.has(k) ? 1 : 2);
  const ordered = keys.filter((k) => rank(k) < 2 || t?.keys.find((d) => d.name === k)?.default !== s.config[k]);
  ordered.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  return ordered.slice(0, GLANCE_MAX).map((k) => {
    const v = s.config[k];
    if (isMessageKeyName(k)) {
      const text = messageText?.(v);
      return { key: k, text: text !== undefined ? `“${clip(text)}”` : v };
    }
    return { key: k, text: clip(v) };
  });
}

function findingsBySegment(v: ValidationReport | undefined): Map<string, Finding[]> {
  const out = new Map<string, Finding[]>();
  for (const f of [...(v?.errors ?? []), ...(v?.warnings ?? [])]) {
    if (!f.segment) continue;
    const list = out.get(f.segment);
    if (list) list.push(f);
    else out.set(f.segment, [f]);
  }
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
    glance: glance(t, s, ctx.messageText),
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
 * The nodes for `flow`, reusing the previous node object wherever nothing about the segment
 * changed (same data, same position), and keeping each node's selection and size.
 */
export function syncNodes(prev: readonly SegmentNode[], view: FlowView, ctx: GraphContext): SegmentNode[] {
  const before = new Map(prev.map((n) => [n.id, n]));
  const findings = findingsBySegment(view.validation);
  const positions = layout(view.flow, [...ctx.entries]);
  return view.flow.segments.map((s) => {
    const data = segmentData(s, ctx, view.results[s.name], findings.get(s.name));
    const position = positions.get(s.name) ?? { x: 0, y: 0 };
    const old = before.get(s.name);
    if (old && old.position.x === position.x && old.position.y === position.y && sameData(old.data, data)) return old;
    return {
      id: s.name,
      type: "segment",
      position,
      data,
      selected: old?.selected ?? false,
      ...(old?.measured ? { measured: old.measured } : {}),
      draggable: !ctx.readOnly,
      connectable: !ctx.readOnly,
      deletable: !ctx.readOnly,
    };
  });
}

export const edgeId = (source: string, result: string, contextKey?: string | null) => `${source}\u0001${result}\u0001${contextKey ?? ""}`;

export type TransitionEdge = Edge<{ result: string; contextKey: string | null }>;

/** One edge per transition whose target exists, from the result's handle; the context key is its label. */
export function syncEdges(prev: readonly TransitionEdge[], flow: FlowView["flow"], readOnly: boolean): TransitionEdge[] {
  const before = new Map(prev.map((e) => [e.id, e]));
  const names = new Set(flow.segments.map((s) => s.name));
  const out: TransitionEdge[] = [];
  for (const s of flow.segments) {
    for (const t of s.transitions) {
      if (!names.has(t.next)) continue;
      const id = edgeId(s.name, t.result, t.contextKey);
      const old = before.get(id);
      if (old && old.target === t.next && old.reconnectable === !readOnly) {
        out.push(old);
        continue;
      }
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
  return out;
}
