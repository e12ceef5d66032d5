import type { KeyAuditRecord } from "../bindings/KeyAuditRecord";
import type { KeyAuditRow } from "../bindings/KeyAuditRow";
import type { KeyState } from "../bindings/KeyState";
import type { VersionImage } from "../bindings/VersionImage";
import type { KeyFilter } from "../bindings/KeyFilter";
import type { KeyListItem } from "../bindings/KeyListItem";
import type { VersionRow } from "../bindings/VersionRow";

/** What the filter bar of the Messages screen holds. */
export type MessageFilters = {
  text: string;
  category: string | null;
  messageType: string | null;
  missingLanguage: boolean;
  newerThanPublished: boolean;
  /** Deleted keys too (they can be restored). */
  includeDeleted: boolean;
  /** Only keys no flow uses. */
  unused: boolean;
  /** Text in any allowed language of a key's latest or published version. */
  content: string;
};

export const NO_FILTERS: MessageFilters = { text: "", category: null, messageType: null, missingLanguage: false, newerThanPublished: false, includeDeleted: false, unused: false, content: "" };

/** The request for one page (pages count from 1); blank text and empty selects mean "any". */
export function keyFilter(f: MessageFilters, page: number, pageSize: number): KeyFilter {
  const text = f.text.trim();
  const content = f.content.trim();
  return {
    text: text === "" ? null : text,
    category: f.category || null,
    messageType: f.messageType || null,
    missingLanguage: f.missingLanguage,
    newerThanPublished: f.newerThanPublished,
    includeDeleted: f.includeDeleted,
    unused: f.unused,
    ...(content === "" ? {} : { content }),
    offset: Math.max(0, page - 1) * pageSize,
    limit: pageSize,
  };
}

export function hasFilters(f: MessageFilters): boolean {
  return f.text.trim() !== "" || f.content.trim() !== "" || !!f.category || !!f.messageType || f.missingLanguage || f.newerThanPublished || f.includeDeleted || f.unused;
}

/** "published v2 · v3 newer", "unpublished · 1 version", "no version yet". */
export function versionSummary(k: Pick<KeyListItem, "publishedVersion" | "latestVersion" | "versionCount">): string {
  if (k.versionCount === 0 || k.latestVersion === null) return "no version yet";
  const count = `${k.versionCount} version${k.versionCount === 1 ? "" : "s"}`;
  if (k.publishedVersion === null) return `unpublished · ${count}`;
  if (k.latestVersion !== k.publishedVersion) return `v${k.publishedVersion} published · v${k.latestVersion} newer`;
  return `v${k.publishedVersion} published · ${count}`;
}

export type VersionState = "published" | "newer" | "older";

/**
 * A version against the published pointer. Versions are numbered by slot (a freed slot can be
 * reused), so "newer" is decided by creation time, never by number.
 */
export function versionState(v: VersionRow, all: VersionRow[], published: number | null): VersionState {
  if (published === v.version) return "published";
  const pub = all.find((x) => x.version === published);
  if (!pub) return "newer";
  // Versions written in one transaction share a timestamp: then the number decides.
  if (v.createdAt === pub.createdAt) return v.version > pub.version ? "newer" : "older";
  return v.createdAt > pub.createdAt ? "newer" : "older";
}

/** Newest first (by creation time, then number), the order an editor reads them in. */
export function newestFirst(versions: VersionRow[]): VersionRow[] {
  return [...versions].sort((a, b) => (a.createdAt === b.createdAt ? b.version - a.version : a.createdAt < b.createdAt ? 1 : -1));
}

export type LanguageCell = {
  language: string;
  content: string | null;
  /** An allowed language the version has no content for (it cannot be published). */
  missing: boolean;
  /** Content kept for a language the store no longer allows: not played. */
  notPlayed: boolean;
  isDefault: boolean;
};

/** One row per allowed language (store order), then the content kept for removed languages. */
export function languageCells(v: VersionRow, allowed: string[], defaultLanguage: string): LanguageCell[] {
  const byLang = new Map(v.contents.map((c) => [c.language, c.content]));
  const cells: LanguageCell[] = allowed.map((language) => {
    const content = byLang.get(language) ?? null;
    return { language, content, missing: content === null, notPlayed: false, isDefault: language === defaultLanguage };
  });
  for (const c of v.contents) {
    if (!allowed.includes(c.language)) {
      cells.push({ language: c.language, content: c.content, missing: false, notPlayed: true, isDefault: false });
    }
  }
  return cells;
}

export function missingLanguages(v: VersionRow, allowed: string[]): string[] {
  return languageCells(v, allowed, "").filter((c) => c.missing).map((c) => c.language);
}

function parseLoose(text: string | null): unknown {
  if (text == null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function record(row: KeyAuditRow): KeyAuditRecord | null {
  const v = parseLoose(row.data);
  return v && typeof v === "object" && !Array.isArray(v) ? (v as KeyAuditRecord) : null;
}

function pointer(v: KeyState | null | undefined): string {
  const p = v && "publishedVersion" in v ? v.publishedVersion : null;
  return typeof p === "number" ? `v${p}` : "none";
}

/** The version a state names (a version added or deleted), if it is one. */
function versionOf(v: KeyState | null | undefined): VersionImage | null {
  return v && "version" in v && typeof v.version === "number" ? v : null;
}

/** One line per audit row, in the words of the screen: what happened to which version. */
export function auditSummary(row: KeyAuditRow): string {
  // Only version numbers and names are read here (small numbers; the text itself stays exact).
  const data = record(row);
  if (data && "change" in data) {
    // A deleted version: the only record with a `change` and no after side.
    const b = versionOf(data.before);
    return `deleted version ${b ? b.version : "?"}`;
  }
  const before = data?.before;
  const after = data?.after;
  switch (row.action) {
    case "published":
      return `published ${pointer(after)} (was ${pointer(before)})`;
    case "rollback":
      return `rolled back to ${pointer(after)} (was ${pointer(before)})`;
    case "edited": {
      // Two kinds of edit remain: a new version, a renamed/recategorised key.
      const added = versionOf(after);
      if (added) {
        const langs = Object.keys(added.content ?? {});
        return `added version ${added.version}${langs.length ? ` (${langs.join(", ")})` : ""}`;
      }
      const fields = (s: KeyState | null | undefined) => (s && "displayName" in s ? s : null);
      const [b, a] = [fields(before), fields(after)];
      const changed = (["displayName", "category"] as const).filter((f) => (b?.[f] ?? null) !== (a?.[f] ?? null));
      const words = { displayName: "display name", category: "category" };
      return changed.length ? `changed ${changed.map((f) => `${words[f]} ${b?.[f] ?? "—"} → ${a?.[f] ?? "—"}`).join(", ")}` : "edited";
    }
    case "created":
      return "created the key";
    case "deleted":
      return "deleted the key";
    case "restored":
      return `restored the deleted key (published ${pointer(after)})`;
    default:
      return row.action;
  }
}

/** ISO-8601 UTC as "2026-11-21 18:27:18" (the zone is UTC, as everywhere in the app). */
export function shortTime(iso: string | null | undefined): string {
  if (!iso) return "";
  return iso.replace("T", " ").replace(/(\.\d+)?Z$/, "").slice(0, 19);
}
