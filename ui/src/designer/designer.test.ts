import { describe, expect, it } from "vitest";
import type { EditDraftResult } from "../bindings/EditDraftResult";
import type { Flow } from "../bindings/Flow";
import type { FlowView } from "../bindings/FlowView";
import type { MessageTexts } from "../bindings/MessageTexts";
import type { Segment } from "../bindings/Segment";
import type { SegmentCatalog } from "../bindings/SegmentCatalog";
import { applySaved, draftConflict, isValidated, unvalidated, withFindings } from "./api";
import { configSchema, integerKeyOps, integerProblem, jsonKeyOps, typedConfig } from "./config";
import { contentChanges, diffFromNothing } from "./diff";
import { addBatch, connectBatch, deleteBatch, disconnectBatch, freeName, moveBatch, reconnectBatch } from "./gestures";
import { COMPACT_BELOW_ZOOM, compactAt, drawnRegion, edgesPath, edgesToDraw, glanceText, incomingKey, LARGE_FLOW, layoutOptions, sameButPosition, nodeHeight, nodesIn, openingView, segmentResults, syncEdges, syncNodes, type Box, type GraphContext, type TransitionEdge } from "./graph";
import { boundsOf, canvasTransform, frameOf, panelMapping } from "./minimap";
import { EMPTY, LIMIT, nextRedo, nextUndo, record, redone, undone } from "./history";
import { paletteGroups } from "./palette";
import { searchSegments } from "./search";
import { messageKeysOf, textsOf } from "./useMessageTexts";

const seg = (name: string, segmentType: string, next: Record<string, string> = {}, extra: Partial<Segment> = {}): Segment => ({
  name,
  segmentType,
  config: {},
  transitions: Object.entries(next).map(([result, n]) => ({ result, next: n })),
  ...extra,
});

const flow: Flow = {
  routingId: "r",
  segments: [
    seg("bye", "disconnect", {}, { ui: { x: 0, y: 400, collapsed: false } }),
    seg("menu", "menu", { sales: "queue", no_input: "menu" }, { config: { messageKey: "MAIN_MENU", options: '[{"digit":"1","result":"sales"}]' }, ui: { x: 0, y: 0, collapsed: false } }),
    seg("queue", "queue", { timeout: "bye" }, { ui: { x: 0, y: 200, collapsed: false } }),
  ],
};

const catalog: SegmentCatalog = {
  types: [
    {
      id: 1,
      code: "menu",
      displayName: "Menu",
      category: "input",
      terminal: false,
      keys: [
        { id: 1, name: "messageKey", keyType: "string", required: true, default: null, defaultValue: null, schema: { type: "string", pattern: "^[A-Z]" } },
        { id: 2, name: "options", keyType: "json", required: true, default: null, defaultValue: null, schema: { type: "array" } },
        { id: 3, name: "timeoutSeconds", keyType: "integer", required: false, default: "5", defaultValue: 5, schema: { minimum: 1, maximum: 60 } },
      ],
      results: [
        { kind: "config", key: "options", field: "result", mustHandle: true },
        { kind: "fixed", name: "no_input", mustHandle: false },
      ],
    },
    { id: 2, code: "queue", displayName: "Queue", category: "routing", terminal: false, keys: [], results: [{ kind: "fixed", name: "timeout", mustHandle: false }] },
    { id: 3, code: "disconnect", displayName: "Disconnect", category: "terminal", terminal: true, keys: [], results: [] },
  ],
};

const view: FlowView = {
  routingId: "r",
  liveVersion: 1,
  flow,
  entries: [{ sourceId: "+32", initSegment: "menu" }],
  revision: "rev1",
  results: {
    menu: [
      { name: "sales", mustHandle: true, configKey: "options" },
      { name: "no_input", mustHandle: false },
    ],
    queue: [{ name: "timeout", mustHandle: false }],
    bye: [],
  },
  validation: { errors: [{ severity: "error", code: "X", segment: "queue", key: null, message: "queue name missing" }], warnings: [] },
};
const ctx: GraphContext = { catalog, entries: new Set(["menu"]), readOnly: false };

