import { describe, expect, it } from "vitest";
import { diffRecords, displayValue, lineDiff, MAX_WORD_EDITS, sideMarks, textTokens, wordDiff, type Marked } from "./diff";

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

// A side written with its marked runs in [brackets]: short to read and compare.
const shown = (runs: Marked[]) => runs.map((r) => (r.marked ? `[${r.text}]` : r.text)).join("");
const both = (before: string, after: string) => {
  const d = wordDiff(before, after);
  // Each side is its own text, cut into runs and nothing else.
  expect(d.before.map((r) => r.text).join("")).toBe(before);
  expect(d.after.map((r) => r.text).join("")).toBe(after);
  return [shown(d.before), shown(d.after)];
};

describe("wordDiff", () => {
  it("keeps unchanged text as one run", () => {
    expect(wordDiff("Hallo {naam}, welkom", "Hallo {naam}, welkom")).toEqual({
      before: [{ text: "Hallo {naam}, welkom", marked: false }],
      after: [{ text: "Hallo {naam}, welkom", marked: false }],
    });
  });

  it("marks the one word that changed, keeping the rest", () => {
    expect(both("Goedemorgen beste klant", "Goedemiddag beste klant")).toEqual(["[Goedemorgen] beste klant", "[Goedemiddag] beste klant"]);
  });

  it("compares Chinese character by character", () => {
    expect(textTokens("你好世界")).toEqual(["你", "好", "世", "界"]);
    expect(both("你好世界", "你好中国")).toEqual(["你好[世界]", "你好[中国]"]);
  });

  it("compares Arabic word by word, vowel marks staying with their letters", () => {
    expect(textTokens("مَرْحَبًا بكم")).toEqual(["مَرْحَبًا", "بكم"]);
    expect(both("مرحبا بكم في خدمة العملاء", "أهلا بكم في خدمة العملاء")).toEqual(["[مرحبا] بكم في خدمة العملاء", "[أهلا] بكم في خدمة العملاء"]);
  });

  it("never splits an emoji: surrogate pairs, skin tones and joined sequences are one token", () => {
    expect(textTokens("Hi 👋🏽 👨‍👩‍👧!")).toEqual(["Hi", "👋🏽", "👨‍👩‍👧", "!"]);
    // 👋 and 👍 share their first UTF-16 unit (U+D83D): a code-unit diff would keep it as "same".
    const d = wordDiff("Hi 👋 there 😀", "Hi 👍 there 😃");
    expect([shown(d.before), shown(d.after)]).toEqual(["Hi [👋] there [😀]", "Hi [👍] there [😃]"]);
    expect([...d.before, ...d.after].filter((r) => LONE_SURROGATE.test(r.text))).toEqual([]);
  });

  it("keeps the words both texts share, even when the sentence around them was rewritten", () => {
    expect(both("Au revoir {name} 😀", "Merci pour votre appel. Au revoir.")).toEqual([
      "Au revoir [{name} 😀]",
      "[Merci pour votre appel.] Au revoir[.]",
    ]);
    expect(both("Tot ziens {name}, bedankt", "Bedankt voor uw oproep. Tot ziens.")).toEqual([
      "Tot ziens [{name}, bedankt]",
      "[Bedankt voor uw oproep.] Tot ziens[.]",
    ]);
  });

  it("joins a deletion and an insertion kept apart only by punctuation; a kept word keeps them apart", () => {
    expect(both("Kies 1, of 2", "Druk 3, dan 4")).toEqual(["[Kies 1, of 2]", "[Druk 3, dan 4]"]);
    expect(both("Goedemorgen beste klant, tot ziens", "Goedemiddag beste klant, tot straks")).toEqual([
      "[Goedemorgen] beste klant, tot [ziens]",
      "[Goedemiddag] beste klant, tot [straks]",
    ]);
    // Words only removed (nothing added): the text around them unmarked.
    expect(both("een twee, drie vier", "een vier")).toEqual(["een [twee, drie] vier", "een vier"]);
  });

  it("each side keeps its own spacing; a change of spacing alone marks nothing", () => {
    expect(both("Hallo  daar\nklant", "Hallo daar klant")).toEqual(["Hallo  daar\nklant", "Hallo daar klant"]);
  });

  it("marks each side whole when the texts differ in more tokens than it compares", () => {
    const words = (p: string) => Array.from({ length: MAX_WORD_EDITS }, (_, i) => `${p}${i}`).join(" ");
    expect(both(`Hallo ${words("a")}`, `Hallo ${words("b")}`)).toEqual([`[Hallo ${words("a")}]`, `[Hallo ${words("b")}]`]);
  });

  it("handles an empty side", () => {
    expect(both("", "Hallo")).toEqual(["", "[Hallo]"]);
    expect(both("Hallo", "")).toEqual(["[Hallo]", ""]);
    expect(wordDiff("", "")).toEqual({ before: [], after: [] });
  });
});

describe("sideMarks", () => {
  it("gives each text unmarked when the sides are equal or only one has text", () => {
    expect(sideMarks("Hallo", "Hallo")).toEqual({ before: [{ text: "Hallo", marked: false }], after: [{ text: "Hallo", marked: false }] });
    expect(sideMarks(null, "مرحبا")).toEqual({ before: [], after: [{ text: "مرحبا", marked: false }] });
    expect(sideMarks("Hallo", "")).toEqual({ before: [{ text: "Hallo", marked: false }], after: [] });
    expect(sideMarks(null, null)).toEqual({ before: [], after: [] });
    expect(sideMarks("Hallo daar", "Hallo hier")).toEqual(wordDiff("Hallo daar", "Hallo hier"));
  });
});
