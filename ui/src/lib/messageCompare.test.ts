import { describe, expect, it } from "vitest";
import type { KeyWithVersions } from "../bindings/KeyWithVersions";
import { compareSides, sideVersion } from "./messageCompare";

const detail = {
  key: "HELLO",
  publishedVersion: 1,
  versions: [
    { id: "a", keyId: 1, version: 1, name: null, createdAt: "2026-01-01T00:00:00Z", createdBy: "Ada", contents: [{ language: "nl-BE", content: "Hallo" }, { language: "ar-SA", content: "مرحبا" }] },
    { id: "b", keyId: 1, version: 2, name: null, createdAt: "2026-01-02T00:00:00Z", createdBy: "Ada", contents: [{ language: "nl-BE", content: "Hallo" }, { language: "ar-SA", content: "أهلا" }] },
  ],
} as unknown as KeyWithVersions;

describe("compareSides", () => {
  it("resolves 'published' to the published version", () => {
    expect(sideVersion(detail, "published")?.version).toBe(1);
    expect(sideVersion(detail, "2")?.version).toBe(2);
    expect(sideVersion(detail, "7")).toBeNull();
  });
  it("lists every store language with what changed", () => {
    const c = compareSides(detail, ["nl-BE", "ar-SA", "fr-BE"], "published", "2");
    expect(c.labelA).toBe("published (v1)");
    expect(c.labelB).toBe("version 2");
    expect(c.changed).toEqual(["ar-SA"]);
    expect(c.rows[1]).toMatchObject({ language: "ar-SA", a: "مرحبا", b: "أهلا", changed: true });
    expect(c.rows[1].marks).toEqual({ before: [{ text: "مرحبا", marked: true }], after: [{ text: "أهلا", marked: true }] });
    expect(c.rows[1].settings).toEqual([]);
    expect(c.rows[0]).toMatchObject({ changed: false, marks: { before: [{ text: "Hallo", marked: false }], after: [{ text: "Hallo", marked: false }] } });
    expect(c.rows[2]).toEqual({ language: "fr-BE", a: null, b: null, changed: false, marks: { before: [], after: [] }, settings: [] });
  });
  it("a language only one version has is changed, its text unmarked", () => {
    const partial = {
      ...detail,
      versions: [detail.versions[0], { ...detail.versions[1], contents: [{ language: "nl-BE", content: "Hallo" }] }],
    } as unknown as KeyWithVersions;
    const c = compareSides(partial, ["nl-BE", "ar-SA"], "2", "1");
    expect(c.changed).toEqual(["ar-SA"]);
    expect(c.rows[1]).toMatchObject({ a: null, b: "مرحبا", changed: true, marks: { before: [], after: [{ text: "مرحبا", marked: false }] } });
  });
  it("compares each language's TypeSettings, ignoring spacing", () => {
    const withSettings = (nl: string | null, ar: string | null) =>
      ({
        ...detail,
        versions: [
          detail.versions[0],
          { ...detail.versions[1], contents: [{ language: "nl-BE", content: "Hallo", typeSettings: nl }, { language: "ar-SA", content: "مرحبا", typeSettings: ar }] },
        ],
      }) as unknown as KeyWithVersions;
    // Version 1 has no settings (the type's defaults); same text, so only the settings differ.
    const c = compareSides(withSettings('{"rate":1.25}', null), ["nl-BE", "ar-SA"], "1", "2");
    expect(c.changed).toEqual(["nl-BE"]);
    expect(c.rows[0].settings.map((f) => [f.field, f.kind])).toEqual([["TypeSettings", "added"]]);
    expect(c.rows[0].marks.after).toEqual([{ text: "Hallo", marked: false }]);
    const s = compareSides(withSettings('{"rate":1.25}', null), ["nl-BE"], "2", "2");
    expect(s.changed).toEqual([]);
    const spaced = withSettings('{"rate":1.25}', null);
    spaced.versions[0] = { ...spaced.versions[0], contents: [{ language: "nl-BE", content: "Hallo", typeSettings: '{ "rate" : 1.25 }' }] };
    expect(compareSides(spaced, ["nl-BE"], "1", "2").changed).toEqual([]);
    const other = withSettings('{"rate":1.5}', null);
    other.versions[0] = spaced.versions[0];
    const lines = compareSides(other, ["nl-BE"], "1", "2").rows[0].settings[0].lines ?? [];
    expect(lines.filter((l) => l.kind !== "same").map((l) => [l.kind, l.text.trim()])).toEqual([
      ["del", '"rate": 1.25'],
      ["add", '"rate": 1.5'],
    ]);
  });
});