describe("gesture → one batch", () => {
  it("moves only the nodes whose position changed, to a tenth of a pixel", () => {
    expect(moveBatch(flow, [{ id: "menu", position: { x: 0, y: 0 } }, { id: "queue", position: { x: 10.04, y: 220.26 } }])).toEqual([{ op: "move", segment: "queue", x: 10, y: 220.3 }]);
  });

  it("adds a segment where it was dropped", () => {
    expect(addBatch("menu_1", "menu", { x: 1.26, y: 2 })).toEqual([{ op: "add_segment", name: "menu_1", segmentType: "menu", config: {}, ui: { x: 1.3, y: 2, collapsed: false } }]);
  });

  it("connects a free result, redirects a connected one, ignores a connection that exists", () => {
    expect(connectBatch(flow, "queue", "full", "bye")).toEqual([{ op: "connect", segment: "queue", result: "full", next: "bye" }]);
    expect(connectBatch(flow, "menu", "sales", "bye")).toEqual([
      { op: "disconnect", segment: "menu", result: "sales" },
      { op: "connect", segment: "menu", result: "sales", next: "bye" },
    ]);
    expect(connectBatch(flow, "menu", "sales", "queue")).toEqual([]);
  });

  it("reconnects an edge, freeing the result it lands on", () => {
    const from = { segment: "menu", result: "sales", contextKey: null };
    expect(reconnectBatch(flow, from, { segment: "menu", result: "sales", next: "bye" })).toEqual([
      { op: "disconnect", segment: "menu", result: "sales", contextKey: null },
      { op: "connect", segment: "menu", result: "sales", contextKey: null, next: "bye" },
    ]);
    expect(reconnectBatch(flow, from, { segment: "menu", result: "no_input", next: "queue" })).toEqual([
      { op: "disconnect", segment: "menu", result: "sales", contextKey: null },
      { op: "disconnect", segment: "menu", result: "no_input", contextKey: null },
      { op: "connect", segment: "menu", result: "no_input", contextKey: null, next: "queue" },
    ]);
    expect(reconnectBatch(flow, from, { segment: "menu", result: "sales", next: "queue" })).toEqual([]);
    expect(disconnectBatch([from])).toEqual([{ op: "disconnect", segment: "menu", result: "sales", contextKey: null }]);
  });

  it("deletes segments with the transitions that lead to them, once each", () => {
    expect(deleteBatch(flow, ["queue"], [{ segment: "menu", result: "sales", contextKey: null }])).toEqual([
      { op: "disconnect", segment: "menu", result: "sales", contextKey: null },
      { op: "delete_segment", name: "queue" },
    ]);
    // The transitions of a deleted segment go with it: no disconnect for them.
    expect(deleteBatch(flow, ["queue", "bye"], [])).toEqual([
      { op: "disconnect", segment: "menu", result: "sales", contextKey: null },
      { op: "delete_segment", name: "queue" },
      { op: "delete_segment", name: "bye" },
    ]);
  });

  it("names a new segment after its type, unique ignoring case", () => {
    expect(freeName(flow, "menu")).toBe("menu_1");
    expect(freeName({ ...flow, segments: [...flow.segments, seg("Menu_1", "menu")] }, "menu", ["menu_2"])).toBe("menu_3");
    expect(freeName(flow, "9 bad-name")).toBe("bad_name_1");
  });
});

describe("undo stack", () => {
  const a = { label: "a", redo: [{ op: "delete_segment" as const, name: "x" }], undo: [{ op: "delete_segment" as const, name: "y" }] };
  const b = { ...a, label: "b" };

  it("undoes the last gesture, redoes it, and a new gesture clears redo", () => {
    let h = record(record(EMPTY, a), b);
    expect(nextUndo(h)?.label).toBe("b");
    h = undone(h);
    expect(nextUndo(h)?.label).toBe("a");
    expect(nextRedo(h)?.label).toBe("b");
    h = redone(h);
    expect(nextUndo(h)?.label).toBe("b");
    expect(h.future).toEqual([]);
    h = record(undone(h), a);
    expect(h.future).toEqual([]);
    expect(h.past.map((e) => e.label)).toEqual(["a", "a"]);
  });

  it("keeps the inverse the backend returned for each application", () => {
    const inv = [{ op: "rename_segment" as const, name: "p", newName: "q" }];
    let h = undone(record(EMPTY, a), inv);
    expect(nextRedo(h)?.redo).toEqual(inv);
    h = redone(h, a.undo);
    expect(nextUndo(h)?.undo).toEqual(a.undo);
  });

  it("ignores empty gestures and keeps at most LIMIT steps", () => {
    expect(record(EMPTY, { ...a, redo: [] })).toBe(EMPTY);
    let h = EMPTY;
    for (let i = 0; i < LIMIT + 5; i++) h = record(h, { ...a, label: String(i) });
    expect(h.past.length).toBe(LIMIT);
    expect(h.past[0].label).toBe("5");
  });
});

