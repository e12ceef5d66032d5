import { Validator, type Schema } from "@cfworker/json-schema";
import { impreciseNumber } from "./json";

/**
 * The form model behind `SchemaForm`: which input each property of a JSON Schema gets, and the
 * live checks of a value against its schema. The backend checks every value again on save (the
 * schemas are the same dictionary rows); these checks only tell the user early.
 *
 * Validation uses @cfworker/json-schema because it interprets schemas without `eval`/`new
 * Function`, which the app's CSP (`script-src 'self'`) forbids.
 */
export type JsonSchema = Schema;

/** The input a property gets. */
export type FieldKind = "select" | "integer" | "number" | "switch" | "text" | "json";

export type FieldSpec = {
  /** Property name (the key in the value object). */
  name: string;
  label: string;
  kind: FieldKind;
  required: boolean;
  description?: string;
  /** The schema's default (shown, never written unless the user sets it). */
  default?: unknown;
  /** Choices of an `enum`. */
  options?: { value: string; label: string }[];
  min?: number;
  max?: number;
  /** The property's own schema (what its value is checked against). */
  schema: JsonSchema;
};

function schemaType(s: JsonSchema): string | undefined {
  if (Array.isArray(s.type)) return s.type.find((t) => t !== "null");
  return s.type;
}

/** The input for one property; a `keyType` from a dictionary (string/integer/boolean/json) wins over the schema's type. */
export function fieldSpec(name: string, schema: JsonSchema | boolean | undefined, required: boolean, keyType?: string): FieldSpec {
  const s: JsonSchema = typeof schema === "object" && schema !== null ? schema : {};
  const type = keyType ?? schemaType(s);
  const base = { name, label: s.title ?? name, required, description: s.description, default: s.default, schema: s };
  if (Array.isArray(s.enum) && s.enum.every((v) => typeof v === "string") && type !== "json") {
    return { ...base, kind: "select", options: (s.enum as string[]).map((v) => ({ value: v, label: v })) };
  }
  switch (type) {
    case "integer":
      return { ...base, kind: "integer", min: bound(s, "min"), max: bound(s, "max") };
    case "number":
      return { ...base, kind: "number", min: bound(s, "min"), max: bound(s, "max") };
    case "boolean":
      return { ...base, kind: "switch" };
    case "string":
      return { ...base, kind: "text" };
    default:
      return { ...base, kind: "json" };
  }
}

function bound(s: JsonSchema, which: "min" | "max"): number | undefined {
  const incl = which === "min" ? s.minimum : s.maximum;
  if (typeof incl === "number") return incl;
  const excl = which === "min" ? s.exclusiveMinimum : s.exclusiveMaximum;
  return typeof excl === "number" ? excl : undefined;
}

/** One field per property of an object schema, in the schema's order. */
export function fieldsOf(schema: JsonSchema): FieldSpec[] {
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {}).map(([name, s]) => fieldSpec(name, s, required.has(name)));
}

const validators = new WeakMap<object, Validator>();

function validatorFor(schema: JsonSchema): Validator {
  let v = validators.get(schema);
  if (!v) {
    // Schemas from the dictionaries name their draft in `$schema`; 2020-12 otherwise.
    v = new Validator(schema, draftOf(schema), false);
    validators.set(schema, v);
  }
  return v;
}

function draftOf(schema: JsonSchema): "4" | "7" | "2019-09" | "2020-12" {
  const id = schema.$schema ?? "";
  if (id.includes("draft-04")) return "4";
  if (id.includes("draft-07")) return "7";
  if (id.includes("2019-09")) return "2019-09";
  return "2020-12";
}

/** Keywords that only report that a sub-schema failed; the failing leaf says why. */
const WRAPPERS = new Set(["properties", "items", "prefixItems", "additionalProperties", "allOf", "anyOf", "oneOf", "$ref", "if", "then", "else", "unevaluatedProperties", "unevaluatedItems", "patternProperties", "dependentSchemas", "contains"]);

/** A check's problem: where in the value (JSON pointer, "" = the value itself) and what is wrong. */
export type Problem = { path: string; message: string };

