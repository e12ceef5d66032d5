import { act, renderHook, waitFor } from "@testing-library/react";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ApiError } from "../bindings/ApiError";
import type { EditDraftRequest } from "../bindings/EditDraftRequest";
import type { EditDraftResult } from "../bindings/EditDraftResult";
import type { EditOp } from "../bindings/EditOp";
import type { FlowView } from "../bindings/FlowView";
import type { Segment } from "../bindings/Segment";
import { forgetHistory } from "./history";
import { useDraftEditor, type EditorOptions } from "./useDraftEditor";

const DRAFT = "6f1c2a52-0000-4000-8000-000000000001";
const at = (name: string, x: number): Segment => ({ name, segmentType: "play_message", config: {}, transitions: [], ui: { x, y: 0, collapsed: false } });
const view = (revision: string, segments: Segment[]): FlowView => ({
  routingId: "r",
  liveVersion: 1,
  flow: { routingId: "r", segments },
  entries: [],
  revision,
  results: {},
  validation: { errors: [], warnings: [] },
});
const ctx = { catalog: { types: [] }, entries: new Set<string>(), readOnly: false };
const move = (segment: string, x: number): EditOp => ({ op: "move", segment, x, y: 0 });
const xOf = (v: FlowView, name: string) => v.flow.segments.find((s) => s.name === name)?.ui?.x;

/**
 * A draft kept the way the backend keeps it, behind the real `commands.flowEdit` (Tauri's invoke
 * mocked at the IPC boundary): each batch of moves is applied if made on the current revision,
 * and answered with its inverse. `fail` refuses the next batch with the given error.
 */
function backend(segments: Segment[]) {
  const state = { revision: 1, segments: new Map(segments.map((s) => [s.name, s])), calls: [] as EditOp[][], fail: null as ApiError | null, draftReads: 0 };
  let release: (() => void) | null = null;
  const gate = { hold: false };
  mockIPC(async (cmd, args) => {
    if (cmd === "flow_draft") {
      state.draftReads += 1;
      return view(`r${state.revision}`, [...state.segments.values()]);
    }
    if (cmd !== "flow_edit") throw new Error(`unexpected command ${cmd}`);
    const req = (args as { req: EditDraftRequest }).req;
    state.calls.push(req.ops);
    if (gate.hold) await new Promise<void>((r) => (release = r));
    if (state.fail) {
      const e = state.fail;
      state.fail = null;
      throw e;
    }
    if (req.revision !== `r${state.revision}`) throw { code: "CONFLICT", message: "stale", detail: { revision: `r${state.revision}`, yourRevision: req.revision } };
    const inverse: EditOp[] = [];
    const changed: Segment[] = [];
    for (const op of req.ops) {
      if (op.op !== "move") throw new Error(`unexpected op ${op.op}`);
      const s = state.segments.get(op.segment)!;
      inverse.unshift(move(s.name, s.ui!.x));
      const next = { ...s, ui: { x: op.x, y: op.y, collapsed: false } };
      state.segments.set(s.name, next);
      changed.push(next);
    }
    state.revision += 1;
    const r: EditDraftResult = { changeSetId: DRAFT, revision: `r${state.revision}`, changed, removed: [], results: {}, inverse, validation: null };
    return r;
  });
  return {
    state,
    /** Holds every batch until `open()` (a save in flight while keys are pressed). */
    hold: () => (gate.hold = true),
    open: () => {
      gate.hold = false;
      release?.();
    },
  };
}

function editor(initial: FlowView, extra: Partial<EditorOptions> = {}) {
  const onError = vi.fn();
  const reload = vi.fn(async () => {
    const { commands } = await import("../bindings/commands");
    return commands.flowDraft({ changeSetId: DRAFT });
  });
  const hook = renderHook(() => useDraftEditor({ changeSetId: DRAFT, initial, ctx, onError, reload, ...extra }));
  return { hook, onError, reload };
}

afterEach(() => {
  clearMocks();
  forgetHistory(DRAFT);
});

