import { createContext } from "react";

/**
 * The published text of a message key in the flow's default language, when known: what a drawn
 * node shows for a message key (`glanceText`). A context, so the texts arriving redraw the nodes
 * in view, not the node data of the whole flow.
 */
export const MessageTextContext = createContext<((key: string) => string | undefined) | undefined>(undefined);
