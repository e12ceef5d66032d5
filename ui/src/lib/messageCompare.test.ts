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
    expect(c.rows[1]).toEqual({ language: "ar-SA", a: "مرحبا", b: "أهلا", changed: true });
    expect(c.rows[2]).toEqual({ language: "fr-BE", a: null, b: null, changed: false });
  });
});
