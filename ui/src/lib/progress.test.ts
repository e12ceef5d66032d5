import { describe, expect, it } from "vitest";
import { applyProgress, initialProgress, percent } from "./progress";

describe("deploy progress", () => {
  it("counts finished migrations and names the running one", () => {
    let p = applyProgress(initialProgress, { event: "started", index: 1, total: 2, version: 1, fileName: "V1__a.sql" });
    expect(p.current).toBe("V1__a.sql");
    expect(percent(p)).toBe(0);
    p = applyProgress(p, { event: "finished", index: 1, total: 2, version: 1, fileName: "V1__a.sql", executionMs: 12 });
    expect(percent(p)).toBe(50);
    p = applyProgress(p, { event: "started", index: 2, total: 2, version: 2, fileName: "V2__b.sql" });
    p = applyProgress(p, { event: "failed", index: 2, total: 2, version: 2, fileName: "V2__b.sql" });
    expect(p.failed).toBe("V2__b.sql");
    expect(percent(p)).toBe(50);
    expect(p.log).toHaveLength(4);
  });
});
