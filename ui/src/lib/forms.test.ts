import { describe, expect, it } from "vitest";
import { applyComposed, composeRequest, emptyForm, formFromDraft, formToDraft, passwordLabel, placeFieldErrors, shownErrors, wasCancelled } from "./envForm";
import type { RoutingEntry } from "../bindings/RoutingEntry";
import { conflictChanges, emptyRoutingForm, formFromEntry, formToFields } from "./routingForm";

describe("environment form", () => {
  const text = "Server=sql.example.com,14330;Database=routing;User Id=ivr_app;Password=p@ss;é";
  const composed = {
    draft: { ...formToDraft({ ...emptyForm(), name: "", host: "sql.example.com", port: 14330, database: "routing", user: "ivr_app" }), password: null },
    hasPassword: true,
    masked: "Server=sql.example.com,14330;Database=routing;User Id=ivr_app;Password=••••••••;é",
    passwordAt: [text.indexOf("p@ss"), text.indexOf("p@ss") + 4] as [number, number],
  };

  it("asks the backend to compose a pasted string with the form's name and tier", () => {
    expect(composeRequest({ ...emptyForm(), name: " qa ", tier: "acc", mode: "paste", connectionString: text, host: "old" })).toEqual({
      name: "qa",
      tier: "acc",
      engine: "mssql",
      connectionString: text,
    });
  });

  it("takes a composed string's values into the fields and keeps it masked", () => {
    const f = applyComposed({ ...emptyForm(), name: "qa", displayName: "Jane", mode: "paste", connectionString: text }, composed);
    expect(f).toMatchObject({ name: "qa", displayName: "Jane", host: "sql.example.com", port: 14330, database: "routing", user: "ivr_app", password: "p@ss", mode: "paste" });
    expect(f.masked).not.toContain("p@ss");
    // Switching to "fill in" shows the same values: they are the form's own.
    expect(formToDraft({ ...f, mode: "form" })).toEqual(formToDraft(f));
  });

  it("sends the fields, never the pasted string, and a password only when typed", () => {
    const d = formToDraft({ ...emptyForm(), name: " qa ", host: "h", database: "d", user: "u", password: "pw", connectionString: "Server=x;Password=other" });
    expect(d).toMatchObject({ name: "qa", host: "h", password: "pw", engine: "mssql" });
    expect(JSON.stringify(d)).not.toContain("other");
    expect(formToDraft({ ...emptyForm(), name: "x" }).password).toBeNull();
  });

  it("sends only a SQLite environment's own fields", () => {
    const d = formToDraft({ ...emptyForm(), engine: "sqlite", name: "trial", database: "trial.sqlite", host: "h", user: "u", password: "pw" });
    expect(d).toMatchObject({ engine: "sqlite", database: "trial.sqlite", host: null, user: null, password: null, port: null, encrypt: false });
  });

  it("opens an existing environment's form without its password", () => {
    const f = formFromDraft({ ...formToDraft({ ...emptyForm(), name: "acc", host: "h", database: "d", user: "u" }), password: null });
    expect(f).toMatchObject({ name: "acc", host: "h", password: "" });
  });

  it("shows a field's error once it was left, or all of them after submit", () => {
    const errors = { name: "bad", host: "missing" };
    expect(shownErrors(errors, new Set(), false)).toEqual({});
    expect(shownErrors(errors, new Set(["name"] as const), false)).toEqual({ name: "bad" });
    expect(shownErrors(errors, new Set(), true)).toEqual(errors);
  });

  it("shows a pasted string's problems at the pasted string, with the part they are about", () => {
    const r = placeFieldErrors("paste", { host: "missing", database: "missing", connectionString: "part 2 has no `=`", name: "too long" });
    expect(r.unplaced).toBe(false);
    expect(r.byInput.name).toBe("too long");
    expect(r.byInput.connectionString).toBe("host: missing; database: missing; part 2 has no `=`");
  });

  it("shows the backend's fields (named as the request names them) at the form's inputs", () => {
    const r = placeFieldErrors("form", { displayName: "too long", trustServerCertificate: "refused for prd" });
    expect(r).toEqual({ byInput: { displayName: "too long", trustServerCertificate: "refused for prd" }, unplaced: false });
  });

  it("says when an error has no input to show it, so the whole message is shown", () => {
    expect(placeFieldErrors("form", { encrypt: "not a boolean" }).unplaced).toBe(true);
    expect(placeFieldErrors("form", {}).unplaced).toBe(false);
  });

  it("names where a password is kept", () => {
    expect(passwordLabel({ engine: "sqlite" })).toBe("not needed");
    expect(passwordLabel({ engine: "mssql", password: "session_only" })).toBe("this session only");
    expect(passwordLabel({ engine: "mssql", password: "keyring_unavailable" })).toBe("keyring unavailable");
    expect(passwordLabel({ engine: "mssql", password: "stored" })).toBe("in OS keyring");
  });

  it("recognises a cancelled command", () => {
    expect(wasCancelled({ detail: { cancelled: true } })).toBe(true);
    expect(wasCancelled({ detail: { host: "h" } })).toBe(false);
    expect(wasCancelled({})).toBe(false);
  });
});


