import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useCallback, useMemo } from "react";
import type { Flow } from "../bindings/Flow";
import type { MessageTexts } from "../bindings/MessageTexts";
import { commands } from "../bindings/commands";
import { keyProblem } from "../lib/messageChecks";
import { qk } from "../lib/queryKeys";
import { isMessageKeyName } from "./graph";

/** At most this many keys are read for the nodes' glance, in one call (the backend's `MAX_TEXT_KEYS`). */
export const MAX_TEXT_KEYS = 1000;

/**
 * The message keys a flow names, in order of first use: only well-formed names (the backend
 * refuses the others, and no key can have them).
 */
export function messageKeysOf(flow: Flow): string[] {
  const keys = new Set<string>();
  for (const s of flow.segments) for (const [k, v] of Object.entries(s.config)) if (isMessageKeyName(k) && v && keyProblem(v) === null) keys.add(v);
  return [...keys];
}

/** The published text of each published key in the store's default language, else its version's first language. */
export function textsOf(answer: MessageTexts | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const { key, state } of answer?.keys ?? []) {
    if (state.kind !== "published") continue;
    const text = state.contents.find((c) => c.language === answer?.defaultLanguage) ?? state.contents[0];
    if (text) out.set(key, text.content);
  }
  return out;
}

/**
 * The published text of the flow's message keys in the store's default language, for the nodes'
 * glance; `undefined` for a key that is unknown, unpublished or not read. Every key is read in one
 * call (`messages_key_texts`: one statement), so the nodes are redrawn once when the texts are
 * known.
 */
export function useMessageTexts(storeId: number | null, flow: Flow | undefined): (key: string) => string | undefined {
  // Stable while the set of keys is: a save that changes no key changes nothing here.
  const keyList = flow ? messageKeysOf(flow).slice(0, MAX_TEXT_KEYS).join("\n") : "";
  const keys = useMemo(() => (keyList === "" ? [] : keyList.split("\n")), [keyList]);
  const found = useQuery({
    queryKey: qk.messages.texts(storeId, keyList),
    queryFn: () => commands.messagesKeyTexts({ storeId: storeId!, keys }),
    enabled: storeId !== null && keys.length > 0,
    retry: false,
    // A key added keeps the texts shown until the new set is read (no redraw without them).
    placeholderData: keepPreviousData,
  });
  // The answer keeps its identity while equal (structural sharing): a refetch redraws nothing.
  const texts = useMemo(() => textsOf(found.data), [found.data]);
  return useCallback((key: string) => texts.get(key), [texts]);
}
