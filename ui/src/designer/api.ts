import type { EditDraftResult } from "../bindings/EditDraftResult";
import type { EditOp } from "../bindings/EditOp";
import type { FlowFindings } from "../bindings/FlowFindings";
import type { FlowGraph } from "../bindings/FlowGraph";
import type { FlowView } from "../bindings/FlowView";
import type { ValidationReport } from "../bindings/ValidationReport";
import type { ApiError } from "../bindings/ApiError";
import { commands } from "../bindings/commands";
import { detailOf } from "../lib/errors";

/** The segment-type dictionary (palette, handles, inspector). */
export const loadCatalog = () => commands.flowCatalog();

/** One gesture's batch, made on `revision` (a draft changed since is refused with CONFLICT). */
export const saveBatch = (changeSetId: string, revision: string | null, ops: EditOp[]) => commands.flowEdit({ changeSetId, revision, ops });

/**
 * The view after a saved batch: the segments it changed replace theirs (or are added), the ones it
 * removed go; segments stay sorted by name as the backend keeps them. A batch that changed only
 * the layout comes without validation: the findings shown stay (the same object).
 */
export function applySaved(v: FlowView, r: EditDraftResult): FlowView {
  const drop = new Set([...r.removed, ...r.changed.map((s) => s.name)]);
  const segments = [...v.flow.segments.filter((s) => !drop.has(s.name)), ...r.changed].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const results = { ...v.results };
  for (const name of drop) delete results[name];
  for (const s of r.changed) {
    const own = r.results[s.name];
    if (own) results[s.name] = own;
  }
  return { ...v, flow: { ...v.flow, segments }, revision: r.revision, results, validation: r.validation ?? v.validation };
}

/** A flow with nothing in it yet (a RoutingId known only from a draft or a new flow). */
export function emptyView(routingId: string): FlowView {
  return { routingId, liveVersion: 0, flow: { routingId, segments: [] }, entries: [], revision: "", results: {}, validation: { errors: [], warnings: [] } };
}

/**
 * The validation of a view whose findings are still being read (the canvas draws the graph
 * first): no finding shown, publish not offered. Known by its identity (`isValidated`); a save
 * of the layout keeps it (see `applySaved`), any other save brings the validation.
 */
export const UNVALIDATED: ValidationReport = { errors: [], warnings: [] };

/** Whether `v` has its validation (false while its findings are being read). */
export const isValidated = (v: FlowView): boolean => v.validation !== UNVALIDATED;

/** A graph read without its validation, as a view waiting for its findings. */
export const unvalidated = (g: FlowGraph): FlowView => ({ ...g, validation: UNVALIDATED });

/**
 * What the findings read for `v` do to it: `v` with them ("apply"), nothing because `v` has its
 * validation already (a save brought it: "ignore"), or "stale" when they validated another
 * revision than the one shown (the flow changed elsewhere since the canvas read it).
 */
export function withFindings(v: FlowView, f: FlowFindings): { kind: "apply"; view: FlowView } | { kind: "ignore" } | { kind: "stale" } {
  if (isValidated(v)) return { kind: "ignore" };
  if (f.revision !== v.revision) return { kind: "stale" };
  return { kind: "apply", view: { ...v, validation: f.validation } };
}

/**
 * What a CONFLICT on a draft is about, told by its detail (crates/app/src/flow.rs): the draft was
 * changed elsewhere since the canvas read it ("stale": `revision`), it is no longer open
 * ("closed": discarded or published, `status`), or the flow was published after the draft was
 * opened ("publishedFirst": `liveVersion`, and `basedOnVersion`, null for a new flow's draft).
 * `null` for any other error.
 */
export type DraftConflict = { kind: "stale" } | { kind: "closed"; status: string } | { kind: "publishedFirst"; basedOnVersion: number | null; liveVersion: number };

export function draftConflict(e: ApiError | null): DraftConflict | null {
  if (e?.code !== "CONFLICT") return null;
  const d = detailOf(e);
  if (d.revision !== undefined) return { kind: "stale" };
  if (d.status !== undefined) return { kind: "closed", status: d.status };
  if (d.liveVersion !== undefined) return { kind: "publishedFirst", basedOnVersion: d.basedOnVersion ?? null, liveVersion: d.liveVersion };
  return null;
}
