import { describe, expect, it } from "vitest";
import type { PlanItem } from "../bindings/PlanItem";
import { changeKind, exportRequest, importProgress, importSummary, itemSummary, listedItems, pageOf } from "./exchange";

const store = { id: 7, customerId: "acme", projectId: "care desk" };

describe("exportRequest", () => {
  it("asks for the CSV of the latest or published versions, or the full JSON, with a safe file name", () => {
    expect(exportRequest(store, "csv-latest")).toEqual({ storeId: 7, format: "csv", source: "latest", suggestedName: "acme-care_desk-messages-latest.csv" });
    expect(exportRequest(store, "csv-published")).toMatchObject({ format: "csv", source: "published", suggestedName: "acme-care_desk-messages-published.csv" });
    expect(exportRequest(store, "json")).toEqual({ storeId: 7, format: "json", suggestedName: "acme-care_desk-messages.json" });
  });
});

describe("import preview helpers", () => {
  const item = (key: string, action: PlanItem["action"]): PlanItem => ({ line: 2, key, action, versions: action === "unchanged" ? [] : [1], publish: null, changes: [] });
  it("lists what changes, and the unchanged keys when asked, in file order", () => {
    const plan = { items: [item("A", "create_key"), item("B", "unchanged"), item("C", "new_version"), item("D", "new_version")] };
    expect(listedItems(plan, false).map((i) => i.key)).toEqual(["A", "C", "D"]);
    expect(listedItems(plan, true).map((i) => i.key)).toEqual(["A", "B", "C", "D"]);
  });
  it("pages a long list and keeps the page within the pages there are", () => {
    const rows = Array.from({ length: 120 }, (_, i) => i);
    expect(pageOf(rows, 1, 50)).toEqual({ shown: rows.slice(0, 50), page: 1, pages: 3 });
    expect(pageOf(rows, 3, 50).shown).toEqual(rows.slice(100));
    expect(pageOf(rows, 9, 50).page).toBe(3);
    expect(pageOf([], 2, 50)).toEqual({ shown: [], page: 1, pages: 1 });
  });
  it("says what happens to a key and how each language changes", () => {
    expect(itemSummary({ action: "create_key", versions: [1, 2], publish: 2 })).toBe("new key v1, v2 (v2 published)");
    expect(itemSummary({ action: "new_version", versions: [3], publish: null })).toBe("new version v3");
    expect(itemSummary({ action: "unchanged", versions: [], publish: null })).toMatch(/^no change/);
    expect(changeKind({ before: null, after: "Nieuw" })).toBe("new");
    expect(changeKind({ before: "Bienvenue", after: "Bienvenue à vous" })).toBe("text");
    expect(changeKind({ before: "Welkom", after: "Welkom" })).toBe("settings");
  });
  it("summarises the counts", () => {
    expect(importSummary({ keysCreated: 1, versionsCreated: 2, unchanged: 3 })).toBe("1 key(s) created, 2 version(s) added, 3 unchanged");
  });
});

describe("importProgress", () => {
  it("is indeterminate until the first event, then the share of keys written", () => {
    expect(importProgress(null).percent).toBeNull();
    expect(importProgress({ done: 0, total: 10000 })).toEqual({
      percent: 0,
      label: "Importing: 0 of 10,000 key(s) written (0%), all or nothing, in one transaction…",
    });
    expect(importProgress({ done: 3000, total: 10000 }).percent).toBe(30);
    expect(importProgress({ done: 999, total: 1000 }).percent).toBe(99);
    expect(importProgress({ done: 1000, total: 1000 }).percent).toBe(100);
    expect(importProgress({ done: 0, total: 0 }).percent).toBe(100);
  });
});
