import { NumberInput, Select, Stack, Switch, Text, TextInput } from "@mantine/core";
import { useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { checkJson, impreciseNumber } from "../lib/json";
import { checkObject, checkValue, fieldsOf, problemText, showDefault, type FieldSpec, type JsonSchema } from "../lib/schemaForm";
import { JsonEditor } from "./JsonEditor";

/** What a custom field renderer gets: the current value and how to change it. */
export type FieldControl = {
  value: unknown;
  /** Sets the field; `undefined` removes it (the default applies). */
  onChange: (v: unknown) => void;
  /** The live problem of the current value, or the server's error for the field. */
  error?: string;
  readOnly: boolean;
  testId: string;
};

export type SchemaFormProps = {
  /** A JSON Schema of an object: one field per property, in order; `required` marks fields. */
  schema: JsonSchema;
  /** The object being edited; an absent property is unset (its default, if any, is shown). */
  value: Record<string, unknown>;
  /** The whole next object and the property that changed (absent from `next` when cleared). */
  onChange: (next: Record<string, unknown>, changed: string) => void;
  readOnly?: boolean;
  /** Server-side errors per property (e.g. from `detail.fields`). */
  errors?: Record<string, string>;
  /**
   * "change" (default): every edit calls onChange. "blur": text, number and JSON fields call it when
   * left (or Enter), so a form that saves each change sends one save per field edit.
   */
  commit?: "change" | "blur";
  /** Replaces the input of a field (return `undefined` to keep the generated one). */
  renderField?: (field: FieldSpec, control: FieldControl) => ReactNode | undefined;
  /** Prefix of each field's `data-testid` (`${testId}-${name}`). */
  testId?: string;
};

/**
 * A form generated from a JSON Schema: enums as selects, integers and numbers with their bounds,
 * booleans as switches, strings with live pattern/length checks, anything else as JSON in
 * CodeMirror checked against its schema. Required fields are marked, defaults shown.
 * Shared by the flow designer's inspector and the message TypeSettings editor.
 */
export function SchemaForm({ schema, value, onChange, readOnly = false, errors, commit = "change", renderField, testId = "schema-form" }: SchemaFormProps) {
  const fields = useMemo(() => fieldsOf(schema), [schema]);
  const live = checkObject(fields, value);
  return (
    <Stack gap="xs" data-testid={testId}>
      {fields.map((f) => {
        const set = (v: unknown) => {
          const next = { ...value };
          if (v === undefined) delete next[f.name];
          else next[f.name] = v;
          onChange(next, f.name);
        };
        const control: FieldControl = { value: value[f.name], onChange: set, error: live[f.name] ?? errors?.[f.name], readOnly, testId: `${testId}-${f.name}` };
        const custom = renderField?.(f, control);
        return <div key={f.name}>{custom !== undefined ? custom : <SchemaField field={f} control={control} commit={commit} />}</div>;
      })}
      {fields.length === 0 && (
        <Text size="sm" c="dimmed">
          Nothing to configure.
        </Text>
      )}
    </Stack>
  );
}

/** The description with the default appended, as shown under a field. */
function hint(f: FieldSpec): string | undefined {
  const d = f.default !== undefined ? `default: ${showDefault(f.default)}` : undefined;
  return [f.description, d].filter(Boolean).join(" · ") || undefined;
}

/** One generated input; exported for forms that lay fields out themselves. */
export function SchemaField({ field: f, control, commit = "change" }: { field: FieldSpec; control: FieldControl; commit?: "change" | "blur" }) {
  const { value, onChange, error, readOnly, testId } = control;
  switch (f.kind) {
    case "switch": {
      const checked = typeof value === "boolean" ? value : f.default === true;
      return (
        <Switch
          label={f.label}
          description={hint(f)}
          checked={checked}
          onChange={(e) => !readOnly && onChange(e.currentTarget.checked)}
          disabled={readOnly}
          error={error}
          data-testid={testId}
        />
      );
    }
    case "select":
      return (
        <Select
          {...inputProps(f, control)}
          data={f.options ?? []}
          value={typeof value === "string" ? value : null}
          clearable={!f.required}
          allowDeselect={!f.required}
          onChange={(v) => onChange(v ?? undefined)}
          disabled={readOnly}
          error={error}
          comboboxProps={{ withinPortal: true }}
        />
      );
    case "integer":
    case "number":
      return <NumberField f={f} control={control} commit={commit} />;
    case "text":
      return <TextField f={f} control={control} commit={commit} />;
    default:
      return <JsonField f={f} control={control} commit={commit} />;
  }
}

/**
 * Keeps what the user types until it is committed; follows the value when it changes from outside
 * (undo, another field's save), unless the typed text already means that value.
 */
function useDraft(outside: string, means: (text: string) => boolean = (t) => t === outside): [string, (t: string) => void] {
  const [text, setText] = useState(outside);
  const latest = useRef(means);
  latest.current = means;
  useEffect(() => setText((t) => (latest.current(t) ? t : outside)), [outside]);
  return [text, setText];
}

/** What every generated text-like input shows: label, hint, required mark, default as placeholder. */
function inputProps(f: FieldSpec, control: FieldControl) {
  const placeholder = f.default !== undefined ? showDefault(f.default) : undefined;
  return { label: f.label, description: hint(f), required: f.required, readOnly: control.readOnly, placeholder, "data-testid": control.testId };
}

function TextField({ f, control, commit }: { f: FieldSpec; control: FieldControl; commit: "change" | "blur" }) {
  const outside = typeof control.value === "string" ? control.value : "";
  const [text, setText] = useDraft(outside);
  const toValue = (t: string) => (t === "" ? undefined : t);
  const save = () => {
    if (text !== outside) control.onChange(toValue(text));
  };
  const liveError = text === "" ? undefined : problemText(checkValue(f.schema, text));
  return (
    <TextInput
      {...inputProps(f, control)}
      value={text}
      onChange={(e) => {
        const t = e.currentTarget.value;
        setText(t);
        if (commit === "change") control.onChange(toValue(t));
      }}
      onBlur={commit === "blur" ? save : undefined}
      onKeyDown={(e) => {
        if (commit === "blur" && e.key === "Enter") save();
      }}
      error={liveError ?? (text === outside ? control.error : undefined)}
    />
  );
}

function NumberField({ f, control, commit }: { f: FieldSpec; control: FieldControl; commit: "change" | "blur" }) {
  const outside = typeof control.value === "number" ? String(control.value) : "";
  const [text, setText] = useDraft(outside, (t) => (t.trim() === "" ? outside === "" : Number(t) === control.value));
  const parse = (t: string): { ok: true; v: number | undefined } | { ok: false; message: string } => {
    if (t.trim() === "") return { ok: true, v: undefined };
    const n = Number(t);
    if (!Number.isFinite(n)) return { ok: false, message: "must be a number" };
    if (f.kind === "integer" && !Number.isSafeInteger(n)) return { ok: false, message: "must be a whole number (at most 15 digits)" };
    return { ok: true, v: n };
  };
  const parsed = parse(text);
  const liveError = !parsed.ok ? parsed.message : parsed.v === undefined ? undefined : problemText(checkValue(f.schema, parsed.v));
  const save = (t: string) => {
    const p = parse(t);
    if (p.ok && t !== outside) control.onChange(p.v);
  };
  return (
    <NumberInput
      {...inputProps(f, control)}
      value={text}
      min={f.min}
      max={f.max}
      allowDecimal={f.kind === "number"}
      clampBehavior="none"
      onChange={(v) => {
        const t = String(v);
        setText(t);
        if (commit === "change") save(t);
      }}
      onBlur={commit === "blur" ? () => save(text) : undefined}
      onKeyDown={(e) => {
        if (commit === "blur" && e.key === "Enter") save(text);
      }}
      error={liveError ?? (text === outside ? control.error : undefined)}
    />
  );
}

function JsonField({ f, control, commit }: { f: FieldSpec; control: FieldControl; commit: "change" | "blur" }) {
  const outside = control.value === undefined ? "" : JSON.stringify(control.value, null, 2);
  const [text, setText] = useDraft(outside, (t) => {
    if (t.trim() === "") return outside === "";
    const r = checkJson(t);
    return r.ok && JSON.stringify(r.value, null, 2) === outside;
  });
  const imprecise = impreciseNumber(text);
  const save = (t: string) => {
    if (t === outside) return;
    if (t.trim() === "") return control.onChange(undefined);
    const r = checkJson(t);
    if (r.ok && impreciseNumber(t) === null) control.onChange(r.value);
  };
  return (
    <JsonEditor
      label={f.label}
      description={hint(f)}
      required={f.required}
      value={text}
      onChange={(t) => {
        setText(t);
        if (commit === "change") save(t);
      }}
      onBlur={commit === "blur" ? () => save(text) : undefined}
      allowEmpty
      requireObject={false}
      schema={f.schema}
      readOnly={control.readOnly}
      error={imprecise ? `${imprecise} has more than 15 significant digits and would not be kept exactly; write it as a string` : text === outside ? control.error : undefined}
      testId={control.testId}
      minHeight="60px"
    />
  );
}
