import type { EditOp } from "../bindings/EditOp";
import { compactJson } from "../lib/json";
import type { JsonSchema } from "../lib/schemaForm";
import type { KeyDef } from "../bindings/KeyDef";
import type { SegmentTypeDef } from "../bindings/SegmentTypeDef";

/**
 * A segment's configuration between its stored form (canonical text per key, as the backend keeps
 * it) and the typed form edit operations and the inspector use (string, integer, boolean, JSON).
 */

/** Stored text → typed value, as the backend's `KeyDef::typed` reads it; text that does not fit stays text. */
export function typedValue(k: KeyDef | undefined, stored: string): unknown {
  switch (k?.keyType) {
    case "integer":
      return /^-?\d+$/.test(stored.trim()) && Number.isSafeInteger(Number(stored)) ? Number(stored) : stored;
    case "boolean":
      return stored === "true" ? true : stored === "false" ? false : stored;
    case "json":
      try {
        return JSON.parse(stored);
      } catch {
        return stored;
      }
    default:
      return stored;
  }
}

export function typedConfig(t: SegmentTypeDef | undefined, config: { [k: string]: string }): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(config)) out[k] = typedValue(t?.keys.find((d) => d.name === k), v);
  return out;
}

const TYPE_OF_KEY = { string: "string", integer: "integer", boolean: "boolean", json: undefined } as const;

/**
 * One object schema for a segment type's keys: each key's own JSON Schema, with the key type as
 * `type` where the schema names none and the dictionary default as `default`.
 */
export function configSchema(t: SegmentTypeDef): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  for (const k of t.keys) {
    const own = k.schema && typeof k.schema === "object" && !Array.isArray(k.schema) ? (k.schema as JsonSchema) : {};
    const s: JsonSchema = { ...own };
    const type = TYPE_OF_KEY[k.keyType];
    if (type && s.type === undefined && s.enum === undefined) s.type = type;
    if (k.defaultValue !== null && k.defaultValue !== undefined) s.default = k.defaultValue;
    else delete s.default;
    properties[k.name] = s;
  }
  return { type: "object", properties, required: t.keys.filter((k) => k.required).map((k) => k.name) };
}

/**
 * The batch that saves a JSON key as typed in the inspector: the text itself (`set_config_text`),
 * so every number keeps its digits (a parsed value would cross the IPC as doubles:
 * 12345678901234567890123 would arrive as 1.2345678901234568e+22). Nothing when the text means
 * what is stored (formatting apart), `unset_config` when it is emptied. The backend checks the
 * text against the key's JSON Schema, as for every value.
 */
export function jsonKeyOps(segment: string, key: string, typed: string, stored: string | undefined): EditOp[] {
  if (typed.trim() === "") return stored === undefined ? [] : [{ op: "unset_config", segment, key }];
  if (stored !== undefined && compactJson(typed) === compactJson(stored)) return [];
  return [{ op: "set_config_text", segment, key, text: typed.trim() }];
}

/**
 * What is wrong with the text typed for an integer key, if anything: not whole digits, or outside
 * its schema's bounds (compared exactly, as BigInt: 16 to 19 digits are valid and a double would
 * round them). The backend checks again (an integer key holds an i64).
 */
export function integerProblem(text: string, min?: number, max?: number): string | null {
  const t = text.trim();
  if (t === "") return null;
  if (!/^-?\d+$/.test(t)) return "must be a whole number";
  const n = BigInt(t);
  if (min !== undefined && n < BigInt(Math.ceil(min))) return `must be at least ${Math.ceil(min)}`;
  if (max !== undefined && n > BigInt(Math.floor(max))) return `must be at most ${Math.floor(max)}`;
  return null;
}

/**
 * The batch that saves an integer key as typed in the inspector: the digits as text
 * (`set_config_text`), so a number beyond 15 digits arrives exactly; nothing when it is what is
 * stored, `unset_config` when it is emptied.
 */
export function integerKeyOps(segment: string, key: string, typed: string, stored: string | undefined): EditOp[] {
  const t = typed.trim();
  if (t === "") return stored === undefined ? [] : [{ op: "unset_config", segment, key }];
  if (stored !== undefined && t === stored.trim()) return [];
  return [{ op: "set_config_text", segment, key, text: t }];
}
