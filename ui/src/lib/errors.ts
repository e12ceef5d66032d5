import type { ApiError } from "../bindings/ApiError";
import type { ErrorCode } from "../bindings/ErrorCode";

const CODES: readonly ErrorCode[] = [
  "VALIDATION",
  "CONFLICT",
  "NOT_FOUND",
  "READ_ONLY",
  "CONNECTION",
  "MIGRATION_CHECKSUM",
  "MIGRATION_FAILED",
  "MIGRATION_LOCKED",
  "DATABASE_NEWER",
  "DRIFT",
  "CONFIG",
  "KEYRING",
  "INTERNAL",
];

function isApiError(e: unknown): e is ApiError {
  if (typeof e !== "object" || e === null) return false;
  const o = e as Record<string, unknown>;
  return typeof o.code === "string" && typeof o.message === "string" && CODES.includes(o.code as ErrorCode);
}

/** Whatever a command rejected with, as `{code, message, detail}`. */
export function toApiError(e: unknown): ApiError {
  if (isApiError(e)) return e;
  if (e instanceof Error) return { code: "INTERNAL", message: e.message };
  if (typeof e === "string") return { code: "INTERNAL", message: e };
  return { code: "INTERNAL", message: "unexpected error" };
}

/** `detail.fields` (a list of `{field, message}`) as a map for form inputs; several messages per field are joined. */
export function fieldErrors(e: ApiError | null | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  const detail = e?.detail;
  if (!detail || typeof detail !== "object" || Array.isArray(detail)) return out;
  const fields = (detail as Record<string, unknown>).fields;
  if (!Array.isArray(fields)) return out;
  for (const f of fields) {
    if (f && typeof f === "object" && typeof f.field === "string" && typeof f.message === "string") {
      out[f.field] = out[f.field] ? `${out[f.field]}; ${f.message}` : f.message;
    }
  }
  return out;
}

/** A readable title per code for alerts and notifications. */
export function errorTitle(code: ErrorCode): string {
  switch (code) {
    case "VALIDATION":
      return "Not valid";
    case "CONFLICT":
      return "Changed by someone else";
    case "NOT_FOUND":
      return "Not found";
    case "READ_ONLY":
      return "Read-only environment";
    case "CONNECTION":
      return "Cannot reach the database";
    case "KEYRING":
      return "OS keyring unavailable";
    case "CONFIG":
      return "Configuration problem";
    default:
      return code.replace(/_/g, " ").toLowerCase().replace(/^./, (c) => c.toUpperCase());
  }
}
