import type { Flow } from "../bindings/Flow";
import type { FlowDiff } from "../bindings/FlowDiff";

export type DiffLine = { kind: "added" | "removed" | "changed"; what: string; detail: string };

const ctx = (c: string | null | undefined) => (c ? ` [${c}]` : "");
const val = (v: string | null | undefined) => (v === null || v === undefined ? "unset" : JSON.stringify(v));

/** The content changes of a diff as one line each (layout changes are not among them). */
export function contentChanges(d: FlowDiff): DiffLine[] {
  return [
    ...d.segmentsAdded.map((s) => ({ kind: "added" as const, what: s.segment, detail: `new ${s.segmentType} segment` })),
    ...d.segmentsRemoved.map((s) => ({ kind: "removed" as const, what: s.segment, detail: `${s.segmentType} segment removed` })),
    ...d.segmentsRetyped.map((s) => ({ kind: "changed" as const, what: s.segment, detail: `type ${s.from} → ${s.to}` })),
    ...d.segmentsReconfigured.flatMap((s) => s.keys.map((k) => ({ kind: "changed" as const, what: `${s.segment}.${k.key}`, detail: `${val(k.old)} → ${val(k.new)}` }))),
    ...d.transitionsAdded.map((t) => ({ kind: "added" as const, what: `${t.segment}.${t.result}${ctx(t.contextKey)}`, detail: `→ ${t.next}` })),
    ...d.transitionsRemoved.map((t) => ({ kind: "removed" as const, what: `${t.segment}.${t.result}${ctx(t.contextKey)}`, detail: `no longer → ${t.next}` })),
    ...d.transitionsRedirected.map((t) => ({ kind: "changed" as const, what: `${t.segment}.${t.result}${ctx(t.contextKey)}`, detail: `→ ${t.to} (was ${t.from})` })),
  ];
}

/** The diff from nothing to `flow`: every segment and transition added (what a new flow's first publish brought). */
export function diffFromNothing(flow: Flow): FlowDiff {
  return {
    segmentsAdded: flow.segments.map((s) => ({ segment: s.name, segmentType: s.segmentType })),
    segmentsRemoved: [],
    segmentsRetyped: [],
    segmentsReconfigured: [],
    transitionsAdded: flow.segments.flatMap((s) => s.transitions.map((t) => ({ segment: s.name, result: t.result, contextKey: t.contextKey ?? null, next: t.next }))),
    transitionsRemoved: [],
    transitionsRedirected: [],
    layout: [],
  };
}
