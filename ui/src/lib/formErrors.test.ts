import { describe, expect, it } from "vitest";
import { placeServerErrors, sameNames, serverErrors } from "./formErrors";

const refused = (fields: { field: string; message: string }[]) => ({ code: "VALIDATION", message: "not saved", detail: { fields } });

describe("server field errors on a form", () => {
  it("places each backend field on its input, joining several messages", () => {
    const r = serverErrors(
      refused([
        { field: "name", message: "is required" },
        { field: "name", message: "too long" },
        { field: "defaultLanguage", message: "not allowed" },
      ]),
      sameNames("name", "defaultLanguage"),
    );
    expect(r).toEqual({ errors: { name: "is required; too long", defaultLanguage: "not allowed" }, unplaced: [], showMessage: false });
  });

  it("asks for the whole message when a field has no input, or when there are no field errors", () => {
    const r = serverErrors(refused([{ field: "name", message: "bad" }, { field: "constructor", message: "odd" }]), sameNames("name"));
    expect(r.errors).toEqual({ name: "bad" });
    expect(r.unplaced).toEqual(["constructor"]);
    expect(r.showMessage).toBe(true);
    expect(serverErrors({ code: "CONNECTION", message: "no server" }, sameNames("name")).showMessage).toBe(true);
    expect(serverErrors(new Error("boom"), sameNames("name")).showMessage).toBe(true);
  });

  it("maps backend names onto form paths with a table or a function", () => {
    expect(serverErrors(refused([{ field: "messageKey", message: "taken" }]), { messageKey: "key" }).errors).toEqual({ key: "taken" });
    const settings = (f: string) => (f.startsWith("typeSettings.") ? f.replace(/^typeSettings\./, "settings.") : null);
    expect(serverErrors(refused([{ field: "typeSettings.nl-BE.rate", message: "too fast" }]), settings).errors).toEqual({ "settings.nl-BE.rate": "too fast" });
  });

  it("sets the placed errors on the form (replacing the previous ones)", () => {
    let set: Record<string, string> = { old: "x" };
    const r = placeServerErrors({ setErrors: (e) => (set = e) }, refused([{ field: "name", message: "bad" }]), sameNames("name"));
    expect(set).toEqual({ name: "bad" });
    expect(r.showMessage).toBe(false);
  });
});
