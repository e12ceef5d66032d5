import { parse as losslessParse, stringify as losslessStringify } from "lossless-json";

/** Live feedback for a JSON text field. The backend validates again on save (and against schemas). */
export type JsonCheck =
  | { ok: true; value: unknown }
  | { ok: false; message: string; line: number; column: number; offset: number };

export function checkJson(text: string, opts: { allowEmpty?: boolean; requireObject?: boolean } = {}): JsonCheck {
  if (text.trim() === "") {
    return opts.allowEmpty
      ? { ok: true, value: null }
      : { ok: false, message: "a JSON value is required", line: 1, column: 1, offset: 0 };
  }
  try {
    const value: unknown = JSON.parse(text);
    if (opts.requireObject && (typeof value !== "object" || value === null || Array.isArray(value))) {
      return { ok: false, message: "must be a JSON object ({ … })", line: 1, column: 1, offset: 0 };
    }
    return { ok: true, value };
  } catch (e) {
    const raw = e instanceof Error ? e.message : String(e);
    const offset = errorOffset(raw, text);
    const { line, column } = lineColumn(text, offset);
    return { ok: false, message: `invalid JSON at line ${line}, column ${column}: ${cleanMessage(raw)}`, line, column, offset };
  }
}

/** Engines word JSON.parse errors differently; most give a position, some a line and column. */
function errorOffset(message: string, text: string): number {
  const pos = /position (\d+)/i.exec(message);
  if (pos) return Math.min(Number(pos[1]), text.length);
  const lc = /line (\d+) column (\d+)/i.exec(message);
  if (lc) {
    const lines = text.split("\n");
    const line = Math.min(Number(lc[1]), lines.length);
    let off = 0;
    for (let i = 0; i < line - 1; i++) off += lines[i].length + 1;
    return Math.min(off + Number(lc[2]) - 1, text.length);
  }
  return text.length;
}

function cleanMessage(message: string): string {
  return message.replace(/^JSON\.parse: /, "").replace(/ in JSON at position \d+.*$/, "").replace(/ at line \d+ column \d+ of the JSON data$/, "");
}

export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let column = 1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === "\n") {
      line++;
      column = 1;
    } else {
      column++;
    }
  }
  return { line, column };
}

/**
 * Pretty-prints a JSON text when it parses; otherwise returns it unchanged. Every number keeps its
 * text (lossless-json): JSON.parse + JSON.stringify would show 12345678901234567890123 as
 * 1.2345678901234568e+22, and a user's stored value must be shown as written.
 */
export function prettyJson(text: string | null | undefined): string {
  if (text == null || text.trim() === "") return "";
  try {
    return losslessStringify(losslessParse(text), null, 2) ?? text;
  } catch {
    return text;
  }
}

/**
 * A JSON text the backend sent as text (a `JsonText`: audit before/after, a stored setting), parsed
 * without losing a digit: every number is a lossless-json `LosslessNumber` holding its text as
 * written (`displayValue`/`prettyJson` write it back unchanged). null for no text; text that is not
 * JSON comes back as that string.
 */
export function parseExact(text: string | null | undefined): unknown {
  if (text == null) return null;
  try {
    return losslessParse(text);
  } catch {
    return text;
  }
}

/** A JSON text without the whitespace between tokens, every number as written (the text itself when it is not JSON). */
export function compactJson(text: string): string {
  try {
    return losslessStringify(losslessParse(text)) ?? text;
  } catch {
    return text;
  }
}

/** A value from `parseExact` (or any plain value) as indented JSON, every number as written. */
export function stringifyExact(value: unknown): string {
  return losslessStringify(value, null, 2) ?? "";
}

/**
 * The first number in a JSON text that a JavaScript number cannot hold exactly (more than 15
 * significant digits), or null. A value edited as parsed JSON is sent as numbers, so such a number
 * would lose digits: the form refuses it instead.
 */
export function impreciseNumber(text: string): string | null {
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      // Skip a string, escapes included.
      i++;
      while (i < text.length && text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
      i++;
      continue;
    }
    const m = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if ((c === "-" || (c >= "0" && c <= "9")) && m) {
      const digits = m[0].replace(/^-/, "").replace(/[eE].*$/, "").replace(".", "").replace(/^0+/, "");
      const significant = m[1] ? digits.replace(/0+$/, "") : digits.replace(/0+$/, "");
      if (significant.length > 15) return m[0];
      i += m[0].length;
      continue;
    }
    i++;
  }
  return null;
}
