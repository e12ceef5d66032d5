import { diffLines } from "diff";
import { prettyJson, stringifyExact } from "./json";

export type DiffLine = { kind: "add" | "del" | "same"; text: string };

export type FieldChange = {
  field: string;
  kind: "added" | "removed" | "changed";
  before: string;
  after: string;
  /** Line diff for multi-line values (JSON fields); absent for one-line values. */
  lines?: DiffLine[];
};

/** Bookkeeping columns that change on every write and say nothing about the content. */
export const DEFAULT_IGNORED = ["Version", "RowVersion", "UpdatedAt", "UpdatedBy", "CreatedAt", "CreatedBy", "HistoryId", "ValidFrom", "ValidTo"];

/**
 * A value as text: JSON texts and objects pretty-printed, so a diff shows keys on their own lines.
 * A JSON text (a routing Config as stored) and an object read by `parseExact` keep every number as
 * written (see `prettyJson`).
 */
export function displayValue(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "string") {
    const t = v.trim();
    if ((t.startsWith("{") && t.endsWith("}")) || (t.startsWith("[") && t.endsWith("]"))) return prettyJson(t);
    return v;
  }
  // Objects from `parseExact` hold LosslessNumbers: written back with every digit as stored.
  if (typeof v === "object") return stringifyExact(v);
  return String(v);
}

export function lineDiff(before: string, after: string): DiffLine[] {
  const out: DiffLine[] = [];
  for (const part of diffLines(before, after)) {
    const kind: DiffLine["kind"] = part.added ? "add" : part.removed ? "del" : "same";
    const lines = part.value.replace(/\n$/, "").split("\n");
    for (const text of lines) out.push({ kind, text });
  }
  return out;
}

/** Field-by-field changes between two versions of a record (either may be missing: created / deleted). */
export function diffRecords(
  before: Record<string, unknown> | null | undefined,
  after: Record<string, unknown> | null | undefined,
  ignore: readonly string[] = DEFAULT_IGNORED,
): FieldChange[] {
  const keys: string[] = [];
  for (const k of [...Object.keys(before ?? {}), ...Object.keys(after ?? {})]) {
    if (!keys.includes(k) && !ignore.includes(k)) keys.push(k);
  }
  const changes: FieldChange[] = [];
  for (const field of keys) {
    const b = displayValue(before?.[field]);
    const a = displayValue(after?.[field]);
    if (b === a) continue;
    const kind: FieldChange["kind"] = b === "" ? "added" : a === "" ? "removed" : "changed";
    const change: FieldChange = { field, kind, before: b, after: a };
    if (b.includes("\n") || a.includes("\n")) change.lines = lineDiff(b, a);
    changes.push(change);
  }
  return changes;
}
