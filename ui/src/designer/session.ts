/** What the workspace shows: the live flow (read-only) or one draft (editable unless read-only). */
export type Mode = { kind: "live" } | { kind: "draft"; changeSetId: string };

/** The last open flow and draft, so coming back to the Flows screen returns to the same canvas. */
export const lastOpen: { routingId: string | null; mode: Mode } = { routingId: null, mode: { kind: "live" } };

export const CATALOG_KEY = ["flows", "catalog"] as const;
