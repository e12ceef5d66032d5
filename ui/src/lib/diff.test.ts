import { describe, expect, it } from "vitest";
import { diffRecords, displayValue, lineDiff, textTokens, wordDiff } from "./diff";

describe("diffRecords", () => {
  it("lists only fields whose content changed, ignoring bookkeeping columns", () => {
    const before = { RoutingId: "R1", Config: '{"a":1,"b":2}', Version: 1, UpdatedAt: "t1", IsActive: true };
    const after = { RoutingId: "R1", Config: '{"a":1,"b":3}', Version: 2, UpdatedAt: "t2", IsActive: true };
    const changes = diffRecords(before, after);
    expect(changes.map((c) => c.field)).toEqual(["Config"]);
    const lines = changes[0].lines ?? [];
    expect(lines.filter((l) => l.kind === "del").map((l) => l.text.trim())).toEqual(['"b": 2']);
    expect(lines.filter((l) => l.kind === "add").map((l) => l.text.trim())).toEqual(['"b": 3']);
    expect(lines.filter((l) => l.kind === "same").map((l) => l.text.trim())).toEqual(["{", '"a": 1,', "}"]);
  });

  it("marks fields added and removed, and a created record as all-added", () => {
    expect(diffRecords({ A: "x" }, { B: "y" })).toEqual([
      { field: "A", kind: "removed", before: "x", after: "" },
      { field: "B", kind: "added", before: "", after: "y" },
    ]);
    expect(diffRecords(null, { A: "x", Version: 1 }).map((c) => c.kind)).toEqual(["added"]);
  });

  it("sees no change when JSON differs only in spacing", () => {
    expect(diffRecords({ C: '{"a":1}' }, { C: '{ "a" : 1 }' })).toEqual([]);
  });
});

describe("displayValue", () => {
  it("renders scalars and empties", () => {
    expect(displayValue(null)).toBe("");
    expect(displayValue(true)).toBe("true");
    expect(displayValue(3)).toBe("3");
    expect(displayValue("{not json")).toBe("{not json");
  });

  it("shows a stored JSON text with every number as written", () => {
    const config = '{"id":12345678901234567890123,"w":[0.1000000000000000055511151231257827,1.50]}';
    expect(displayValue(config)).toBe('{\n  "id": 12345678901234567890123,\n  "w": [\n    0.1000000000000000055511151231257827,\n    1.50\n  ]\n}');
    // Two configurations an f64 cannot tell apart are still a change.
    expect(diffRecords({ Config: '{"id":12345678901234567890123}' }, { Config: '{"id":12345678901234567890124}' }, [])).toHaveLength(1);
  });
});

describe("lineDiff", () => {
  it("returns every line once with its kind", () => {
    expect(lineDiff("a\nb\n", "a\nc\n")).toEqual([
      { kind: "same", text: "a" },
      { kind: "del", text: "b" },
      { kind: "add", text: "c" },
    ]);
  });
});

// A lone surrogate: half of an emoji, which a diff by UTF-16 code unit would leave behind.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe("wordDiff", () => {
  it("keeps unchanged text as one run", () => {
    expect(wordDiff("Hallo {naam}, welkom", "Hallo {naam}, welkom")).toEqual([{ kind: "same", text: "Hallo {naam}, welkom" }]);
  });

  it("marks the one word that changed, keeping the rest", () => {
    expect(wordDiff("Goedemorgen beste klant", "Goedemiddag beste klant")).toEqual([
      { kind: "del", text: "Goedemorgen" },
      { kind: "add", text: "Goedemiddag" },
      { kind: "same", text: " beste klant" },
    ]);
  });

  it("compares Chinese character by character", () => {
    expect(textTokens("你好世界")).toEqual(["你", "好", "世", "界"]);
    expect(wordDiff("你好世界", "你好中国")).toEqual([
      { kind: "same", text: "你好" },
      { kind: "del", text: "世界" },
      { kind: "add", text: "中国" },
    ]);
  });

  it("compares Arabic word by word, vowel marks staying with their letters", () => {
    expect(textTokens("مَرْحَبًا بكم")).toEqual(["مَرْحَبًا", " ", "بكم"]);
    expect(wordDiff("مرحبا بكم في خدمة العملاء", "أهلا بكم في خدمة العملاء")).toEqual([
      { kind: "del", text: "مرحبا" },
      { kind: "add", text: "أهلا" },
      { kind: "same", text: " بكم في خدمة العملاء" },
    ]);
  });

  it("never splits an emoji: surrogate pairs, skin tones and joined sequences are one token", () => {
    expect(textTokens("Hi 👋🏽 👨‍👩‍👧!")).toEqual(["Hi", " ", "👋🏽", " ", "👨‍👩‍👧", "!"]);
    // 👋 and 👍 share their first UTF-16 unit (U+D83D): a code-unit diff would keep it as "same".
    const spans = wordDiff("Hi 👋 there 😀", "Hi 👍 there 😃");
    expect(spans).toEqual([
      { kind: "same", text: "Hi " },
      { kind: "del", text: "👋" },
      { kind: "add", text: "👍" },
      { kind: "same", text: " there " },
      { kind: "del", text: "😀" },
      { kind: "add", text: "😃" },
    ]);
    expect(spans.filter((s) => LONE_SURROGATE.test(s.text))).toEqual([]);
  });

  it("handles an empty side", () => {
    expect(wordDiff("", "Hallo")).toEqual([{ kind: "add", text: "Hallo" }]);
    expect(wordDiff("Hallo", "")).toEqual([{ kind: "del", text: "Hallo" }]);
    expect(wordDiff("", "")).toEqual([]);
  });
});
