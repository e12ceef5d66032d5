import { describe, expect, it } from "vitest";
import { checkJson, compactJson, impreciseNumber, lineColumn, parseExact, prettyJson, stringifyExact } from "./json";
import { diffRecords } from "./diff";

describe("checkJson", () => {
  it("accepts an object", () => {
    expect(checkJson('{"a": 1}', { requireObject: true })).toEqual({ ok: true, value: { a: 1 } });
  });
  it("reports where the text breaks", () => {
    const r = checkJson('{\n  "a": 1,\n  "b": }', { requireObject: true });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.line).toBe(3);
      expect(r.message).toMatch(/^invalid JSON at line 3/);
    }
  });
  it("rejects a non-object when an object is required", () => {
    const r = checkJson("[1,2]", { requireObject: true });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/object/);
  });
  it("treats empty text as missing unless allowed", () => {
    expect(checkJson("  ").ok).toBe(false);
    expect(checkJson("", { allowEmpty: true })).toEqual({ ok: true, value: null });
  });
});

describe("lineColumn", () => {
  it("counts lines and columns from 1", () => {
    expect(lineColumn("ab\ncd", 4)).toEqual({ line: 2, column: 2 });
  });
});

describe("prettyJson", () => {
  it("indents valid JSON and leaves other text alone", () => {
    expect(prettyJson('{"a":1}')).toBe('{\n  "a": 1\n}');
    expect(prettyJson("{oops")).toBe("{oops");
    expect(prettyJson(null)).toBe("");
  });

  it("keeps every number as written (JSON.parse would round it)", () => {
    expect(prettyJson('{"big":12345678901234567890123,"e":1E+2}')).toBe('{\n  "big": 12345678901234567890123,\n  "e": 1E+2\n}');
  });
});

describe("impreciseNumber", () => {
  it("finds numbers a JavaScript number cannot hold exactly, outside strings", () => {
    expect(impreciseNumber('{"a": 12345678901234567890}')).toBe("12345678901234567890");
    expect(impreciseNumber('{"a": 0.12345678901234567}')).toBe("0.12345678901234567");
    expect(impreciseNumber('{"a": "12345678901234567890", "b": 123456789012345, "c": 1e300, "d": 100000000000000000000, "e": -0.5}')).toBeNull();
    expect(impreciseNumber('["\\"", 1.25]')).toBeNull();
  });
});

describe("parseExact", () => {
  const big = "12345678901234567890123";
  it("reads a JSON text the backend sent as text without rounding a number", () => {
    const v = parseExact(`{"op":"set_config","value":{"id":${big},"w":1.50}}`);
    expect(stringifyExact(v)).toContain(`"id": ${big}`);
    expect(stringifyExact(v)).toContain('"w": 1.50');
    expect(stringifyExact(v)).not.toContain("e+22");
    // What the webview did before: JSON.parse rounds it.
    expect(JSON.stringify(JSON.parse(`{"id":${big}}`))).toContain("1.2345678901234568e+22");
  });
  it("keeps text that is not JSON, and null for none", () => {
    expect(parseExact("not json")).toBe("not json");
    expect(parseExact(null)).toBeNull();
  });
  it("lets an audit diff show every digit", () => {
    const before = parseExact(`{"operations":[{"value":1}]}`) as Record<string, unknown>;
    const after = parseExact(`{"operations":[{"value":${big}}]}`) as Record<string, unknown>;
    const [change] = diffRecords(before, after, []);
    expect(change.after).toContain(big);
    expect(change.lines?.some((l) => l.kind === "add" && l.text.includes(big))).toBe(true);
  });
});

describe("compactJson", () => {
  it("drops whitespace only", () => {
    expect(compactJson('{ "a" : [ 12345678901234567890123 , 1.50 ] }')).toBe('{"a":[12345678901234567890123,1.50]}');
    expect(compactJson("{oops")).toBe("{oops");
  });
});
