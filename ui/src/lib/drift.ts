import type { DriftItem } from "../bindings/DriftItem";
import type { ObjectKind } from "../bindings/ObjectKind";

const OBJECT: Record<ObjectKind, string> = {
  schema: "Schema",
  table: "Table",
  column: "Column",
  primary_key: "Primary key",
  foreign_key: "Foreign key",
  index: "Index",
  check: "Check constraint",
};

/** Where the object lives, in words: `cfg_Dic_Voice` for a table's parts, nothing for a table or schema. */
function place(d: DriftItem): string {
  return d.object === "table" || d.object === "schema" || d.table === "" ? "" : ` on table ${d.table}`;
}

/** One drift finding as a sentence a person can act on. */
export function driftSentence(d: DriftItem): string {
  const what = `${OBJECT[d.object]} ${d.name}${place(d)}`;
  switch (d.kind) {
    case "missing":
      return `${what} is missing from the database${d.expected ? `; the schema model expects ${d.expected}` : ""}.`;
    case "extra":
      return `${what} is in the database but not in the schema model${d.actual ? ` (${d.actual})` : ""}.`;
    case "different":
      return `${what} differs: the schema model expects ${d.expected ?? "?"}, the database has ${d.actual ?? "?"}.`;
  }
}

/** A missing object that a pending migration creates: it is due, not drift. */
export function pendingObjectSentence(d: DriftItem): string {
  return `${OBJECT[d.object]} ${d.name}${place(d)} will be created when the pending migrations are deployed`;
}
