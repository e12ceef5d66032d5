import type { EditOp } from "../bindings/EditOp";

/**
 * Undo and redo of canvas gestures. Each entry keeps the batch the gesture saved (redo) and the
 * inverse batch the backend computed for it (undo); both are sent like any other batch edit, so
 * the stored draft always equals the screen. Histories live per draft for the whole session (a
 * module-level map), so switching screens and coming back keeps them.
 */
export type HistoryEntry = { label: string; redo: EditOp[]; undo: EditOp[] };
export type History = { past: HistoryEntry[]; future: HistoryEntry[] };

export const EMPTY: History = { past: [], future: [] };
/** Oldest entries are dropped beyond this many. */
export const LIMIT = 200;

/** A new gesture: it becomes the last undoable step; anything undone before it can't be redone. */
export function record(h: History, e: HistoryEntry): History {
  if (e.redo.length === 0) return h;
  const past = [...h.past, e];
  return { past: past.length > LIMIT ? past.slice(past.length - LIMIT) : past, future: [] };
}

/** The step undo would send, if any. */
export const nextUndo = (h: History): HistoryEntry | undefined => h.past[h.past.length - 1];
export const nextRedo = (h: History): HistoryEntry | undefined => h.future[h.future.length - 1];

/**
 * After the redo batch of the next step was saved; `undo` is the inverse the backend returned
 * for this application (it can differ from the first one, e.g. after other edits were undone).
 */
export function redone(h: History, undo?: EditOp[]): History {
  const e = nextRedo(h);
  return e ? { past: [...h.past, undo ? { ...e, undo } : e], future: h.future.slice(0, -1) } : h;
}

/**
 * After the undo batch of the last step was saved; `redo` is the inverse the backend returned for
 * the undo batch (what gives the step back exactly), else the step's original batch.
 */
export function undone(h: History, redo?: EditOp[]): History {
  const e = nextUndo(h);
  return e ? { past: h.past.slice(0, -1), future: [...h.future, redo ? { ...e, redo } : e] } : h;
}

const sessions = new Map<string, History>();

/** The history of a draft in this session. */
export const historyOf = (changeSetId: string): History => sessions.get(changeSetId) ?? EMPTY;
export function keepHistory(changeSetId: string, h: History): void {
  sessions.set(changeSetId, h);
}
/** A discarded or published draft has nothing left to undo. */
export function forgetHistory(changeSetId: string): void {
  sessions.delete(changeSetId);
}