describe("canvas model", () => {
  it("draws one handle per result the backend lists, plus results only transitions use (marked unknown)", () => {
    expect(segmentResults(view.results.menu, seg("m", "menu", { sales: "q", oops: "q" }))).toEqual([
      { name: "sales", mustHandle: true, connected: true, known: true },
      { name: "no_input", mustHandle: false, connected: false, known: true },
      { name: "oops", mustHandle: false, connected: true, known: false },
    ]);
    // A type that declares no results: whatever its transitions use is fine.
    expect(segmentResults(undefined, seg("x", "x", { any: "y" }))[0].known).toBe(true);
  });

  it("builds nodes with the entry, findings, glance and terminal markers", () => {
    const nodes = syncNodes([], view, ctx);
    const menu = nodes.find((n) => n.id === "menu")!;
    expect(menu.data.entry).toBe(true);
    expect(menu.data.glance[0]).toEqual({ key: "messageKey", text: "MAIN_MENU", message: true });
    // The node shows the message's text once known (it is not part of the node data).
    expect(glanceText(menu.data.glance[0], (k) => (k === "MAIN_MENU" ? "Press 1 for sales" : undefined))).toBe("“Press 1 for sales”");
    expect(glanceText(menu.data.glance[0], () => undefined)).toBe("MAIN_MENU");
    expect(nodes.find((n) => n.id === "queue")!.data.errors).toBe(1);
    expect(nodes.find((n) => n.id === "bye")!.data.terminal).toBe(true);
  });

  it("keeps every untouched node object after a save (memoized nodes do not re-render)", () => {
    const before = syncNodes([], view, ctx).map((n) => (n.id === "bye" ? { ...n, selected: true } : n));
    const saved: EditDraftResult = {
      changeSetId: "c",
      revision: "rev2",
      changed: [{ ...flow.segments[2], ui: { x: 50, y: 200, collapsed: false } }],
      removed: [],
      results: { queue: view.results.queue },
      inverse: [],
      validation: null,
    };
    const next = applySaved(view, saved);
    expect(next.revision).toBe("rev2");
    // A move changes no finding: the answer has none and the report shown stays the same object.
    expect(next.validation).toBe(view.validation);
    const after = syncNodes(before, next, ctx);
    expect(after.find((n) => n.id === "menu")).toBe(before.find((n) => n.id === "menu"));
    expect(after.find((n) => n.id === "bye")).toBe(before.find((n) => n.id === "bye"));
    const queue = after.find((n) => n.id === "queue")!;
    expect(queue).not.toBe(before.find((n) => n.id === "queue"));
    expect(queue.position).toEqual({ x: 50, y: 200 });
  });

  it("applies a batch's changed and removed segments, sorted by name", () => {
    const saved: EditDraftResult = { changeSetId: "c", revision: "r2", changed: [seg("aaa", "queue")], removed: ["bye"], results: { aaa: [] }, inverse: [], validation: { errors: [], warnings: [] } };
    const next = applySaved(view, saved);
    expect(next.validation).toBe(saved.validation);
    expect(next.flow.segments.map((s) => s.name)).toEqual(["aaa", "menu", "queue"]);
    expect(Object.keys(next.results).sort()).toEqual(["aaa", "menu", "queue"]);
  });

  it("draws one edge per transition whose target exists, reusing unchanged edges", () => {
    const edges = syncEdges([], flow, false);
    expect(edges.map((e) => `${e.source}.${e.sourceHandle}->${e.target}`)).toEqual(["menu.sales->queue", "menu.no_input->menu", "queue.timeout->bye"]);
    expect(syncEdges(edges, flow, false)[1]).toBe(edges[1]);
  });
});