describe("useDraftEditor", () => {
  it("two quick undos undo two different steps, in order, and redo gives them back", async () => {
    const db = backend([at("a", 0), at("b", 0)]);
    const { hook } = editor(view("r1", [at("a", 0), at("b", 0)]));
    await act(() => hook.result.current.apply("move a", [move("a", 10)]));
    await act(() => hook.result.current.apply("move b", [move("b", 20)]));
    expect(hook.result.current.history.past.map((e) => e.label)).toEqual(["move a", "move b"]);

    // Both keys pressed while the first undo is still being saved.
    db.hold();
    let both: Promise<unknown> = Promise.resolve();
    act(() => {
      both = Promise.all([hook.result.current.undo(), hook.result.current.undo()]);
    });
    await waitFor(() => expect(db.state.calls).toHaveLength(3));
    await act(async () => {
      db.open();
      await both;
    });
    // The second undo sent the first step's inverse, not the second step's again.
    expect(db.state.calls.slice(2)).toEqual([[move("b", 0)], [move("a", 0)]]);
    expect(xOf(hook.result.current.view, "a")).toBe(0);
    expect(xOf(hook.result.current.view, "b")).toBe(0);
    expect(hook.result.current.history.past).toEqual([]);
    expect(hook.result.current.history.future.map((e) => e.label)).toEqual(["move b", "move a"]);

    await act(() => Promise.all([hook.result.current.redo(), hook.result.current.redo()]));
    expect(db.state.calls.slice(4)).toEqual([[move("a", 10)], [move("b", 20)]]);
    expect(xOf(hook.result.current.view, "a")).toBe(10);
    expect(xOf(hook.result.current.view, "b")).toBe(20);
    expect(hook.result.current.history.past.map((e) => e.label)).toEqual(["move a", "move b"]);
  });

  it("an undo pressed while a gesture is being saved undoes that gesture", async () => {
    const db = backend([at("a", 0)]);
    const { hook } = editor(view("r1", [at("a", 0)]));
    db.hold();
    let both: Promise<unknown> = Promise.resolve();
    act(() => {
      both = Promise.all([hook.result.current.apply("move a", [move("a", 50)]), hook.result.current.undo()]);
    });
    await waitFor(() => expect(db.state.calls).toHaveLength(1));
    await act(async () => {
      db.open();
      await both;
    });
    expect(db.state.calls).toEqual([[move("a", 50)], [move("a", 0)]]);
    expect(xOf(hook.result.current.view, "a")).toBe(0);
    expect(hook.result.current.history.future.map((e) => e.label)).toEqual(["move a"]);
  });

  it("a database error mid-gesture: the nodes go back, the error is shown, no step is recorded", async () => {
    const db = backend([at("a", 0)]);
    const { hook, onError, reload } = editor(view("r1", [at("a", 0)]));
    // The drag moved the node on screen before the gesture ended.
    act(() => hook.result.current.onNodesChange([{ type: "position", id: "a", position: { x: 300, y: 40 }, dragging: false }]));
    expect(hook.result.current.nodes.find((n) => n.id === "a")?.position).toEqual({ x: 300, y: 40 });

    db.state.fail = { code: "BUSY", message: "database is locked", detail: { retryable: true } };
    let stored: unknown = "pending";
    await act(async () => {
      stored = await hook.result.current.apply("move a", [move("a", 300)]);
    });
    expect(stored).toBeNull();
    expect(hook.result.current.nodes.find((n) => n.id === "a")?.position).toEqual({ x: 0, y: 0 });
    expect(xOf(hook.result.current.view, "a")).toBe(0);
    expect(onError).toHaveBeenCalledTimes(1);
    expect(onError.mock.calls[0][0].code).toBe("BUSY");
    expect(onError.mock.calls[0][1]).toBe("move a");
    expect(hook.result.current.history).toEqual({ past: [], future: [] });
    expect(reload).not.toHaveBeenCalled();
    expect(db.state.revision).toBe(1);
  });

  it("a stale rejection reloads the draft as stored and clears the history", async () => {
    const db = backend([at("a", 0), at("b", 0)]);
    const { hook, onError, reload } = editor(view("r1", [at("a", 0), at("b", 0)]));
    await act(() => hook.result.current.apply("move a", [move("a", 10)]));
    expect(hook.result.current.history.past).toHaveLength(1);
    // Another window moves b: the canvas still shows revision r2.
    db.state.segments.set("b", { ...at("b", 99) });
    db.state.revision += 1;

    await act(async () => {
      await hook.result.current.apply("move a", [move("a", 20)]);
    });
    expect(reload).toHaveBeenCalledTimes(1);
    expect(db.state.draftReads).toBe(1);
    expect(onError.mock.calls[0][0].code).toBe("CONFLICT");
    expect(hook.result.current.view.revision).toBe("r3");
    expect(xOf(hook.result.current.view, "a")).toBe(10);
    expect(xOf(hook.result.current.view, "b")).toBe(99);
    expect(hook.result.current.history).toEqual({ past: [], future: [] });
  });
});
