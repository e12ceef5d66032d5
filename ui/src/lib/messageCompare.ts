import type { KeyWithVersions } from "../bindings/KeyWithVersions";
import type { VersionRow } from "../bindings/VersionRow";

export type CompareRow = { language: string; a: string | null; b: string | null; changed: boolean };

/** A side of a comparison: a version number, or "published" (whatever callers hear now). */
export function sideVersion(detail: KeyWithVersions, side: string): VersionRow | null {
  const n = side === "published" ? detail.publishedVersion : Number(side);
  return detail.versions.find((v) => v.version === n) ?? null;
}

function label(detail: KeyWithVersions, side: string): string {
  if (side === "published") return detail.publishedVersion === null ? "published (none)" : `published (v${detail.publishedVersion})`;
  return `version ${side}`;
}

/** Two versions language by language (the store's languages, in its order). */
export function compareSides(detail: KeyWithVersions, languages: string[], a: string, b: string) {
  const va = sideVersion(detail, a);
  const vb = sideVersion(detail, b);
  const text = (v: VersionRow | null, l: string) => v?.contents.find((c) => c.language === l)?.content ?? null;
  const rows: CompareRow[] = languages.map((language) => {
    const ta = text(va, language);
    const tb = text(vb, language);
    return { language, a: ta, b: tb, changed: ta !== tb };
  });
  return { labelA: label(detail, a), labelB: label(detail, b), rows, changed: rows.filter((r) => r.changed).map((r) => r.language) };
}
