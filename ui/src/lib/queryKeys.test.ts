import { QueryClient } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import type { KeyFilter } from "../bindings/KeyFilter";
import type { KeyWithVersions } from "../bindings/KeyWithVersions";
import { isEnvironmentData, qk, refresh } from "./queryKeys";

const filter: KeyFilter = { text: null, category: null, messageType: null, missingLanguage: false, newerThanPublished: false, includeDeleted: false, offset: 0, limit: 25 };

/** A client holding fresh data under each key (nothing stale yet). */
function clientWith(keys: readonly (readonly unknown[])[]): QueryClient {
  const qc = new QueryClient({ defaultOptions: { queries: { staleTime: Infinity } } });
  for (const k of keys) qc.setQueryData(k, { cached: true });
  return qc;
}

function stale(qc: QueryClient, key: readonly unknown[]): boolean {
  const q = qc.getQueryCache().find({ queryKey: key, exact: true });
  if (!q) throw new Error(`no query ${JSON.stringify(key)}`);
  return q.isStale();
}

describe("query keys", () => {
  it("nest every key of an area under the area's prefix", () => {
    const under = (prefix: readonly unknown[], key: readonly unknown[]) => expect(key.slice(0, prefix.length)).toEqual([...prefix]);
    under(qk.messages.keys(3), qk.messages.keyPage(3, filter));
    under(qk.messages.keys(3), qk.messages.completeness(3));
    under(qk.messages.keys(3), qk.messages.suggest(3, "MEN"));
    under(qk.messages.keyAnyState(3, "A"), qk.messages.key(3, "A", true));
    under(qk.messages.anyKey(), qk.messages.key(3, "A"));
    under(qk.messages.audits(3), qk.messages.audit(3, null, 1));
    under(qk.messages.audits(3), qk.messages.audit(3, "A", 2));
    under(qk.flows.all(), qk.flows.list());
    under(qk.routing.all(), qk.routing.segments("f"));
    under(qk.routing.histories(), qk.routing.history(4));
    under(qk.audit.all(), qk.audit.facets());
  });

  it("a key's write refreshes that key, its store's list, summary and audit, and nothing of another store", () => {
    const mine = [
      qk.messages.key(1, "WELCOME"),
      qk.messages.key(1, "WELCOME", true),
      qk.messages.keyPage(1, filter),
      qk.messages.completeness(1),
      qk.messages.suggest(1, "WEL"),
      qk.messages.audit(1, "WELCOME", 1),
      // The store-wide audit lists this key's change too.
      qk.messages.audit(1, null, 1),
    ];
    const others = [qk.messages.key(1, "GOODBYE"), qk.messages.keyPage(2, filter), qk.messages.audit(2, null, 1), qk.messages.stores(), qk.dict()];
    const qc = clientWith([...mine, ...others]);
    refresh.messageKey(qc, 1, "WELCOME");
    for (const k of mine) expect(stale(qc, k), JSON.stringify(k)).toBe(true);
    for (const k of others) expect(stale(qc, k), JSON.stringify(k)).toBe(false);
  });

  it("a write's answer becomes the key's data, the same entry the designer reads", () => {
    const qc = clientWith([qk.messages.keyPage(1, filter)]);
    const answer = { key: "WELCOME", rowVersion: "7" } as KeyWithVersions;
    refresh.messageKey(qc, 1, "WELCOME", answer);
    expect(qc.getQueryData(qk.messages.key(1, "WELCOME", false))).toBe(answer);
    expect(qc.getQueryData(qk.messages.key(1, "WELCOME"))).toBe(answer);
    expect(stale(qc, qk.messages.keyPage(1, filter))).toBe(true);
  });

  it("flow list refreshes keep the segment catalog and open drafts", () => {
    const qc = clientWith([qk.flows.list(), qk.flows.show("f"), qk.flows.drafts("f"), qk.flows.versions("f"), qk.flows.catalog(), qk.flows.draft("cs-1")]);
    refresh.flowLists(qc);
    for (const k of [qk.flows.list(), qk.flows.show("f"), qk.flows.drafts("f"), qk.flows.versions("f")]) expect(stale(qc, k)).toBe(true);
    expect(stale(qc, qk.flows.catalog())).toBe(false);
    expect(stale(qc, qk.flows.draft("cs-1"))).toBe(false);
  });

  it("a routing write refreshes the table, the audit log and the flows, not the histories", () => {
    const qc = clientWith([qk.routing.segments("f"), qk.routing.forFlow("f"), qk.audit.facets(), qk.flows.list(), qk.routing.history(3), qk.dict()]);
    refresh.routing(qc);
    for (const k of [qk.routing.segments("f"), qk.routing.forFlow("f"), qk.audit.facets(), qk.flows.list()]) expect(stale(qc, k)).toBe(true);
    expect(stale(qc, qk.routing.history(3))).toBe(false);
    expect(stale(qc, qk.dict())).toBe(false);
  });

  it("opening another environment keeps only the session and the profiles", () => {
    expect(isEnvironmentData(qk.session())).toBe(false);
    expect(isEnvironmentData(qk.environments.draft("acc"))).toBe(false);
    expect(isEnvironmentData(qk.dict())).toBe(true);
    expect(isEnvironmentData(qk.messages.stores())).toBe(true);
  });
});
