import { describe, expect, it } from "vitest";
import type { KeyAuditChange } from "../bindings/KeyAuditChange";
import type { KeyAuditItem } from "../bindings/KeyAuditItem";
import type { VersionRow } from "../bindings/VersionRow";
import { NO_FILTERS, auditSummary, hasFilters, keyFilter, languageCells, missingLanguages, newestFirst, shortTime, slotsFull, versionState, versionSummary } from "./messages";

function version(n: number, createdAt: string, contents: Record<string, string>): VersionRow {
  return {
    id: `v${n}`,
    keyId: 1,
    version: n,
    name: null,
    createdAt,
    createdBy: "Ada",
    contents: Object.entries(contents).map(([language, content]) => ({ language, content })),
  };
}

/** A key audit row as the backend lists it: the change it records, typed (its stored data is not read here). */
function audit(action: string, change: KeyAuditChange): KeyAuditItem {
  return { auditId: "a", keyId: 1, key: "WELCOME", versionId: null, action, actionBy: "Ada", actionAt: "2026-01-01T10:00:00.000Z", data: null, keyIsActive: true, change };
}

describe("keyFilter", () => {
  it("sends blank text and cleared selects as 'any', and pages from offset 0", () => {
    expect(keyFilter(NO_FILTERS, 1, 25)).toEqual({
      text: null,
      category: null,
      messageType: null,
      missingLanguage: false,
      newerThanPublished: false,
      includeDeleted: false,
      unused: false,
      offset: 0,
      limit: 25,
    });
  });

  it("trims the search text and turns the page number into an offset", () => {
    const f = keyFilter({ ...NO_FILTERS, text: "  menu ", category: "welcome", messageType: "", missingLanguage: true, newerThanPublished: true }, 3, 50);
    expect(f.text).toBe("menu");
    expect(f.category).toBe("welcome");
    expect(f.messageType).toBeNull();
    expect(f.missingLanguage && f.newerThanPublished).toBe(true);
    expect(f.offset).toBe(100);
  });

  it("knows when any filter is set", () => {
    expect(hasFilters(NO_FILTERS)).toBe(false);
    expect(hasFilters({ ...NO_FILTERS, text: "   " })).toBe(false);
    expect(hasFilters({ ...NO_FILTERS, newerThanPublished: true })).toBe(true);
    expect(hasFilters({ ...NO_FILTERS, includeDeleted: true })).toBe(true);
    expect(hasFilters({ ...NO_FILTERS, unused: true })).toBe(true);
    expect(keyFilter({ ...NO_FILTERS, unused: true }, 1, 25).unused).toBe(true);
    expect(keyFilter({ ...NO_FILTERS, includeDeleted: true }, 1, 25).includeDeleted).toBe(true);
  });

  it("sends the message-text search trimmed, and leaves it out when blank", () => {
    expect(hasFilters({ ...NO_FILTERS, content: "  " })).toBe(false);
    expect(keyFilter({ ...NO_FILTERS, content: "  " }, 1, 25)).not.toHaveProperty("content");
    expect(hasFilters({ ...NO_FILTERS, content: "été" })).toBe(true);
    expect(keyFilter({ ...NO_FILTERS, content: "  Été 🎉 " }, 1, 25).content).toBe("Été 🎉");
  });
});

describe("versionSummary", () => {
  it("says what is published and whether something newer waits", () => {
    expect(versionSummary({ publishedVersion: 2, latestVersion: 3, versionCount: 3 })).toBe("v2 published · v3 newer");
    expect(versionSummary({ publishedVersion: 1, latestVersion: 1, versionCount: 1 })).toBe("v1 published · 1 version");
    expect(versionSummary({ publishedVersion: null, latestVersion: 1, versionCount: 1 })).toBe("unpublished · 1 version");
    expect(versionSummary({ publishedVersion: null, latestVersion: null, versionCount: 0 })).toBe("no version yet");
  });
});

describe("versions", () => {
  // Slot 1 was freed and reused: version 1 is the newest one.
  const v2 = version(2, "2026-01-01T10:00:00.000Z", { "nl-BE": "a" });
  const v3 = version(3, "2026-01-02T10:00:00.000Z", { "nl-BE": "b" });
  const v1 = version(1, "2026-01-03T10:00:00.000Z", { "nl-BE": "c" });
  const all = [v1, v2, v3];

  it("orders by creation time, not by slot number", () => {
    expect(newestFirst(all).map((v) => v.version)).toEqual([1, 3, 2]);
  });

  it("places each version against the published one by time", () => {
    expect(versionState(v3, all, 3)).toBe("published");
    expect(versionState(v1, all, 3)).toBe("newer");
    expect(versionState(v2, all, 3)).toBe("older");
    expect(versionState(v2, all, null)).toBe("newer");
    // The demo writes its versions in one transaction: equal timestamps fall back to the number.
    const same = [version(1, "t", {}), version(2, "t", {}), version(3, "t", {})];
    expect(same.map((v) => versionState(v, same, 2))).toEqual(["older", "published", "newer"]);
  });
});

