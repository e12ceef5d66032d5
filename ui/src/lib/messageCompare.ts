import type { KeyWithVersions } from "../bindings/KeyWithVersions";
import type { VersionRow } from "../bindings/VersionRow";
import { diffRecords, type FieldChange } from "./diff";
import { direction } from "./messageChecks";

/**
 * One language of a comparison: each side's text (null: the version lacks the language) and what
 * differs — the text (field named after the language, word by word in its direction) and the
 * TypeSettings (field "TypeSettings", line by line).
 */
export type CompareRow = { language: string; a: string | null; b: string | null; changed: boolean; changes: FieldChange[] };

/** A side of a comparison: a version number, or "published" (whatever callers hear now). */
export function sideVersion(detail: KeyWithVersions, side: string): VersionRow | null {
  const n = side === "published" ? detail.publishedVersion : Number(side);
  return detail.versions.find((v) => v.version === n) ?? null;
}

function label(detail: KeyWithVersions, side: string): string {
  if (side === "published") return detail.publishedVersion === null ? "published (none)" : `published (v${detail.publishedVersion})`;
  return `version ${side}`;
}

function textChange(language: string, a: string | null, b: string | null): FieldChange[] {
  if (a === b) return [];
  // Message text as written: not run through `displayValue`, which would reformat a text that looks like JSON.
  const kind: FieldChange["kind"] = !a ? "added" : !b ? "removed" : "changed";
  return [{ field: language, kind, before: a ?? "", after: b ?? "", dir: direction(language) }];
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
    // No settings (null) means the type's defaults; texts that differ only in spacing compare equal.
    const changes = [...textChange(language, ta, tb), ...diffRecords({ TypeSettings: ca?.typeSettings }, { TypeSettings: cb?.typeSettings }, [])];
    return { language, a: ta, b: tb, changed: changes.length > 0, changes };
  });
  return { labelA: label(detail, a), labelB: label(detail, b), rows, changed: rows.filter((r) => r.changed).map((r) => r.language) };
}