describe("routing form", () => {
  const filled = { ...emptyRoutingForm(), sourceId: "1000", routingId: "MAIN", companyProjectId: "1", languageCode: "en-GB", initSegment: "START" };

  it("parses JSON fields and ids into the request", () => {
    const r = formToFields({ ...filled, config: '{"timeout": 5}', featureFlags: "", messageStoreId: "" });
    expect(r).toEqual({
      ok: true,
      fields: { sourceId: "1000", routingId: "MAIN", companyProjectId: 1, messageStoreId: null, languageCode: "en-GB", initSegment: "START", config: '{"timeout": 5}', featureFlags: null },
    });
  });

  it("refuses invalid JSON and non-numeric ids, naming each field", () => {
    const r = formToFields({ ...filled, config: '{"timeout": }', featureFlags: "[1]", companyProjectId: "abc", messageStoreId: "x" });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(Object.keys(r.errors).sort()).toEqual(["companyProjectId", "config", "featureFlags", "messageStoreId"]);
  });

  it("sends JSON exactly as typed: no digit of a large number lost", () => {
    const text = '{"id": 12345678901234567890123, "ratio": 1.50}';
    const r = formToFields({ ...filled, config: text });
    expect(r.ok && r.fields.config).toBe(text);
  });

  it("round-trips an entry through the form", () => {
    const entry = { sourceId: "s", routingId: "r", companyProjectId: 7, messageStoreId: 3, languageCode: "nl-NL", initSegment: "A", config: '{\n  "a": [1]\n}', featureFlags: null };
    const r = formToFields(formFromEntry(entry));
    expect(r).toEqual({ ok: true, fields: entry });
  });

  it("shows a conflict as the content another writer changed, not bookkeeping or list-only fields", () => {
    const opened = {
      routingTableId: 1, sourceId: "s", routingId: "r", companyProjectId: 7, messageStoreId: null, languageCode: "nl-BE", initSegment: "A",
      config: '{"a": 1}', featureFlags: null, isActive: true, createdAt: "t0", createdBy: "ann", updatedAt: null, updatedBy: null, rowVersion: "1",
      projectDisplayName: "Acme", customerId: "acme", projectId: "care",
    } as RoutingEntry;
    const current: RoutingEntry = { ...opened, initSegment: "B", config: '{"a": 2}', updatedAt: "t1", updatedBy: "bob", rowVersion: "2" };
    const changes = conflictChanges(opened, current);
    expect(changes.map((c) => c.field)).toEqual(["InitSegment", "Config"]);
    expect(changes[0]).toMatchObject({ kind: "changed", before: "A", after: "B" });
  });
});
