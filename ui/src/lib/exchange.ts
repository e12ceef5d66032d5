import type { ImportPlan } from "../bindings/ImportPlan";
import type { ImportProgress } from "../bindings/ImportProgress";
import type { PlanItem } from "../bindings/PlanItem";
import type { StoreRow } from "../bindings/StoreRow";

/** What the export writes: the translators' CSV of the latest or published versions, or the full JSON. */
export type ExportKind = "csv-latest" | "csv-published" | "json";

/** The export command's request; the save dialog starts with a name like `acme-care-messages-latest.csv`. */
export function exportRequest(store: Pick<StoreRow, "id" | "customerId" | "projectId">, kind: ExportKind) {
  const base = `${store.customerId}-${store.projectId}-messages`.replace(/[^A-Za-z0-9._-]+/g, "_");
  if (kind === "json") return { storeId: store.id, format: "json" as const, suggestedName: `${base}.json` };
  const source = kind === "csv-published" ? ("published" as const) : ("latest" as const);
  return { storeId: store.id, format: "csv" as const, source, suggestedName: `${base}-${source}.csv` };
}

/** "2 key(s) to create, 1 version(s) to add, 5 unchanged" (the backend's counts). */
export function importSummary(plan: Pick<ImportPlan, "keysCreated" | "versionsCreated" | "unchanged">): string {
  return `${plan.keysCreated} key(s) created, ${plan.versionsCreated} version(s) added, ${plan.unchanged} unchanged`;
}

/** The items that create or change something, at most `max` of them, and how many more there are. */
export function listedItems(plan: Pick<ImportPlan, "items">, max: number): { shown: PlanItem[]; more: number } {
  const changing = plan.items.filter((i) => i.action !== "unchanged");
  return { shown: changing.slice(0, max), more: Math.max(0, changing.length - max) };
}

/**
 * A preview cell's text on one line, at most `max` characters (cut by code point, so an emoji is
 * never split; an ellipsis marks the cut). The cell's title carries the whole text.
 */
export function clipped(text: string, max = 60): string {
  const chars = Array.from(text.replace(/\s+/g, " "));
  return chars.length <= max ? chars.join("") : `${chars.slice(0, max - 1).join("")}…`;
}

/** The event a running import emits before its first statement and after each (keys written / keys it writes). */
export const IMPORT_PROGRESS_EVENT = "message-import-progress";

/** A running import's bar: its percentage (null before the first event: indeterminate) and its words. */
export function importProgress(p: ImportProgress | null): { percent: number | null; label: string } {
  if (!p) return { percent: null, label: "Importing: reading and checking the file again…" };
  if (p.total === 0) return { percent: 100, label: "Importing: nothing to write…" };
  const percent = Math.min(100, Math.floor((p.done / p.total) * 100));
  return {
    percent,
    label: `Importing: ${p.done.toLocaleString("en-US")} of ${p.total.toLocaleString("en-US")} key(s) written (${percent}%), all or nothing, in one transaction…`,
  };
}
