import { describe, expect, it } from "vitest";
import { emptyForm, formToRequest, missingFields } from "./envForm";

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
});

