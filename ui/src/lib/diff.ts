import { diffArrays, diffLines } from "diff";
import { prettyJson, stringifyExact } from "./json";

export type DiffLine = { kind: "add" | "del" | "same"; text: string };

/** A run of text inside a changed value: kept, or only on one side. */
export type DiffSpan = DiffLine;

export type FieldChange = {
  field: string;
  kind: "added" | "removed" | "changed";
  before: string;
  after: string;
  /** Line diff for multi-line values (JSON fields); absent for one-line values. */
  lines?: DiffLine[];
  /** Writing direction of the value (a right-to-left language's text). */
  dir?: "rtl" | "ltr";
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

const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });
// Scripts written without spaces between words: each character is its own token.
const NO_SPACES = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
const WORD = /^[\p{L}\p{M}\p{N}_]/u;
const SPACE = /^\s/u;

/**
 * Text as diff tokens: runs of word characters, runs of white space, and every other user-perceived
 * character (a Chinese character, an emoji with its modifiers, a punctuation mark) alone. Graphemes,
 * not code units, so a surrogate pair or a combining mark is never split.
 */
export function textTokens(text: string): string[] {
  const out: string[] = [];
  let run: "word" | "space" | null = null;
  for (const { segment } of graphemes.segment(text)) {
    const kind = SPACE.test(segment) ? "space" : WORD.test(segment) && !NO_SPACES.test(segment) ? "word" : null;
    if (kind !== null && kind === run) out[out.length - 1] += segment;
    else out.push(segment);
    run = kind;
  }
  return out;
}

/** What changed inside a text, word by word (character by character where words have no spaces). */
export function wordDiff(before: string, after: string): DiffSpan[] {
  const out: DiffSpan[] = [];
  for (const part of diffArrays(textTokens(before), textTokens(after))) {
    const kind: DiffSpan["kind"] = part.added ? "add" : part.removed ? "del" : "same";
    const text = part.value.join("");
    if (out.length > 0 && out[out.length - 1].kind === kind) out[out.length - 1].text += text;
    else out.push({ kind, text });
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
