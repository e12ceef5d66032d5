import type { Progress } from "../bindings/Progress";

export type DeployProgress = { done: number; total: number; current: string | null; failed: string | null; log: string[] };

export const initialProgress: DeployProgress = { done: 0, total: 0, current: null, failed: null, log: [] };

/** Folds one deploy event into the progress bar's state. */
export function applyProgress(p: DeployProgress, e: Progress): DeployProgress {
  switch (e.event) {
    case "started":
      return { ...p, total: e.total, current: e.fileName, log: [...p.log, `${e.index}/${e.total} ${e.fileName}…`] };
    case "finished":
      return { ...p, total: e.total, done: e.index, current: null, log: [...p.log, `${e.index}/${e.total} ${e.fileName} applied in ${e.executionMs} ms`] };
    case "failed":
      return { ...p, total: e.total, current: null, failed: e.fileName, log: [...p.log, `${e.index}/${e.total} ${e.fileName} FAILED`] };
  }
}

export function percent(p: DeployProgress): number {
  return p.total === 0 ? 0 : Math.round((p.done / p.total) * 100);
}