describe("languageCells", () => {
  const v = version(1, "t", { "nl-BE": "Welkom", "en-US": "Welcome", "de-DE": "Willkommen" });

  it("lists the store's languages in its order, marks missing ones and the default", () => {
    const cells = languageCells(v, ["nl-BE", "fr-BE", "en-US"], "nl-BE");
    expect(cells.map((c) => c.language)).toEqual(["nl-BE", "fr-BE", "en-US", "de-DE"]);
    expect(cells[0]).toMatchObject({ content: "Welkom", isDefault: true, missing: false });
    expect(cells[1]).toMatchObject({ content: null, missing: true });
    // Content of a language removed from the store is kept and shown, but not played.
    expect(cells[3]).toMatchObject({ content: "Willkommen", notPlayed: true, missing: false });
    expect(missingLanguages(v, ["nl-BE", "fr-BE", "en-US"])).toEqual(["fr-BE"]);
    expect(missingLanguages(v, ["nl-BE", "en-US"])).toEqual([]);
  });
});

describe("auditSummary", () => {
  it("reads publish and rollback as pointer moves", () => {
    expect(auditSummary(audit("published", { kind: "published", from: null, to: 2 }))).toBe("published v2 (was none)");
    expect(auditSummary(audit("rollback", { kind: "rolledBack", from: 2, to: 1 }))).toBe("rolled back to v1 (was v2)");
  });

  it("tells the three kinds of edit apart", () => {
    const text = (content: string) => ({ content, typeSettings: null });
    const added = audit("edited", { kind: "versionAdded", version: { version: 2, name: null, content: { "nl-BE": text("Hallo"), "fr-BE": text("Bonjour") } } });
    expect(auditSummary(added)).toBe("added version 2 (nl-BE, fr-BE)");
    const deleted = { version: 3, name: null, createdAt: "2026-01-01T10:00:00.000Z", createdBy: "Ada", content: { "nl-BE": text("Hoi") } };
    expect(auditSummary(audit("edited", { kind: "versionDeleted", version: deleted }))).toBe("deleted version 3");
    const renamed = audit("edited", {
      kind: "fieldsEdited",
      before: { displayName: "Hi", category: "welcome", messageType: "tts" },
      after: { displayName: "Hello", category: "welcome", messageType: "tts" },
    });
    expect(auditSummary(renamed)).toBe("changed display name Hi → Hello");
    const same = audit("edited", { kind: "fieldsEdited", before: null, after: { displayName: null, category: "welcome", messageType: "ivr" } });
    expect(auditSummary(same)).toBe("changed category — → welcome");
  });

  it("names creation, deletion and restore", () => {
    expect(auditSummary(audit("created", { kind: "created", importLine: null }))).toBe("created the key");
    expect(auditSummary(audit("created", { kind: "created", importLine: 3 }))).toBe("created the key");
    expect(auditSummary(audit("deleted", { kind: "deleted" }))).toBe("deleted the key");
    expect(auditSummary(audit("restored", { kind: "restored", publishedVersion: 1 }))).toBe("restored the deleted key (published v1)");
  });

  it("shows a row it cannot read by its action as stored", () => {
    expect(auditSummary(audit("renamed", { kind: "unreadable", reason: "`renamed` with this data is not a change of a key this build knows" }))).toBe("renamed");
  });
});

describe("shortTime", () => {
  it("drops the T, the fraction and the zone", () => {
    expect(shortTime("2026-11-21T18:27:18.961Z")).toBe("2026-11-21 18:27:18");
    expect(shortTime(null)).toBe("");
  });
});

describe("slotsFull", () => {
  const versions = (n: number) => Array.from({ length: n }, (_, i) => version(i + 1, `2026-01-0${1 + (i % 9)}T10:00:00.000Z`, { "nl-BE": "Hallo" }));
  it("leaves a free slot alone, and at 10 of 10 names the versions that can be deleted", () => {
    expect(slotsFull(versions(9), 3)).toBeNull();
    expect(slotsFull(versions(10), 3)).toBe("every slot is taken: delete a version that is not published (v1, v2, v4, v5, v6, v7, v8, v9, v10) to free one");
    expect(slotsFull(versions(10), null)).toContain("(v1, v2, v3,");
  });
});
