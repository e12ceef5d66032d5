import { describe, expect, it } from "vitest";
import { errorTitle, fieldErrors, toApiError } from "./errors";

describe("toApiError", () => {
  it("keeps a backend error as it is", () => {
    const e = { code: "CONFLICT", message: "changed", detail: { current: 3 } };
    expect(toApiError(e)).toBe(e);
  });
  it("wraps anything else as INTERNAL", () => {
    expect(toApiError("boom")).toEqual({ code: "INTERNAL", message: "boom" });
    expect(toApiError(new Error("bad"))).toEqual({ code: "INTERNAL", message: "bad" });
    expect(toApiError({ code: "NOPE", message: "x" }).code).toBe("INTERNAL");
  });
});

describe("fieldErrors", () => {
  it("maps detail.fields to a per-field record and joins repeats", () => {
    const e = toApiError({
      code: "VALIDATION",
      message: "not valid",
      detail: {
        fields: [
          { field: "RoutingId", message: "required" },
          { field: "Config", message: "not JSON" },
          { field: "Config", message: "too long" },
        ],
      },
    });
    expect(fieldErrors(e)).toEqual({ RoutingId: "required", Config: "not JSON; too long" });
  });
  it("is empty without field details", () => {
    expect(fieldErrors({ code: "VALIDATION", message: "x" })).toEqual({});
    expect(fieldErrors({ code: "VALIDATION", message: "x", detail: { fields: "no" } })).toEqual({});
    expect(fieldErrors(null)).toEqual({});
  });
});

describe("errorTitle", () => {
  it("names each code for people", () => {
    expect(errorTitle("READ_ONLY")).toBe("Read-only environment");
    expect(errorTitle("MIGRATION_LOCKED")).toBe("Migration locked");
  });
});