describe("palette, search, inspector schema, diff lines", () => {
  it("groups types by category in a fixed order and filters them", () => {
    expect(paletteGroups(catalog, "").map((g) => g.category)).toEqual(["input", "routing", "terminal"]);
    expect(paletteGroups(catalog, "queue").flatMap((g) => g.types.map((t) => t.code))).toEqual(["queue"]);
    expect(paletteGroups(catalog, "zzz")).toEqual([]);
  });

  it("finds segments by name, type and message key", () => {
    expect(searchSegments(flow, "que").map((h) => h.name)).toEqual(["queue"]);
    expect(searchSegments(flow, "disconnect").map((h) => [h.name, h.why])).toEqual([["bye", "type"]]);
    expect(searchSegments(flow, "main_m").map((h) => [h.name, h.why])).toEqual([["menu", "messageKey MAIN_MENU"]]);
    expect(searchSegments(flow, " ")).toEqual([]);
  });

  it("builds one object schema from a type's keys, typed by key type, with defaults", () => {
    const s = configSchema(catalog.types[0]);
    expect(s.required).toEqual(["messageKey", "options"]);
    expect(s.properties!.timeoutSeconds).toEqual({ minimum: 1, maximum: 60, type: "integer", default: 5 });
    expect(typedConfig(catalog.types[0], { timeoutSeconds: "7", options: "[]", messageKey: "M" })).toEqual({ timeoutSeconds: 7, options: [], messageKey: "M" });
  });

  it("writes each content change as one line; layout is not among them", () => {
    const lines = contentChanges({
      segmentsAdded: [{ segment: "a", segmentType: "menu" }],
      segmentsRemoved: [],
      segmentsRetyped: [],
      segmentsReconfigured: [{ segment: "m", keys: [{ key: "k", old: null, new: "v" }] }],
      transitionsAdded: [],
      transitionsRemoved: [],
      transitionsRedirected: [{ segment: "m", result: "x", contextKey: null, from: "a", to: "b" }],
      layout: [{ segment: "m" }],
    });
    expect(lines.map((l) => `${l.kind} ${l.what} ${l.detail}`)).toEqual(["added a new menu segment", 'changed m.k unset → "v"', "changed m.x → b (was a)"]);
  });
});

describe("jsonKeyOps", () => {
  const big = "12345678901234567890123";
  it("sends a JSON key as the text typed, so a 23-digit number keeps every digit", () => {
    const typed = `{\n  "id": ${big},\n  "w": 1.50\n}`;
    const ops = jsonKeyOps("lookup", "payload", typed, '{"id":1}');
    expect(ops).toEqual([{ op: "set_config_text", segment: "lookup", key: "payload", text: typed }]);
    // What crosses the IPC (JSON.stringify, then parsed by Rust) still holds the digits: a string.
    expect(JSON.stringify(ops)).toContain(big);
    expect(JSON.stringify(JSON.parse(JSON.stringify(ops)))).toContain(big);
  });
  it("sends nothing when the text means what is stored, and unsets an emptied key", () => {
    expect(jsonKeyOps("lookup", "payload", `{ "id" : ${big} }`, `{"id":${big}}`)).toEqual([]);
    // One digit more is a change (a JavaScript number could not tell them apart).
    expect(jsonKeyOps("lookup", "payload", `{"id":${big}4}`, `{"id":${big}}`)).toHaveLength(1);
    expect(jsonKeyOps("lookup", "payload", "  ", `{"id":1}`)).toEqual([{ op: "unset_config", segment: "lookup", key: "payload" }]);
    expect(jsonKeyOps("lookup", "payload", "", undefined)).toEqual([]);
  });
});

