import type { EditDraftResult } from "../bindings/EditDraftResult";
import type { EditOp } from "../bindings/EditOp";
import type { FlowView } from "../bindings/FlowView";
import { commands } from "../bindings/commands";

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
