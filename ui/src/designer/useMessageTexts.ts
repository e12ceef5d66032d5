import { useQueries, useQuery } from "@tanstack/react-query";
import { useCallback, useMemo } from "react";
import type { Flow } from "../bindings/Flow";
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

/**
 * The published text of the flow's message keys in the store's default language, for the nodes'
 * glance; `undefined` for a key that is unknown, unpublished or not looked up.
 */
export function useMessageTexts(storeId: number | null, flow: Flow | undefined): (key: string) => string | undefined {
  const stores = useQuery({ queryKey: qk.messages.stores(), queryFn: () => commands.messagesStoreList(), enabled: storeId !== null });
  const language = stores.data?.find((s) => s.id === storeId)?.defaultLanguage;
  // Stable while the set of keys is: a save that changes no key changes nothing here.
  const keyList = flow ? messageKeysOf(flow).slice(0, MAX_KEYS).join("\n") : "";
  const keys = useMemo(() => (keyList === "" ? [] : keyList.split("\n")), [keyList]);
  const results = useQueries({
    queries: keys.map((key) => ({
      queryKey: qk.messages.key(storeId, key),
      queryFn: () => commands.messagesKeyGet({ storeId: storeId!, key }),
      enabled: storeId !== null,
      retry: false,
      staleTime: 60_000,
    })),
  });
  const signature = results.map((r) => r.dataUpdatedAt).join(",");
  const texts = useMemo(() => {
    const out = new Map<string, string>();
    results.forEach((r, i) => {
      const t = r.data ? publishedTexts(r.data) : [];
      const text = t.find((c) => c.language === language) ?? t[0];
      if (text) out.set(keys[i], text.content);
    });
    return out;
    // The query results array is new on every render; its data changes only with `signature`.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [signature, keys, language]);
  return useCallback((key: string) => texts.get(key), [texts]);
}
