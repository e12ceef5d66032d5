import type { RoutingEntry } from "../bindings/RoutingEntry";
import type { RoutingFields } from "../bindings/RoutingFields";
import { diffRecords, type FieldChange } from "./diff";
import { checkJson } from "./json";

/** The routing editor's state: JSON fields as text so a half-typed value survives re-renders. */
export type RoutingForm = {
  sourceId: string;
  routingId: string;
  companyProjectId: string;
  messageStoreId: string;
  languageCode: string;
  initSegment: string;
  config: string;
  featureFlags: string;
};

export function emptyRoutingForm(): RoutingForm {
  return { sourceId: "", routingId: "", companyProjectId: "", messageStoreId: "", languageCode: "", initSegment: "", config: "{}", featureFlags: "{}" };
}

/** JSON fields travel as text, exactly as written: JSON.parse would round a number beyond 2^53. */
const jsonText = (v: string | null): string => v ?? "";

export function formFromEntry(e: RoutingEntry | RoutingFields): RoutingForm {
  return {
    sourceId: e.sourceId,
    routingId: e.routingId,
    companyProjectId: String(e.companyProjectId),
    messageStoreId: e.messageStoreId == null ? "" : String(e.messageStoreId),
    languageCode: e.languageCode,
    initSegment: e.initSegment,
    config: jsonText(e.config),
    featureFlags: jsonText(e.featureFlags),
  };
}

export type FormResult = { ok: true; fields: RoutingFields } | { ok: false; errors: Partial<Record<keyof RoutingForm, string>> };

/**
 * Turns the form into the request. Only what the request cannot carry is checked here (JSON that
 * does not parse, ids that are not numbers); every rule is checked again by the backend.
 */
export function formToFields(f: RoutingForm): FormResult {
  const errors: Partial<Record<keyof RoutingForm, string>> = {};
  const config = checkJson(f.config, { allowEmpty: true, requireObject: true });
  if (!config.ok) errors.config = config.message;
  const flags = checkJson(f.featureFlags, { allowEmpty: true, requireObject: true });
  if (!flags.ok) errors.featureFlags = flags.message;
  const cp = f.companyProjectId.trim() === "" ? NaN : Number(f.companyProjectId);
  if (!Number.isInteger(cp)) errors.companyProjectId = "choose a company project";
  let ms: number | null = null;
  if (f.messageStoreId.trim() !== "") {
    ms = Number(f.messageStoreId);
    if (!Number.isInteger(ms)) errors.messageStoreId = "must be a number, or empty";
  }
  if (Object.keys(errors).length > 0 || !config.ok || !flags.ok) return { ok: false, errors };
  return {
    ok: true,
    fields: {
      sourceId: f.sourceId,
      routingId: f.routingId,
      companyProjectId: cp,
      messageStoreId: ms,
      languageCode: f.languageCode,
      initSegment: f.initSegment,
      // The text itself (JSON.parse above only checks it); the backend validates and stores it as written.
      config: config.value == null ? null : f.config,
      featureFlags: flags.value == null ? null : f.featureFlags,
    },
  };
}

/** What a person edits in an entry, under the names the history uses; list-only and bookkeeping fields left out. */
function content(e: RoutingEntry): Record<string, unknown> {
  return {
    SourceId: e.sourceId,
    RoutingId: e.routingId,
    CompanyProjectId: e.companyProjectId,
    MessageStoreId: e.messageStoreId,
    LanguageCode: e.languageCode,
    InitSegment: e.initSegment,
    Config: e.config,
    FeatureFlags: e.featureFlags,
    IsActive: e.isActive,
  };
}

/** For a CONFLICT: what the other writer changed between the version the form was opened on and the current one. */
export function conflictChanges(opened: RoutingEntry, current: RoutingEntry): FieldChange[] {
  return diffRecords(content(opened), content(current));
}
