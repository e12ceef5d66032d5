import type { SegmentCatalog } from "../bindings/SegmentCatalog";
import type { SegmentTypeDef } from "../bindings/SegmentTypeDef";

/** Palette groups in a fixed, familiar order; unknown categories follow alphabetically. */
const ORDER = ["prompt", "input", "logic", "routing", "integration", "terminal"];

/** The types matching `query` (code, name or category), grouped by category. */
export function paletteGroups(catalog: SegmentCatalog, query: string): { category: string; types: SegmentTypeDef[] }[] {
  const q = query.trim().toLowerCase();
  const groups = new Map<string, SegmentTypeDef[]>();
  for (const t of catalog.types) {
    const category = t.category ?? "other";
    if (q && !`${t.code} ${t.displayName} ${category}`.toLowerCase().includes(q)) continue;
    groups.set(category, [...(groups.get(category) ?? []), t]);
  }
  const rank = (c: string) => (ORDER.includes(c) ? ORDER.indexOf(c) : ORDER.length);
  return [...groups.entries()]
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
    .map(([category, types]) => ({ category, types: types.sort((a, b) => a.displayName.localeCompare(b.displayName)) }));
}
