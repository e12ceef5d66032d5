import type { ImportPlan } from "../bindings/ImportPlan";
import type { ImportProgress } from "../bindings/ImportProgress";
import type { PlanItem } from "../bindings/PlanItem";
import type { StoreRow } from "../bindings/StoreRow";
import type { TextChange } from "../bindings/TextChange";

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

/** The items a preview lists: those that create or change something, and the unchanged keys too when asked. */
export function listedItems(plan: Pick<ImportPlan, "items">, withUnchanged: boolean): PlanItem[] {
  return withUnchanged ? plan.items : plan.items.filter((i) => i.action !== "unchanged");
}

/** Page `page` (from 1, kept within the pages there are) of `items`, `size` to a page. */
export function pageOf<T>(items: T[], page: number, size: number): { shown: T[]; page: number; pages: number } {
  const pages = Math.max(1, Math.ceil(items.length / size));
  const at = Math.min(Math.max(1, page), pages);
  return { shown: items.slice((at - 1) * size, at * size), page: at, pages };
}

/** What happens to a previewed key, in words: "new key v1, v2 (v2 published)", "new version v3", "no change". */
export function itemSummary(i: Pick<PlanItem, "action" | "versions" | "publish">): string {
  const versions = i.versions.map((v) => `v${v}`).join(", ");
  switch (i.action) {
    case "create_key":
      return `new key ${versions}${i.publish !== null ? ` (v${i.publish} published)` : ""}`;
    case "new_version":
      return `new version ${versions}`;
    case "unchanged":
      return "no change: the same texts as its latest version";
  }
}

/** How a language changes: a text where it had none (a new key, or a language new to the key), another text, or the same text with other settings. */
export function changeKind(c: Pick<TextChange, "before" | "after">): "new" | "text" | "settings" {
  if (c.before === null) return "new";
  return c.before === c.after ? "settings" : "text";
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
