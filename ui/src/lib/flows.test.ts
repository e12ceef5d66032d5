import { describe, expect, it } from "vitest";
import type { Flow } from "../bindings/Flow";
import type { Segment } from "../bindings/Segment";
import { configEntries, incoming, layout, matchSegment, transitionRows } from "./flows";

function seg(name: string, type: string, next: Record<string, string>, extra: Partial<Segment> = {}): Segment {
  return { name, segmentType: type, config: {}, transitions: Object.entries(next).map(([result, n]) => ({ result, next: n })), ...extra };
}

const flow: Flow = {
  routingId: "acme",
  segments: [
    seg("menu", "menu", { "1": "queue", "2": "gone", noinput: "menu" }, { config: { skills: '[ "a", "b" ]', messageKey: "MAIN_MENU" } }),
    seg("queue", "queue", { done: "bye" }),
    seg("bye", "disconnect", {}),
    seg("orphan", "play_message", { done: "bye" }),
  ],
};

describe("transitionRows", () => {
  it("flattens every edge and flags targets that don't exist", () => {
    const rows = transitionRows(flow);
    expect(rows).toHaveLength(5);
    expect(rows[0]).toEqual({ source: "menu", result: "1", contextKey: null, target: "queue", targetMissing: false });
    expect(rows.filter((r) => r.targetMissing).map((r) => r.target)).toEqual(["gone"]);
  });
});

describe("configEntries", () => {
  it("sorts keys and shows JSON compactly, other text as it is", () => {
    expect(configEntries(flow.segments[0])).toEqual([
      { key: "messageKey", value: "MAIN_MENU" },
      { key: "skills", value: '["a","b"]' },
    ]);
    expect(configEntries(seg("x", "t", {}, { config: { bad: "{not json" } }))).toEqual([{ key: "bad", value: "{not json" }]);
  });
});

describe("incoming and matchSegment", () => {
  it("finds the segments that lead to one", () => {
    expect(incoming(flow, "bye").sort()).toEqual(["orphan", "queue"]);
    expect(incoming(flow, "orphan")).toEqual([]);
  });

  it("matches names, types and configuration, case-insensitively", () => {
    expect(matchSegment(flow.segments[0], "MAIN_menu")).toBe(true);
    expect(matchSegment(flow.segments[1], "QUEUE")).toBe(true);
    expect(matchSegment(flow.segments[2], "menu")).toBe(false);
    expect(matchSegment(flow.segments[2], "  ")).toBe(true);
  });
});

describe("layout", () => {
  it("keeps saved positions", () => {
    const placed: Flow = { routingId: "r", segments: [seg("a", "t", {}, { ui: { x: 10, y: 20, collapsed: false } })] };
    expect(layout(placed, ["a"]).get("a")).toEqual({ x: 10, y: 20 });
  });

  it("lays out unplaced segments in rows by distance from the entry, unreachable ones last", () => {
    const pos = layout(flow, ["menu"], { x: 100, y: 50 });
    expect(pos.get("menu")).toEqual({ x: 0, y: 0 });
    expect(pos.get("queue")).toEqual({ x: 0, y: 50 });
    expect(pos.get("bye")).toEqual({ x: 0, y: 100 });
    expect(pos.get("orphan")).toEqual({ x: 0, y: 150 });
  });

  it("puts unplaced segments below the saved ones", () => {
    const mixed: Flow = {
      routingId: "r",
      segments: [seg("a", "t", { x: "b" }, { ui: { x: 0, y: 300, collapsed: false } }), seg("b", "t", {})],
    };
    const pos = layout(mixed, ["a"], { x: 100, y: 50 });
    expect(pos.get("b")!.y).toBeGreaterThan(300);
  });
});