describe("nodes known before they are drawn", () => {
  it("gives every node the size and handle positions app.css lays it out with", () => {
    expect(nodeHeight(0, 0)).toBe(2 + 22 + 18);
    expect(nodeHeight(2, 2)).toBe(2 + 22 + 18 + (5 + 2 * 17) + (5 + 2 * 17));
    const menu = syncNodes([], view, ctx).find((n) => n.id === "menu")!;
    expect(menu.measured).toEqual({ width: 200, height: 120 });
    expect(menu.handles).toEqual([
      { id: null, type: "target", position: "left", x: -3.5, y: 55.5, width: 9, height: 9 },
      { id: "sales", type: "source", position: "right", x: 199.5, y: 87, width: 9, height: 9 },
      { id: "no_input", type: "source", position: "right", x: 199.5, y: 104, width: 9, height: 9 },
    ]);
  });

  it("lays out every node in a node's width and the tallest node's height", () => {
    expect(layoutOptions("topToBottom", [42, 178, 96])).toEqual({ direction: "topToBottom", nodeWidth: 200, nodeHeight: 178, layerGap: 90, nodeGap: 30 });
    expect(layoutOptions("leftToRight", []).nodeHeight).toBe(120);
  });

  it("keeps the measured size of a node whose data did not change", () => {
    const first = syncNodes([], view, ctx).map((n) => (n.id === "menu" ? { ...n, measured: { width: 200, height: 121 } } : n));
    const moved = applySaved(view, { changeSetId: "c", revision: "r2", changed: [{ ...flow.segments[1], ui: { x: 5, y: 5, collapsed: false } }], removed: [], results: { menu: view.results.menu }, inverse: [], validation: view.validation });
    const menu = syncNodes(first, moved, ctx).find((n) => n.id === "menu")!;
    expect(menu.position).toEqual({ x: 5, y: 5 });
    expect(menu.measured).toEqual({ width: 200, height: 121 });
  });

  it("returns the same arrays when nothing they show changed (xyflow then does no work)", () => {
    const nodes = syncNodes([], view, ctx);
    const again = { ...view, revision: "rev2", validation: { errors: [...view.validation.errors], warnings: [] } };
    expect(syncNodes(nodes, again, ctx)).toBe(nodes);
    const edges = syncEdges([], flow, false);
    expect(syncEdges(edges, again.flow, false)).toBe(edges);
    // A new finding on one segment replaces only that node.
    const warned = { ...again, validation: { errors: view.validation.errors, warnings: [{ severity: "warning" as const, code: "W", segment: "bye", key: null, message: "never reached" }] } };
    const after = syncNodes(nodes, warned, ctx);
    expect(after).not.toBe(nodes);
    expect(after.filter((n, i) => n !== nodes[i]).map((n) => n.id)).toEqual(["bye"]);
    expect(after.find((n) => n.id === "bye")!.data.warnings).toBe(1);
  });

  it("opens a large flow on its entry and the segments it leads to, a small one whole", () => {
    expect(openingView(flow, ["menu"])).toBeNull();
    const n = LARGE_FLOW + 1;
    const name = (i: number) => `s${String(i).padStart(4, "0")}`;
    const segments = Array.from({ length: n }, (_, i) => seg(name(i), "queue", i + 1 < n ? { a: name(i + 1), b: name(Math.min(n - 1, i + 5)) } : {}));
    const big: Flow = { routingId: "big", segments };
    expect(openingView(big, ["s0010"])).toEqual(["s0010", "s0011", "s0015", "s0012", "s0016", "s0020", "s0013", "s0017"]);
    // No routing entry: the first segment.
    expect(openingView(big, [])?.[0]).toBe("s0000");
    // Placed 240 apart (s0015 at the far end): only those within reach of the entry open in view.
    const at = (name: string) => ({ x: name === "s0015" ? 100_000 : Number(name.slice(1)) * 240, y: 0 });
    expect(openingView(big, ["s0010"], at)).toEqual(["s0010", "s0011", "s0012", "s0016", "s0013", "s0014"]);
  });
});

