import type { QueryClient } from "@tanstack/react-query";
import type { FlowRef } from "../bindings/FlowRef";
import type { FlowView } from "../bindings/FlowView";
import type { KeyWithVersions } from "../bindings/KeyWithVersions";
import type { ListAuditRequest } from "../bindings/ListAuditRequest";
import type { ListRoutingRequest } from "../bindings/ListRoutingRequest";
import type { KeyFilter } from "../bindings/KeyFilter";

/**
 * Every TanStack Query key of the app, and the groups a write refreshes. A screen never spells a
 * key itself: it calls these, so what one screen caches is what another one invalidates. Keys are
 * nested by area; a shorter key is the prefix of every longer one of its area (invalidating
 * `qk.messages.keys(1)` refreshes every page, filter and summary of store 1's key list).
 */
export const qk = {
  /** The environment the window has open. */
  session: () => ["session"] as const,

  environments: {
    /** The profiles (Environments screen, the banner's switcher, the first-start prompt); prefix of `draft`. */
    all: () => ["environments"] as const,
    draft: (name: string | null) => ["environments", "draft", name] as const,
  },

  /** The environment the backend composed from a pasted connection string. */
  composedEnvironment: (text: string) => ["compose-environment", text] as const,

  /** Every dictionary (languages, projects, categories, types, voices…). */
  dict: () => ["dict"] as const,

  flows: {
    /** Everything about flows; prefix of every key below. */
    all: () => ["flows"] as const,
    list: () => ["flows", "list"] as const,
    catalog: () => ["flows", "catalog"] as const,
    show: (routingId: string) => ["flows", "show", routingId] as const,
    drafts: (routingId: string) => ["flows", "drafts", routingId] as const,
    versions: (routingId: string) => ["flows", "versions", routingId] as const,
    draft: (changeSetId: string | null) => ["flows", "draft", changeSetId] as const,
    /** The validation of a flow's state at a revision (the canvas reads it after the graph). */
    findings: (what: FlowRef, revision: string) => ["flows", "findings", what, revision] as const,
    diff: (from: FlowRef, to: FlowRef) => ["flows", "diff", from, to] as const,
    publishDiff: (changeSetId: string, view: FlowView) => ["flows", "diff", "publish", changeSetId, view] as const,
    conflictDiff: (routingId: string, base: number | null, liveVersion: number | null | undefined) => ["flows", "diff", "conflict", routingId, base, liveVersion] as const,
  },

  routing: {
    /** The routing table's reads (list pages, a flow's entries, segment choices); not the history. */
    all: () => ["routing"] as const,
    list: (req: ListRoutingRequest) => ["routing", "list", req] as const,
    forFlow: (routingId: string) => ["routing", "for-flow", routingId] as const,
    segments: (routingId: string) => ["routing", "segments", routingId] as const,
    /** Every entry's history; prefix of `history`. */
    histories: () => ["routing-history"] as const,
    history: (routingTableId: number | undefined) => ["routing-history", routingTableId] as const,
  },

  audit: {
    all: () => ["audit"] as const,
    list: (req: ListAuditRequest) => ["audit", "list", req] as const,
    facets: () => ["audit", "facets"] as const,
  },

  messages: {
    /** Everything about messages; prefix of every key below. */
    all: () => ["messages"] as const,
    stores: () => ["messages", "stores"] as const,
    /** A store's key list: its pages, the completeness summary and the designer's suggestions. */
    keys: (storeId: number | null) => ["messages", "keys", storeId] as const,
    /** A store's published texts of keys (the designer's nodes and inspector); prefix of `texts`. */
    storeTexts: (storeId: number | null) => ["messages", "texts", storeId] as const,
    /** The published texts of some keys (`keys`: their names, one a line), one `messages_key_texts` call. */
    texts: (storeId: number | null, keys: string) => ["messages", "texts", storeId, keys] as const,
    keyPage: (storeId: number, filter: KeyFilter) => ["messages", "keys", storeId, "page", filter] as const,
    completeness: (storeId: number) => ["messages", "keys", storeId, "completeness"] as const,
    suggest: (storeId: number | null, typed: string) => ["messages", "keys", storeId, "suggest", typed] as const,
    /** Every key of every store (a store's languages changed: each key reads differently). */
    anyKey: () => ["messages", "key"] as const,
    /** One key, deleted or not; prefix of `key`. */
    keyAnyState: (storeId: number | null, key: string) => ["messages", "key", storeId, key] as const,
    /** One key with its versions (`deleted`: a deleted key, read to be restored). */
    key: (storeId: number | null, key: string, deleted = false) => ["messages", "key", storeId, key, deleted] as const,
    keyCheck: (storeId: number, key: string) => ["messages", "key-check", storeId, key] as const,
    /** A store's audit: every key's and the store-wide list; prefix of `audit`. */
    audits: (storeId: number) => ["messages", "audit", storeId] as const,
    /** One key's audit (`key` null: the whole store's), one page. */
    audit: (storeId: number, key: string | null, page: number) => ["messages", "audit", storeId, key, page] as const,
    used: (storeId: number, key: string, allFlows: boolean) => ["messages", "used", storeId, key, allFlows] as const,
    publishPreview: (storeId: number, key: string, version: number) => ["messages", "publish-preview", storeId, key, version] as const,
  },

  schema: {
    all: () => ["schema"] as const,
    status: () => ["schema", "status"] as const,
    plan: () => ["schema", "plan"] as const,
    lock: () => ["schema", "lock"] as const,
  },
};

