import { describe, expect, it } from "vitest";
import type { PlanItem } from "../bindings/PlanItem";
import { clipped, exportRequest, importProgress, importSummary, listedItems } from "./exchange";

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
  it("lists only what changes, up to a limit, and counts the rest", () => {
    const plan = { items: [item("A", "create_key"), item("B", "unchanged"), item("C", "new_version"), item("D", "new_version")] };
    expect(listedItems(plan, 10).shown.map((i) => i.key)).toEqual(["A", "C", "D"]);
    expect(listedItems(plan, 2)).toMatchObject({ more: 1 });
  });
  it("clips a long text on one line without splitting a character", () => {
    expect(clipped("Bonjour\n  et bienvenue", 60)).toBe("Bonjour et bienvenue");
    expect(clipped("abcdef", 6)).toBe("abcdef");
    expect(clipped("abcdefg", 6)).toBe("abcde…");
    expect(clipped("👋👋👋👋", 3)).toBe("👋👋…");
    expect(clipped("مرحبا بكم في خدمة العملاء", 10)).toBe("مرحبا بكم…");
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
