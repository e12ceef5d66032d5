import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useMemo } from "react";
import type { Flow } from "../bindings/Flow";
import type { KeyWithVersions } from "../bindings/KeyWithVersions";
import { commands } from "../bindings/commands";
import { qk } from "../lib/queryKeys";
import { isMessageKeyName } from "./graph";
import { publishedTexts } from "./messages";

/** At most this many keys are looked up for the nodes' glance (one call each). */
const MAX_KEYS = 60;

/** The message keys a flow names, in order of first use. */
export function messageKeysOf(flow: Flow): string[] {
  const keys = new Set<string>();
  for (const s of flow.segments) for (const [k, v] of Object.entries(s.config)) if (isMessageKeyName(k) && v) keys.add(v);
  return [...keys];
}

/** The published text of each key looked up (null: not found) in `language`, else its first language's. */
export function textsOf(found: readonly (readonly [string, KeyWithVersions | null])[] | undefined, language: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, k] of found ?? []) {
    const t = k ? publishedTexts(k) : [];
    const text = t.find((c) => c.language === language) ?? t[0];
    if (text) out.set(key, text.content);
  }
  return out;
}

/**
 * The published text of the flow's message keys in the store's default language, for the nodes'
 * glance; `undefined` for a key that is unknown, unpublished or not looked up. The keys are read
 * as one query (each from its own cache entry, looked up when missing or stale), so the nodes
 * are redrawn once when the texts are known, not once per key.
 */
export function useMessageTexts(storeId: number | null, flow: Flow | undefined): (key: string) => string | undefined {
  const qc = useQueryClient();
  const stores = useQuery({ queryKey: qk.messages.stores(), queryFn: () => commands.messagesStoreList(), enabled: storeId !== null });
  const language = stores.data?.find((s) => s.id === storeId)?.defaultLanguage;
  // Stable while the set of keys is: a save that changes no key changes nothing here.
  const keyList = flow ? messageKeysOf(flow).slice(0, MAX_KEYS).join("\n") : "";
  const keys = useMemo(() => (keyList === "" ? [] : keyList.split("\n")), [keyList]);
  const found = useQuery({
    queryKey: qk.messages.texts(storeId, keyList),
    queryFn: () =>
      Promise.all(
        keys.map((key) =>
          qc
            .fetchQuery({ queryKey: qk.messages.key(storeId, key), queryFn: () => commands.messagesKeyGet({ storeId: storeId!, key }), staleTime: 60_000 })
            .then(
              (k) => [key, k] as const,
              () => [key, null] as const,
            ),
        ),
      ),
    enabled: storeId !== null && keys.length > 0,
    retry: false,
    // A key added keeps the texts shown until the new set is read (no redraw without them).
    placeholderData: keepPreviousData,
  });
  // The answer keeps its identity while equal (structural sharing): a refetch redraws nothing.
  const texts = useMemo(() => textsOf(found.data, language), [found.data, language]);
  return useCallback((key: string) => texts.get(key), [texts]);
}