/** Every problem of `value` against `schema` in a user's words; empty when valid. */
export function checkValue(schema: JsonSchema, value: unknown): Problem[] {
  const result = validatorFor(schema).validate(value);
  if (result.valid) return [];
  const leaves = result.errors.filter((e) => !WRAPPERS.has(e.keyword));
  const shown = leaves.length > 0 ? leaves : result.errors;
  const seen = new Set<string>();
  const out: Problem[] = [];
  for (const e of shown) {
    const path = e.instanceLocation.replace(/^#/, "");
    const message = describe(e.keyword, schemaAt(schema, e.keywordLocation), e.error);
    const k = `${path}\u0000${message}`;
    if (!seen.has(k)) {
      seen.add(k);
      out.push({ path, message });
    }
  }
  return out;
}

/** The schema object holding the keyword at `#/properties/a/pattern`. */
function schemaAt(root: JsonSchema, keywordLocation: string): JsonSchema {
  const parts = keywordLocation.replace(/^#\/?/, "").split("/").filter((p) => p !== "").map(unescapePointer);
  parts.pop();
  let cur: unknown = root;
  for (const p of parts) {
    if (cur && typeof cur === "object") cur = (cur as Record<string, unknown>)[p];
    else return {};
  }
  return cur && typeof cur === "object" ? (cur as JsonSchema) : {};
}

function unescapePointer(p: string): string {
  return p.replace(/~1/g, "/").replace(/~0/g, "~");
}

function describe(keyword: string, s: JsonSchema, fallback: string): string {
  switch (keyword) {
    case "pattern":
      return `must match the pattern ${s.pattern}`;
    case "minimum":
      return `must be at least ${s.minimum}`;
    case "maximum":
      return `must be at most ${s.maximum}`;
    case "exclusiveMinimum":
      return `must be more than ${s.exclusiveMinimum}`;
    case "exclusiveMaximum":
      return `must be less than ${s.exclusiveMaximum}`;
    case "minLength":
      return s.minLength === 1 ? "may not be empty" : `must have at least ${s.minLength} characters`;
    case "maxLength":
      return `may have at most ${s.maxLength} characters`;
    case "minItems":
      return `needs at least ${s.minItems} item${s.minItems === 1 ? "" : "s"}`;
    case "maxItems":
      return `may have at most ${s.maxItems} items`;
    case "uniqueItems":
      return "may not repeat an item";
    case "enum":
      return `must be one of ${(s.enum ?? []).map((v) => JSON.stringify(v)).join(", ")}`;
    case "type":
      return `must be ${Array.isArray(s.type) ? s.type.join(" or ") : article(String(s.type))}`;
    case "required":
      return `needs ${(s.required ?? []).map((r) => `"${r}"`).join(", ")}`;
    case "additionalProperties":
    case "unevaluatedProperties":
      return "has a property the schema does not allow";
    default:
      return fallback;
  }
}

function article(t: string): string {
  return /^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`;
}

/** Problems as one line per field: `""` → the value itself, `/0/digit` → "item 1, digit". */
export function problemText(problems: Problem[]): string | undefined {
  if (problems.length === 0) return undefined;
  return problems.map((p) => (p.path === "" ? p.message : `${pathWords(p.path)}: ${p.message}`)).join("; ");
}

function pathWords(path: string): string {
  return path
    .split("/")
    .filter((p) => p !== "")
    .map((p) => (/^\d+$/.test(p) ? `item ${Number(p) + 1}` : unescapePointer(p)))
    .join(", ");
}

/** Problems of a whole object value: missing required fields and each field's own problems, by field name. */
export function checkObject(fields: FieldSpec[], value: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fields) {
    const v = value[f.name];
    if (v === undefined) {
      if (f.required && f.default === undefined) out[f.name] = "required";
      continue;
    }
    const text = problemText(checkValue(f.schema, v));
    if (text) out[f.name] = text;
  }
  return out;
}

/** A default as the user sees it ("5", "true", `["a"]`). */
export function showDefault(v: unknown): string {
  return typeof v === "string" ? v : JSON.stringify(v);
}

/**
 * `schema` with each property's `default` taken from `defaults` (a dictionary's DefaultSettings),
 * so the form shows what applies when a field is left unset and does not ask for it.
 */
export function withDefaults(schema: JsonSchema, defaults: unknown): JsonSchema {
  if (typeof defaults !== "object" || defaults === null || Array.isArray(defaults) || !schema.properties) return schema;
  const given = defaults as Record<string, unknown>;
  const properties = Object.fromEntries(
    Object.entries(schema.properties).map(([name, s]) =>
      name in given && typeof s === "object" && s !== null && s.default === undefined ? [name, { ...s, default: given[name] }] : [name, s],
    ),
  );
  return { ...schema, properties };
}

/**
 * A stored settings text as the form edits it: an object, or the text kept as written when the
 * form could not hand it back unchanged (not an object, or a number JavaScript would round).
 */
export type SettingsValue = { kind: "object"; value: Record<string, unknown> } | { kind: "verbatim"; text: string; why: string };

export function settingsValue(text: string | null | undefined): SettingsValue {
  if (text == null || text.trim() === "") return { kind: "object", value: {} };
  const imprecise = impreciseNumber(text);
  if (imprecise) return { kind: "verbatim", text, why: `${imprecise} has more digits than the form can keep` };
  try {
    const v: unknown = JSON.parse(text);
    if (typeof v === "object" && v !== null && !Array.isArray(v)) return { kind: "object", value: v as Record<string, unknown> };
    return { kind: "verbatim", text, why: "it is not a JSON object" };
  } catch {
    return { kind: "verbatim", text, why: "it is not valid JSON" };
  }
}

/** The text a settings value is saved as; `undefined` when nothing is set (the type's defaults apply). */
export function settingsText(s: SettingsValue): string | undefined {
  if (s.kind === "verbatim") return s.text;
  return Object.keys(s.value).length === 0 ? undefined : JSON.stringify(s.value);
}

/** The problems of a settings value against its schema, by field (empty when it may be saved). */
export function settingsProblems(schema: JsonSchema, value: SettingsValue): Record<string, string> {
  return value.kind === "object" ? checkObject(fieldsOf(schema), value.value) : {};
}
