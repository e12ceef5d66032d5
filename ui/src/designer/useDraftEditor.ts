import { applyEdgeChanges, applyNodeChanges, type EdgeChange, type NodeChange } from "@xyflow/react";
import { useCallback, useEffect, useRef, useState } from "react";
import type { ApiError } from "../bindings/ApiError";
import type { FlowView } from "../bindings/FlowView";
import { toApiError } from "../lib/errors";
import type { EditDraftResult } from "../bindings/EditDraftResult";
import { applySaved, draftConflict, saveBatch, withFindings } from "./api";
import type { FlowFindings } from "../bindings/FlowFindings";
import { syncEdges, syncNodes, type GraphContext, type SegmentNode, type TransitionEdge } from "./graph";
import { historyOf, keepHistory, nextRedo, nextUndo, record, redone, undone, type History } from "./history";
import type { EditOp } from "../bindings/EditOp";

export type EditorOptions = {
  /** The draft being edited; `null` shows `initial` read-only (live, a version, prd). */
  changeSetId: string | null;
  initial: FlowView;
  ctx: GraphContext;
  /** A save failed: the screen is back to the stored draft; say why. */
  onError: (e: ApiError, label: string) => void;
  /** The draft changed under us (another window): reload it from the database. */
  reload: () => Promise<FlowView>;
  /**
   * Measurements for the canvas benchmark: ms from a gesture's end to its saved state, and of
   * that the backend call's round trip.
   */
  onSaved?: (label: string, ms: number, backendMs: number) => void;
};

/** What a save stored, and the operations that redo it (the gesture's batch, or what a paste applied). */
export type Stored = { edit: EditDraftResult; redo: EditOp[] };

/** One save in the queue: its label, the call that stores it, and what follows once it is stored. */
type Job = { label: string; save: (changeSetId: string, revision: string) => Promise<Stored>; done?: (stored: Stored) => void };

/** A batch of operations, stored as it is (a plain gesture, undo, redo). */
const saveOps = (ops: EditOp[]) => (id: string, rev: string) => saveBatch(id, rev, ops).then((edit): Stored => ({ edit, redo: ops }));


/**
 * The canvas state of one draft: the stored flow (the last saved answer), the xyflow nodes and
 * edges derived from it, the save queue (one batch at a time, in gesture order) and the undo
 * history. The screen shows what is stored: a failed save puts it back as the database has it.
 */
