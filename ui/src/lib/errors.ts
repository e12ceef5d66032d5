import type { ApiError } from "../bindings/ApiError";
import type { ErrorCode } from "../bindings/ErrorCode";
import type { ErrorDetail } from "../bindings/ErrorDetail";

/**
 * A title per error code, for alerts and notifications. A `Record` over the generated `ErrorCode`,
 * so a code added in Rust (crates/domain/src/error.rs) does not compile here until it has a title.
 */
const TITLES: Record<ErrorCode, string> = {
  VALIDATION: "Not valid",
  CONFLICT: "Changed by someone else",
  ALREADY_EXISTS: "Already exists",
  BUSY: "Database busy, try again",
  NOT_FOUND: "Not found",
  READ_ONLY: "Read-only environment",
  CONNECTION: "Cannot reach the database",
  MIGRATION_CHECKSUM: "Migration checksum",
  MIGRATION_FAILED: "Migration failed",
  MIGRATION_LOCKED: "Migration locked",
  DATABASE_NEWER: "Database newer",
  DRIFT: "Drift",
  NOT_DEPLOYED: "Schema not deployed",
  CONFIG: "Configuration problem",
  KEYRING: "OS keyring unavailable",
  INTERNAL: "Internal",
};

/** Every error code the backend sends (from the compiler-checked table above). */
export const ERROR_CODES = Object.keys(TITLES) as readonly ErrorCode[];

function isApiError(e: unknown): e is ApiError {
  if (typeof e !== "object" || e === null) return false;
  const o = e as Record<string, unknown>;
  return typeof o.code === "string" && typeof o.message === "string" && ERROR_CODES.includes(o.code as ErrorCode);
}

/** Whatever a command rejected with, as `{code, message, detail}`. */
export function toApiError(e: unknown): ApiError {
  if (isApiError(e)) return e;
  if (e instanceof Error) return { code: "INTERNAL", message: e.message };
  if (typeof e === "string") return { code: "INTERNAL", message: e };
  return { code: "INTERNAL", message: "unexpected error" };
}

/**
 * The typed keys of an error's detail (`ErrorDetail`, generated from crates/domain/src/error.rs,
 * where every detail the backend builds is checked to read as it); `{}` when there is none.
 */
export function detailOf(e: { detail?: unknown } | null | undefined): ErrorDetail {
  const d = e?.detail;
  return d && typeof d === "object" && !Array.isArray(d) ? (d as ErrorDetail) : {};
}

/** `detail.fields` (a list of `{field, message}`) as a map for form inputs; several messages per field are joined. */
export function fieldErrors(e: ApiError | null | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  const fields: unknown = detailOf(e).fields;
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
  return TITLES[code];
}

/** True when the same request may succeed if simply tried again (nothing was changed). */
export function isRetryable(code: ErrorCode): boolean {
  return code === "BUSY";
}

/** TanStack Query's `retry` for reads: a BUSY read is tried again (up to 3 times); any other error is final. */
export function retryBusyRead(failures: number, error: unknown): boolean {
  return failures < 3 && isRetryable(toApiError(error).code);
}
