import { createContext } from "react";
import type { KeyWithVersions } from "../bindings/KeyWithVersions";

/** The published version's content per language (empty when nothing is published). */
export function publishedTexts(k: KeyWithVersions): { language: string; content: string }[] {
  const v = k.versions.find((x) => x.version === k.publishedVersion);
  return v ? v.contents.map((c) => ({ language: c.language, content: c.content })) : [];
}

/**
 * The published text of a message key in the flow's default language, when known: what a drawn
 * node shows for a message key (`glanceText`). A context, so the texts arriving redraw the nodes
 * in view, not the node data of the whole flow.
 */
export const MessageTextContext = createContext<((key: string) => string | undefined) | undefined>(undefined);