export function useDraftEditor({ changeSetId, initial, ctx, onError, reload, onSaved }: EditorOptions) {
  const [view, setView] = useState(initial);
  const viewRef = useRef(initial);
  const ctxRef = useRef(ctx);
  ctxRef.current = ctx;
  const [nodes, setNodes] = useState<SegmentNode[]>(() => syncNodes([], initial, ctx));
  const [edges, setEdges] = useState<TransitionEdge[]>(() => syncEdges([], initial.flow, ctx.readOnly));
  const [history, setHistoryState] = useState<History>(() => (changeSetId ? historyOf(changeSetId) : { past: [], future: [] }));
  const [busy, setBusy] = useState(0);
  const queue = useRef<Promise<unknown>>(Promise.resolve());

  // The history as of the last save that finished: undo and redo pick their step from it when
  // their turn in the save queue comes, not at the key press (a quick second Ctrl+Z, or one right
  // after a gesture, would otherwise pick a step the saves before it have not moved yet).
  const historyRef = useRef(history);
  const setHistory = useCallback(
    (f: (h: History) => History) => {
      const next = f(historyRef.current);
      historyRef.current = next;
      if (changeSetId) keepHistory(changeSetId, next);
      setHistoryState(next);
    },
    [changeSetId],
  );

  /** Shows `v` as stored: every node and edge that differs is replaced, the rest kept as they are. */
  const show = useCallback((v: FlowView) => {
    viewRef.current = v;
    setView(v);
    setNodes((prev) => syncNodes(prev, v, ctxRef.current));
    setEdges((prev) => syncEdges(prev, v.flow, ctxRef.current.readOnly));
  }, []);

  // Context changes (catalog loaded, message texts, read-only) redraw what they touch.
  useEffect(() => {
    setNodes((prev) => syncNodes(prev, viewRef.current, ctx));
    setEdges((prev) => syncEdges(prev, viewRef.current.flow, ctx.readOnly));
  }, [ctx]);

  /**
   * Runs one save after the ones before it (gesture order), on the revision the canvas shows;
   * resolves with the stored result and the batch that redoes it, or null when it was refused or
   * there was nothing to save. `job` is asked for the save when its turn comes; `done` runs before
   * the next save starts.
   */
  const enqueue = useCallback(
    (job: () => Job | null): Promise<Stored | null> => {
      if (!changeSetId) return Promise.resolve(null);
      const started = performance.now();
      const run = async (): Promise<Stored | null> => {
        const j = job();
        if (!j) return null;
        const { label, save, done } = j;
        setBusy((b) => b + 1);
        try {
          const sent = performance.now();
          const stored = await save(changeSetId, viewRef.current.revision);
          const answered = performance.now();
          show(applySaved(viewRef.current, stored.edit));
          done?.(stored);
          onSaved?.(label, performance.now() - started, answered - sent);
          return stored;
        } catch (raw) {
          const e = toApiError(raw);
          // Stale: another window changed the draft since this one loaded it.
          if (draftConflict(e)?.kind === "stale") {
            show(await reload());
            setHistory(() => ({ past: [], future: [] }));
          } else {
            // Back to what is stored: dragged nodes return, nothing half-done stays on screen.
            show(viewRef.current);
          }
          onError(e, label);
          return null;
        } finally {
          setBusy((b) => b - 1);
        }
      };
      const p = queue.current.then(run, run);
      queue.current = p;
      return p;
    },
    [changeSetId, show, onError, onSaved, reload, setHistory],
  );

  /** A gesture ended: store it (one batch) and make it undoable. */
  const gesture = useCallback(
    (label: string, save: (changeSetId: string, revision: string) => Promise<Stored>) =>
      enqueue(() => ({ label, save, done: (stored) => setHistory((h) => record(h, { label, redo: stored.redo, undo: stored.edit.inverse })) })),
    [enqueue, setHistory],
  );

  /** A gesture that is a plain batch of operations. */
  const apply = useCallback(
    (label: string, ops: EditOp[]) => (ops.length === 0 ? Promise.resolve(null) : gesture(label, saveOps(ops))),
    [gesture],
  );

  /** Undoes the last step stored when its turn comes (each press one step, in order). */
  const undo = useCallback(
    () =>
      enqueue(() => {
        const e = nextUndo(historyRef.current);
        return e && e.undo.length > 0 ? { label: `undo ${e.label}`, save: saveOps(e.undo), done: (stored) => setHistory((h) => undone(h, stored.edit.inverse)) } : null;
      }),
    [enqueue, setHistory],
  );

  const redo = useCallback(
    () =>
      enqueue(() => {
        const e = nextRedo(historyRef.current);
        return e && e.redo.length > 0 ? { label: `redo ${e.label}`, save: saveOps(e.redo), done: (stored) => setHistory((h) => redone(h, stored.edit.inverse)) } : null;
      }),
    [enqueue, setHistory],
  );

  // xyflow reports drags, selection and measuring as changes; removals go through `apply` instead.
  const onNodesChange = useCallback((changes: NodeChange<SegmentNode>[]) => {
    setNodes((ns) => applyNodeChanges(changes.filter((c) => c.type !== "remove" && c.type !== "add"), ns));
  }, []);
  const onEdgesChange = useCallback((changes: EdgeChange<TransitionEdge>[]) => {
    setEdges((es) => applyEdgeChanges(changes.filter((c) => c.type === "select"), es));
  }, []);

  const replaceView = useCallback(
    (v: FlowView) => {
      show(v);
    },
    [show],
  );

  /**
   * The findings read after the graph: shown when they validated the revision on screen (only the
   * nodes whose findings changed are redrawn, see `syncNodes`). Findings of another revision mean
   * the draft changed elsewhere: it is reloaded (with its validation), as a stale save would be.
   */
  const addFindings = useCallback(
    (f: FlowFindings) => {
      // After the saves under way: the findings may have validated what one of them stores.
      const run = async () => {
        const next = withFindings(viewRef.current, f);
        if (next.kind === "apply") show(next.view);
        else if (next.kind === "stale" && changeSetId) {
          show(await reload());
          setHistory(() => ({ past: [], future: [] }));
        }
      };
      void queue.current.then(run, run);
    },
    [show, changeSetId, reload, setHistory],
  );

  return { view, viewRef, nodes, edges, setNodes, onNodesChange, onEdgesChange, apply, gesture, undo, redo, history, busy: busy > 0, replaceView, addFindings };
}
