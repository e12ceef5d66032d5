import type { KeyAuditItem } from "../bindings/KeyAuditItem";
import type { KeyFilter } from "../bindings/KeyFilter";
import type { KeyListItem } from "../bindings/KeyListItem";
import type { VersionRow } from "../bindings/VersionRow";
import { MAX_VERSIONS } from "./messageChecks";

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

/**
 * Why a key can take no new version (every slot used), in words that say how to free one; null
 * while a slot is free. The backend refuses an 11th version the same way.
 */
export function slotsFull(versions: VersionRow[], published: number | null): string | null {
  if (versions.length < MAX_VERSIONS) return null;
  const deletable = versions.filter((v) => v.version !== published).map((v) => `v${v.version}`);
  return `every slot is taken: delete a version that is not published (${deletable.join(", ")}) to free one`;
}

function pointer(v: number | null): string {
  return v === null ? "none" : `v${v}`;
}

/** A compile error when a kind of change is left out of a switch. */
function unhandled(kind: never): never {
  throw new Error(`unhandled change ${JSON.stringify(kind)}`);
}

/** One line per audit row, in the words of the screen: what happened to which version. */
export function auditSummary(item: KeyAuditItem): string {
  const c = item.change;
  switch (c.kind) {
    case "created":
      return "created the key";
    case "fieldsEdited": {
      const [b, a] = [c.before, c.after];
      const changed = (["displayName", "category"] as const).filter((f) => (b?.[f] ?? null) !== (a[f] ?? null));
      const words = { displayName: "display name", category: "category" };
      return changed.length ? `changed ${changed.map((f) => `${words[f]} ${b?.[f] ?? "—"} → ${a[f] ?? "—"}`).join(", ")}` : "edited";
    }
    case "versionAdded": {
      const langs = Object.keys(c.version.content);
      return `added version ${c.version.version}${langs.length ? ` (${langs.join(", ")})` : ""}`;
    }
    case "versionDeleted":
      return `deleted version ${c.version.version}`;
    case "published":
      return `published ${pointer(c.to)} (was ${pointer(c.from)})`;
    case "rolledBack":
      return `rolled back to ${pointer(c.to)} (was ${pointer(c.from)})`;
    case "deleted":
      return "deleted the key";
    case "restored":
      return `restored the deleted key (published ${pointer(c.publishedVersion)})`;
    case "unreadable":
      // A row of a shape this build does not read: its action as stored (the data stays in the row).
      return item.action;
    default:
      return unhandled(c);
  }
}

/** ISO-8601 UTC as "2026-11-21 18:27:18" (the zone is UTC, as everywhere in the app). */
export function shortTime(iso: string | null | undefined): string {
  if (!iso) return "";
  return iso.replace("T", " ").replace(/(\.\d+)?Z$/, "").slice(0, 19);
}