describe("integer keys in the inspector", () => {
  it("saves the digits as text, so 16 to 19 digits arrive exactly", () => {
    expect(integerKeyOps("lookup", "timeoutMs", " 1234567890123456789 ", "5")).toEqual([{ op: "set_config_text", segment: "lookup", key: "timeoutMs", text: "1234567890123456789" }]);
    expect(integerKeyOps("lookup", "timeoutMs", "1234567890123456789", "1234567890123456789")).toEqual([]);
    expect(integerKeyOps("lookup", "timeoutMs", "", "5")).toEqual([{ op: "unset_config", segment: "lookup", key: "timeoutMs" }]);
    expect(integerKeyOps("lookup", "timeoutMs", "", undefined)).toEqual([]);
  });

  it("checks whole digits and the schema's bounds exactly", () => {
    expect(integerProblem("9007199254740993")).toBeNull();
    expect(integerProblem("1.5")).toBe("must be a whole number");
    expect(integerProblem("12e3")).toBe("must be a whole number");
    expect(integerProblem("0", 1, 60)).toBe("must be at least 1");
    expect(integerProblem("61", 1, 60)).toBe("must be at most 60");
    expect(integerProblem("9007199254740993", undefined, 9007199254740992)).toBe("must be at most 9007199254740992");
    expect(integerProblem("")).toBeNull();
  });
});

describe("what the canvas draws around the view", () => {
  // A pane of 1000 × 500 px at zoom 0.5, its top-left corner at flow (2000, 1000).
  const transform = [-1000, -500, 0.5] as const;

  it("the region is the view and a margin of its size on every side", () => {
    expect(drawnRegion(1000, 500, transform, 0)).toEqual({ x: 2000, y: 1000, width: 2000, height: 1000 });
    expect(drawnRegion(1000, 500, transform, 1)).toEqual({ x: 0, y: 0, width: 6000, height: 3000 });
  });

  it("draws the edges with an end near the view and the selected ones, not those that only cross it", () => {
    const boxes: ({ id: string } & Box)[] = [
      { id: "left", x: -50_000, y: 1200, width: 200, height: 100 },
      { id: "right", x: 90_000, y: 1200, width: 200, height: 100 },
      { id: "in", x: 2500, y: 1200, width: 200, height: 100 },
      { id: "near", x: 5900, y: 2950, width: 200, height: 100 },
      { id: "far", x: 6100, y: 1200, width: 200, height: 100 },
    ];
    const region = drawnRegion(1000, 500, transform, 1);
    const near = nodesIn(boxes, (b) => b, region);
    expect(near).toEqual(["in", "near"]);
    const edge = (source: string, target: string, selected = false): TransitionEdge => ({ id: `${source}-${target}`, source, target, selected });
    const edges = [edge("left", "right"), edge("left", "in"), edge("near", "far"), edge("far", "right"), edge("right", "left", true)];
    expect(edgesToDraw(edges, new Set(near), boxes.length).map((e) => e.id)).toEqual(["left-in", "near-far", "right-left"]);
    // Everything near (zoomed out): the same array, nothing for xyflow to redo.
    expect(edgesToDraw(edges, new Set(boxes.map((b) => b.id)), boxes.length)).toBe(edges);
  });
});

describe("zoomed far out", () => {
  it("draws nodes compact below the zoom where their 12 px text is under 5 px", () => {
    expect(COMPACT_BELOW_ZOOM).toBe(0.4);
    expect(compactAt(0.39)).toBe(true);
    expect(compactAt(0.4)).toBe(false);
    expect(compactAt(1)).toBe(false);
  });

  it("draws the edges as one path, each from its result's handle to the target's input handle", () => {
    const nodes = syncNodes([], view, ctx);
    const byId = new Map(nodes.map((n) => [n.id, n]));
    const edges = syncEdges([], flow, false);
    const sales = edges.filter((e) => e.source === "menu" && e.sourceHandle === "sales");
    // menu at (0, 0): its `sales` handle's right edge at x 199.5 + 9, centre y 87 + 4.5; queue at
    // (0, 200): its input handle's left edge at x -3.5, centre y 200 + 32 (half its 64 px: one result row).
    const [x1, y1, x2, y2] = [208.5, 91.5, -3.5, 232];
    expect(edgesPath(sales, byId)).toMatch(new RegExp(`^M${x1},${y1} C.* ${x2},${y2}$`));
    // One subpath per edge whose ends are known; an edge to a segment not on the canvas is left out.
    const all = edgesPath(edges, byId);
    expect(all.match(/M/g)).toHaveLength(edges.length);
    expect(edgesPath([...sales, { ...sales[0], id: "x", target: "gone" }], byId)).toBe(edgesPath(sales, byId));
    expect(edgesPath([], byId)).toBe("");
  });
});

