import { describe, expect, it } from "vitest";
import { formatTime, localInputToUtc, zoneName } from "./time";

describe("formatTime", () => {
  it("shows the time in the given zone with the zone's name", () => {
    expect(formatTime("2026-01-20T10:00:00.000Z", "UTC")).toBe("2026-01-20 10:00:00 UTC");
    expect(formatTime("2026-01-20T10:00:00.000Z", "Europe/Brussels")).toMatch(/^2026-01-20 11:00:00 (CET|GMT\+1)$/);
  });
  it("keeps what it cannot read", () => {
    expect(formatTime("not a time")).toBe("not a time");
    expect(formatTime(null)).toBe("");
  });
});

describe("filters in the same zone", () => {
  it("turns a local input into UTC and back to the same local time", () => {
    const utc = localInputToUtc("2026-01-20T11:00:00");
    expect(utc).not.toBeNull();
    const back = formatTime(utc, undefined);
    expect(back.startsWith("2026-01-20 11:00:00")).toBe(true);
    expect(back.endsWith(zoneName(undefined, new Date(utc as string)))).toBe(true);
    expect(localInputToUtc("  ")).toBeNull();
  });
});
