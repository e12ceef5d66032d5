import { diffArrays, diffLines } from "diff";
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

const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });
// Scripts written without spaces between words: each character is its own token.
const NO_SPACES = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
const WORD = /^[\p{L}\p{M}\p{N}_]/u;
const SPACE = /^\s/u;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

type Token = { text: string; start: number; end: number };

/**
 * Text as diff tokens with their place: runs of word characters, and every other user-perceived
 * character (a Chinese character, an emoji with its modifiers, a punctuation mark) alone. Graphemes,
 * not code units, so a surrogate pair or a combining mark is never split. White space is no token:
 * if it were, two rewritten sentences would match on their spaces and mark every word apart.
 */
function tokens(text: string): Token[] {
  const out: Token[] = [];
  let inWord = false;
  for (const { segment, index } of graphemes.segment(text)) {
    if (SPACE.test(segment)) {
      inWord = false;
      continue;
    }
    const word = WORD.test(segment) && !NO_SPACES.test(segment);
    if (word && inWord) {
      out[out.length - 1].text += segment;
      out[out.length - 1].end = index + segment.length;
    } else out.push({ text: segment, start: index, end: index + segment.length });
    inWord = word;
  }
  return out;
}

/** The tokens a text is compared by (see `tokens`). */
export function textTokens(text: string): string[] {
  return tokens(text).map((t) => t.text);
}

/** A run of one side's text: marked when it is only on that side. */
export type Marked = { text: string; marked: boolean };

/** Two texts' difference as each side shows it: its own text, with what the other lacks marked. */
export type WordDiff = { before: Marked[]; after: Marked[] };

// Beyond this many tokens added or removed the texts have little in common: each side is marked
// whole, and the diff's cost stays bounded on long texts (an LLM prompt has no length limit).
export const MAX_WORD_EDITS = 500;

function whole(text: string, marked: boolean): Marked[] {
  return text ? [{ text, marked }] : [];
}

/** A side's text cut into runs: a token is marked if changed, the space between two changed tokens too. */
function runs(text: string, toks: Token[], changed: boolean[]): Marked[] {
  const out: Marked[] = [];
  const push = (t: string, marked: boolean) => {
    if (t === "") return;
    const last = out[out.length - 1];
    if (last && last.marked === marked) last.text += t;
    else out.push({ text: t, marked });
  };
  let pos = 0;
  toks.forEach((t, i) => {
    push(text.slice(pos, t.start), changed[i] && i > 0 && changed[i - 1]);
    push(text.slice(t.start, t.end), changed[i]);
    pos = t.end;
  });
  push(text.slice(pos), false);
  return out;
}

/**
 * What changed inside a text, word by word (character by character where words have no spaces).
 * Only punctuation kept between a deletion and an insertion joins them, so a rewritten phrase reads
 * as one deletion and one insertion; each side keeps its own spacing.
 */
export function wordDiff(before: string, after: string): WordDiff {
  const a = tokens(before);
  const b = tokens(after);
  const parts = diffArrays(
    a.map((t) => t.text),
    b.map((t) => t.text),
    { maxEditLength: MAX_WORD_EDITS },
  );
  if (!parts) return { before: whole(before, true), after: whole(after, true) };
  const changedA: boolean[] = [];
  const changedB: boolean[] = [];
  let region: typeof parts = [];
  const flush = () => {
    const joined = region.some((p) => p.removed) && region.some((p) => p.added);
    for (const p of region) {
      if (!p.added) changedA.push(...p.value.map(() => p.removed || joined));
      if (!p.removed) changedB.push(...p.value.map(() => p.added || joined));
    }
    region = [];
  };
  parts.forEach((p, i) => {
    const separator = !p.added && !p.removed && region.length > 0 && i + 1 < parts.length && !p.value.some((t) => LETTER_OR_DIGIT.test(t));
    if (p.added || p.removed || separator) region.push(p);
    else {
      flush();
      changedA.push(...p.value.map(() => false));
      changedB.push(...p.value.map(() => false));
    }
  });
  flush();
  return { before: runs(before, a, changedA), after: runs(after, b, changedB) };
}

/**
 * Two sides of a text to show: a word diff when both have text and differ; each text unmarked when
 * they are equal or only one side has text (null or empty: absent).
 */
export function sideMarks(before: string | null, after: string | null): WordDiff {
  if (before && after && before !== after) return wordDiff(before, after);
  return { before: whole(before ?? "", false), after: whole(after ?? "", false) };
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