describe("the minimap's geometry", () => {
  it("frames the content centred with a margin, as @xyflow/react's MiniMap does", () => {
    // 1400 × 450 into 140 × 90: 10 units a pixel, a 5 px margin.
    const f = frameOf({ x: 0, y: 0, width: 1400, height: 450 }, 140, 90);
    expect(f).toEqual({ x: -50, y: -275, width: 1500, height: 1000 });
    expect(boundsOf([])).toBeNull();
    expect(boundsOf([{ x: 0, y: 0, width: 10, height: 10 }, { x: 100, y: -5, width: 10, height: 10 }])).toEqual({ x: 0, y: -5, width: 110, height: 15 });
  });

  it("moves and scales the painted marks to where the frame shown puts them", () => {
    const painted = frameOf({ x: 0, y: 0, width: 1400, height: 450 }, 140, 90);
    // The view reaches past the nodes: the frame grows, the canvas shrinks and moves.
    const shown = frameOf({ x: -1400, y: 0, width: 2800, height: 450 }, 140, 90);
    const t = canvasTransform(painted, shown, 140, 90);
    const p = panelMapping(painted, 140, 90);
    const s = panelMapping(shown, 140, 90);
    // A flow point lands at the same panel pixel either way.
    for (const [x, y] of [
      [0, 0],
      [1400, 450],
      [700, 200],
    ]) {
      const onCanvas = { x: (x - painted.x) * p.scale + p.dx, y: (y - painted.y) * p.scale + p.dy };
      expect(onCanvas.x * t.scale + t.x).toBeCloseTo((x - shown.x) * s.scale + s.dx, 6);
      expect(onCanvas.y * t.scale + t.y).toBeCloseTo((y - shown.y) * s.scale + s.dy, 6);
    }
    expect(canvasTransform(painted, painted, 140, 90)).toEqual({ scale: 1, x: 0, y: 0 });
  });
});

describe("the inspector after a save", () => {
  it("sees a moved segment as the same, any other change as a change", () => {
    const menu = flow.segments[1];
    expect(sameButPosition(menu, { ...menu, ui: { x: 40, y: 20, collapsed: false } })).toBe(true);
    expect(sameButPosition(menu, { ...menu, config: { ...menu.config, messageKey: "OTHER" } })).toBe(false);
    expect(sameButPosition(menu, { ...menu, transitions: [] })).toBe(false);
    expect(sameButPosition(menu, { ...menu, segmentType: "queue" })).toBe(false);
  });

  it("lists the segments with a transition to one, as one string", () => {
    expect(incomingKey(flow, "queue")).toBe("menu");
    expect(incomingKey(flow, "menu")).toBe("menu");
    expect(incomingKey(flow, "bye")).toBe("queue");
    expect(incomingKey(flow, "nobody")).toBe("");
  });
});

