import type { Flow } from "../bindings/Flow";
import { isMessageKeyName } from "./graph";

export type SearchHit = { name: string; segmentType: string; why: string };

/** Segments whose name, type or message key contains `query` (case-insensitive), best first. */
export function searchSegments(flow: Flow, query: string, limit = 50): SearchHit[] {
  const q = query.trim().toLowerCase();
  if (q === "") return [];
  const hits: (SearchHit & { rank: number })[] = [];
  for (const s of flow.segments) {
    const name = s.name.toLowerCase();
    const messageKey = Object.entries(s.config).find(([k, v]) => isMessageKeyName(k) && v.toLowerCase().includes(q));
    if (name.includes(q)) hits.push({ name: s.name, segmentType: s.segmentType, why: "name", rank: name.startsWith(q) ? 0 : 1 });
    else if (s.segmentType.toLowerCase().includes(q)) hits.push({ name: s.name, segmentType: s.segmentType, why: "type", rank: 2 });
    else if (messageKey) hits.push({ name: s.name, segmentType: s.segmentType, why: `${messageKey[0]} ${messageKey[1]}`, rank: 3 });
  }
  hits.sort((a, b) => a.rank - b.rank || a.name.localeCompare(b.name));
  return hits.slice(0, limit).map((h) => ({ name: h.name, segmentType: h.segmentType, why: h.why }));
}
