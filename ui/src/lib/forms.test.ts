import { describe, expect, it } from "vitest";
import { emptyForm, formToRequest, missingFields, passwordLabel, placeFieldErrors, wasCancelled } from "./envForm";
import type { RoutingEntry } from "../bindings/RoutingEntry";
import { conflictChanges, emptyRoutingForm, formFromEntry, formToFields } from "./routingForm";

describe("environment form", () => {
  it("asks for the fields of the chosen mode only", () => {
    const f = emptyForm();
    expect(Object.keys(missingFields(f)).sort()).toEqual(["database", "host", "name", "user"]);
    expect(Object.keys(missingFields({ ...f, mode: "paste" })).sort()).toEqual(["connectionString", "name"]);
  });

  it("sends either the pasted string or the fields, never both", () => {
    const f = { ...emptyForm(), name: " qa ", host: "h", database: "d", user: "u", password: "pw", connectionString: "Server=x;Password=other" };
    const byForm = formToRequest(f, false);
    expect(byForm).toMatchObject({ name: "qa", host: "h", password: "pw", connectionString: null, sessionOnly: false });
    const byPaste = formToRequest({ ...f, mode: "paste" }, true);
    expect(byPaste).toMatchObject({ connectionString: "Server=x;Password=other", host: null, password: null, sessionOnly: true });
  });

  it("sends no password when none was typed", () => {
    expect(formToRequest({ ...emptyForm(), name: "x" }, false).password).toBeNull();
  });

  it("shows a pasted string's problems at the pasted string, with the part they are about", () => {
    const r = placeFieldErrors("paste", { server: "missing", database: "missing", connection_string: "part 2 has no `=`", name: "too long" });
    expect(r.unplaced).toBe(false);
    expect(r.byInput.name).toBe("too long");
    expect(r.byInput.connectionString).toBe("server: missing; database: missing; part 2 has no `=`");
  });

  it("maps the backend's snake_case fields onto the form's inputs", () => {
    const r = placeFieldErrors("form", { display_name: "too long", trust_server_certificate: "refused for prd" });
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
