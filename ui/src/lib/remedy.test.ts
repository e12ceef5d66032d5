import { describe, expect, it } from "vitest";
import type { Remedy } from "../bindings/Remedy";
import { errorText, remedyOf, remedyText } from "./remedy";

describe("remedies in the desktop's words", () => {
  it("names screens and buttons, never a command line flag", () => {
    const all: Remedy[] = [
      { kind: "replaceEnvironment", environment: "acc" },
      { kind: "listEnvironments" },
      { kind: "unlockEnvironment", environment: "prd" },
      { kind: "setPassword", environment: "acc" },
      { kind: "forceTrust" },
      { kind: "withoutKeyring" },
      { kind: "allowDestructive" },
      { kind: "listMigrations" },
      { kind: "listMessageStores" },
      { kind: "createMessageStore", customer: "acme", project: "care" },
      { kind: "listMessageKeys", storeId: 1 },
      { kind: "deleteUnpublishedVersion", versions: [2, 3] },
      { kind: "listDrafts", routingId: "MAIN" },
      { kind: "listDrafts", routingId: null },
      { kind: "listFlowVersions", routingId: "MAIN" },
      { kind: "compareDraftWithLive", routingId: "MAIN", changeSetId: "c" },
    ];
    for (const r of all) {
      const t = remedyText(r);
      expect(t.length).toBeGreaterThan(10);
      expect(t).not.toMatch(/--[a-z]/);
    }
    expect(remedyText({ kind: "unlockEnvironment", environment: "prd" })).toContain("Unlock prd in the banner");
    expect(remedyText({ kind: "deleteUnpublishedVersion", versions: [2, 3] })).toContain("v2, v3");
  });

  it("reads detail.remedy of an error, and nothing else", () => {
    const e = { code: "READ_ONLY", message: "`prd` is read-only", detail: { environment: "prd", remedy: { kind: "unlockEnvironment", environment: "prd" } } };
    expect(remedyOf(e)).toContain("Unlock prd");
    expect(errorText(e)).toBe(`\`prd\` is read-only\n${remedyOf(e)}`);
    expect(remedyOf({ detail: { remedy: { kind: "nope" } } })).toBeNull();
    expect(remedyOf({ detail: null })).toBeNull();
    expect(errorText({ message: "plain" })).toBe("plain");
  });
});