/** Reads that belong to the open environment: everything but the session and the profiles. */
export function isEnvironmentData(queryKey: readonly unknown[]): boolean {
  return queryKey[0] !== qk.session()[0] && queryKey[0] !== qk.environments.all()[0];
}

/** What a write refreshes: each write names its group here, once. */
export const refresh = {
  /**
   * A key changed (a version added, deleted or published, its settings edited): its own read
   * (set from the write's answer when there is one), the store's key list and summary, the
   * store's audit, and the published texts the designer read of the store's keys.
   */
  messageKey(qc: QueryClient, storeId: number, key: string, answer?: KeyWithVersions): void {
    if (answer) qc.setQueryData(qk.messages.key(storeId, answer.key), answer);
    else void qc.invalidateQueries({ queryKey: qk.messages.keyAnyState(storeId, key) });
    void qc.invalidateQueries({ queryKey: qk.messages.keys(storeId) });
    void qc.invalidateQueries({ queryKey: qk.messages.audits(storeId) });
    void qc.invalidateQueries({ queryKey: qk.messages.storeTexts(storeId) });
  },
  /** A write was refused as stale (CONFLICT): the key, the list and the texts are read again. */
  staleMessageKey(qc: QueryClient, storeId: number, key: string): void {
    void qc.invalidateQueries({ queryKey: qk.messages.keyAnyState(storeId, key) });
    void qc.invalidateQueries({ queryKey: qk.messages.keys(storeId) });
    void qc.invalidateQueries({ queryKey: qk.messages.storeTexts(storeId) });
  },
  /** A routing entry was written: the table, the audit log and the flows (their entry points). */
  routing(qc: QueryClient): void {
    void qc.invalidateQueries({ queryKey: qk.routing.all() });
    void qc.invalidateQueries({ queryKey: qk.audit.all() });
    void qc.invalidateQueries({ queryKey: qk.flows.all() });
  },
  /** A dictionary entry was written: the dictionaries and the audit log. */
  dictionaries(qc: QueryClient): void {
    void qc.invalidateQueries({ queryKey: qk.dict() });
    void qc.invalidateQueries({ queryKey: qk.audit.all() });
  },
  /** A flow's drafts or versions changed: every flow read but the segment catalog and open drafts (they are kept as saved). */
  flowLists(qc: QueryClient): void {
    void qc.invalidateQueries({ queryKey: qk.flows.all(), predicate: (q) => q.queryKey[1] !== qk.flows.catalog()[1] && q.queryKey[1] !== qk.flows.draft(null)[1] });
  },
};
