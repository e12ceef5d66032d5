import { describe, expect, it } from "vitest";
import type { ApiError } from "../bindings/ApiError";
import { ERROR_CODES, detailOf, errorTitle, fieldErrors, isRetryable, retryBusyRead, toApiError } from "./errors";

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
    // A malformed detail (not what the backend sends) is ignored rather than trusted.
    expect(fieldErrors({ code: "VALIDATION", message: "x", detail: { fields: "no" } } as unknown as ApiError)).toEqual({});
    expect(fieldErrors(null)).toEqual({});
  });
});

describe("errorTitle", () => {
  it("names each code for people", () => {
    expect(errorTitle("READ_ONLY")).toBe("Read-only environment");
    expect(errorTitle("MIGRATION_LOCKED")).toBe("Migration locked");
  });
  it("words a busy database as 'try again', not as someone else's change", () => {
    expect(errorTitle("BUSY")).toBe("Database busy, try again");
    expect(errorTitle("BUSY")).not.toMatch(/someone else|changed/i);
    expect(isRetryable("BUSY")).toBe(true);
    expect(isRetryable("CONFLICT")).toBe(false);
    expect(errorTitle("CONFLICT")).toBe("Changed by someone else");
  });
  it("says a duplicate already exists rather than that it changed", () => {
    expect(errorTitle("ALREADY_EXISTS")).toBe("Already exists");
  });
  it("has a distinct title for every code and accepts every code as a backend error", () => {
    const titles = ERROR_CODES.map(errorTitle);
    expect(new Set(titles).size).toBe(ERROR_CODES.length);
    for (const code of ERROR_CODES) expect(toApiError({ code, message: "m" }).code).toBe(code);
  });
});

describe("retryBusyRead", () => {
  it("tries a busy read again a few times and nothing else", () => {
    const busy = { code: "BUSY", message: "the local database is busy; try again" };
    expect(retryBusyRead(0, busy)).toBe(true);
    expect(retryBusyRead(2, busy)).toBe(true);
    expect(retryBusyRead(3, busy)).toBe(false);
    expect(retryBusyRead(0, { code: "CONFLICT", message: "changed" })).toBe(false);
    expect(retryBusyRead(0, new Error("boom"))).toBe(false);
  });
});

describe("detailOf", () => {
  it("reads the typed keys of a detail, and is empty without one", () => {
    expect(detailOf({ detail: { retryable: true } }).retryable).toBe(true);
    expect(detailOf({ detail: { basedOnVersion: 2, liveVersion: 3 } }).liveVersion).toBe(3);
    expect(detailOf({ detail: [1, 2] })).toEqual({});
    expect(detailOf({ detail: null })).toEqual({});
    expect(detailOf(null)).toEqual({});
  });
});