describe("the graph first, its findings after", () => {
  const { validation, ...graph } = view;
  const waiting = unvalidated(graph);

  it("draws a graph without findings, then redraws only the nodes the findings touch", () => {
    expect(isValidated(waiting)).toBe(false);
    expect(isValidated(view)).toBe(true);
    const before = syncNodes([], waiting, ctx);
    expect(before.every((n) => n.data.errors === 0 && n.data.warnings === 0)).toBe(true);
    const got = withFindings(waiting, { revision: "rev1", validation });
    expect(got.kind).toBe("apply");
    const shown = got.kind === "apply" ? got.view : waiting;
    expect(shown.validation).toBe(validation);
    expect(isValidated(shown)).toBe(true);
    const after = syncNodes(before, shown, ctx);
    expect(after.find((n) => n.id === "queue")!.data.errors).toBe(1);
    expect(after.find((n) => n.id === "queue")).not.toBe(before.find((n) => n.id === "queue"));
    expect(after.find((n) => n.id === "menu")).toBe(before.find((n) => n.id === "menu"));
    expect(after.find((n) => n.id === "bye")).toBe(before.find((n) => n.id === "bye"));
  });

  it("keeps waiting through a move, and a save with its validation ends the wait", () => {
    const move = { changeSetId: "c", revision: "rev2", changed: [{ ...flow.segments[2], ui: { x: 9, y: 9, collapsed: false } }], removed: [], results: {}, inverse: [] };
    const moved = applySaved(waiting, { ...move, validation: null });
    expect(isValidated(moved)).toBe(false);
    // Findings of the revision before the move validated another content: stale.
    expect(withFindings(moved, { revision: "rev1", validation }).kind).toBe("stale");
    expect(withFindings(moved, { revision: "rev2", validation }).kind).toBe("apply");
    const edited = applySaved(waiting, { ...move, validation: { errors: [], warnings: [] } });
    expect(isValidated(edited)).toBe(true);
    // Findings read before that save arrive late: the validation the save brought stays.
    expect(withFindings(edited, { revision: "rev1", validation }).kind).toBe("ignore");
  });

  it("gives a message key's published text in the store's language, else its first", () => {
    const published = (key: string, contents: [string, string][]) =>
      ({ key, state: { kind: "published", version: 1, contents: contents.map(([language, content]) => ({ language, content })) } }) as const;
    const answer = {
      defaultLanguage: "nl-BE",
      keys: [
        published("A", [["fr-BE", "Bonjour"], ["nl-BE", "Hallo"]]),
        published("B", [["fr-BE", "Salut"]]),
        { key: "C", state: { kind: "unpublished" } },
        { key: "D", state: { kind: "unknown" } },
        published("E", []),
      ],
    } satisfies MessageTexts;
    expect([...textsOf(answer)]).toEqual([
      ["A", "Hallo"],
      ["B", "Salut"],
    ]);
    expect(textsOf(undefined).size).toBe(0);
  });

  it("asks for each well-formed message key a flow names once, in order of first use", () => {
    const seg = (name: string, config: Record<string, string>) => ({ name, segmentType: "play", config, transitions: [] });
    const f = {
      routingId: "R",
      segments: [
        seg("a", { messageKey: "WELCOME", noInputMessageKey: "NO_INPUT" }),
        seg("b", { messageKey: "WELCOME", holdMessageKey: "not a key", queueName: "SALES" }),
        seg("c", { messageKey: "", retryMessageKey: "RETRY" }),
      ],
    } satisfies Flow;
    expect(messageKeysOf(f)).toEqual(["WELCOME", "NO_INPUT", "RETRY"]);
  });
});

describe("a draft's CONFLICT", () => {
  it("is told apart by its detail: stale, closed, published first (with or without a base version)", () => {
    const conflict = (detail: object) => ({ code: "CONFLICT" as const, message: "m", detail });
    expect(draftConflict(conflict({ changeSetId: "c", revision: "r2", yourRevision: "r1" }))).toEqual({ kind: "stale" });
    expect(draftConflict(conflict({ changeSetId: "c", status: "discarded", by: "ann" }))).toEqual({ kind: "closed", status: "discarded" });
    expect(draftConflict(conflict({ changeSetId: "c", basedOnVersion: 1, liveVersion: 2 }))).toEqual({ kind: "publishedFirst", basedOnVersion: 1, liveVersion: 2 });
    expect(draftConflict(conflict({ changeSetId: "c", liveVersion: 1 }))).toEqual({ kind: "publishedFirst", basedOnVersion: null, liveVersion: 1 });
    expect(draftConflict(conflict({}))).toBeNull();
    expect(draftConflict({ code: "VALIDATION", message: "m", detail: { revision: "r" } })).toBeNull();
    expect(draftConflict(null)).toBeNull();
  });

  it("of a new flow's draft shows all that is live as added", () => {
    const lines = contentChanges(diffFromNothing(flow));
    expect(lines.filter((l) => l.kind !== "added")).toEqual([]);
    expect(lines.map((l) => l.what)).toEqual(["bye", "menu", "queue", "menu.sales", "menu.no_input", "queue.timeout"]);
  });
});
