import type { KeyWithVersions } from "../bindings/KeyWithVersions";
import type { VersionRow } from "../bindings/VersionRow";
import { diffRecords, sideMarks, type FieldChange, type WordDiff } from "./diff";

/**
 * One language of a comparison: each side's text (null: the version lacks the language), the text's
 * word diff (`marks`: each side's text with what the other side lacks marked) and the
 * TypeSettings' change (field "TypeSettings", line by line; empty when they are equal).
 */
export type CompareRow = { language: string; a: string | null; b: string | null; changed: boolean; marks: WordDiff; settings: FieldChange[] };

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
  const content = (v: VersionRow | null, l: string) => v?.contents.find((c) => c.language === l);
  const rows: CompareRow[] = languages.map((language) => {
    const ca = content(va, language);
    const cb = content(vb, language);
    const ta = ca?.content ?? null;
    const tb = cb?.content ?? null;
    // No settings (null) means the type's defaults; settings that differ only in spacing compare equal.
    const settings = diffRecords({ TypeSettings: ca?.typeSettings }, { TypeSettings: cb?.typeSettings }, []);
    return { language, a: ta, b: tb, changed: ta !== tb || settings.length > 0, marks: sideMarks(ta, tb), settings };
  });
  return { labelA: label(detail, a), labelB: label(detail, b), rows, changed: rows.filter((r) => r.changed).map((r) => r.language) };
}
