import { ActionIcon, Alert, Badge, Button, Code, Group, ScrollArea, Select, Stack, Table, Text, TextInput, Tooltip } from "@mantine/core";
import { IconPlus, IconTrash, IconUnlink } from "@tabler/icons-react";
import { memo, useCallback, useEffect, useMemo, useState } from "react";
import type { Finding } from "../bindings/Finding";
import type { Segment } from "../bindings/Segment";
import { JsonEditor } from "../components/JsonEditor";
import { SchemaForm, type FieldControl } from "../components/SchemaForm";
import { checkJson, impreciseNumber, prettyJson } from "../lib/json";
import type { FieldSpec, JsonSchema } from "../lib/schemaForm";
import { checkValue, problemText, showDefault } from "../lib/schemaForm";
import type { SegmentCatalog } from "../bindings/SegmentCatalog";
import { configSchema, integerKeyOps, integerProblem, jsonKeyOps, typedConfig } from "./config";
import { isMessageKeyName, typeOf } from "./graph";
import { MessageKeyField, type MessageContext } from "./MessageKeyField";
import type { EditOp } from "../bindings/EditOp";

type Props = {
  /** The segments with a transition to this one (renaming rewrites them). */
  incoming: string[];
  segment: Segment;
  catalog: SegmentCatalog;
  findings: Finding[];
  readOnly: boolean;
  /** A key to bring into view (a validation finding was clicked). */
  focusKey: string | null;
  messages: MessageContext;
  /** Saves a batch; resolves false when it was refused (the screen shows the stored draft). */
  apply: (label: string, ops: EditOp[]) => Promise<boolean>;
};

type Save = (label: string, ops: EditOp[]) => void;

/**
 * The selected segment: name, type, configuration (a form from each key's schema), transitions.
 * Memoized: a drag on the canvas changes none of its props, nor does the save of a move (the
 * designer keeps the segment object while only its position changed).
 */
export const Inspector = memo(function Inspector({ incoming, segment: s, catalog, findings, readOnly, focusKey, messages, apply: store }: Props) {
  const t = typeOf(catalog, s.segmentType);
  // A refused save leaves the stored segment as it was, so no field sees a new value: the fields
  // are drawn anew from the stored segment instead of keeping the refused text (the notification
  // says why).
  const [refused, setRefused] = useState(0);
  const apply: Save = useCallback(
    (label, ops) =>
      void store(label, ops).then((saved) => {
        if (!saved) setRefused((n) => n + 1);
      }),
    [store],
  );
  const schema = useMemo(() => (t ? configSchema(t) : null), [t]);
  const value = useMemo(() => typedConfig(t, s.config), [t, s.config]);

  useEffect(() => {
    if (!focusKey) return;
    const el = document.querySelector(`[data-testid="inspector-field-${CSS.escape(focusKey)}"]`);
    el?.scrollIntoView({ block: "center" });
    el?.querySelector<HTMLElement>("input, textarea, .cm-content")?.focus();
  }, [focusKey, s.name]);

  const serverErrors = useMemo(() => {
    const out: Record<string, string> = {};
    for (const f of findings) if (f.key) out[f.key] = out[f.key] ? `${out[f.key]}; ${f.message}` : f.message;
    return out;
  }, [findings]);

  return (
    <ScrollArea className="designer-inspector" type="auto" data-testid="inspector">
      <Stack gap="xs" p="xs">
        <RenameField key={`${s.name}/${refused}`} name={s.name} incoming={incoming} readOnly={readOnly} onRename={(n) => apply(`rename ${s.name}`, [{ op: "rename_segment", name: s.name, newName: n }])} />
        <Select
          label="Type"
          data-testid="inspector-type"
          data={catalog.types.map((x) => ({ value: x.code, label: `${x.displayName} (${x.code})` }))}
          value={s.segmentType}
          allowDeselect={false}
          readOnly={readOnly}
          disabled={readOnly}
          searchable
          onChange={(v) => v && v !== s.segmentType && apply(`retype ${s.name}`, [{ op: "retype_segment", name: s.name, segmentType: v }])}
          description="Keys the new type also has are kept; the others are dropped (undo brings them back)."
          comboboxProps={{ withinPortal: true }}
        />
        {findings.filter((f) => !f.key).map((f, i) => (
          <Alert key={i} color={f.severity === "error" ? "red" : "yellow"} p={6} data-testid="inspector-finding">
            <Text size="xs">{f.message}</Text>
          </Alert>
        ))}
        {schema && t ? (
          <SchemaForm
            key={refused}
            schema={schema}
            value={value}
            readOnly={readOnly}
            errors={serverErrors}
            commit="blur"
            testId="inspector-field"
            onChange={(next, key) =>
              apply(
                `${key} of ${s.name}`,
                next[key] === undefined ? [{ op: "unset_config", segment: s.name, key }] : [{ op: "set_config", segment: s.name, key, value: next[key] as never }],
              )
            }
            renderField={(f, c) => {
              if (f.kind === "text" && isMessageKeyName(f.name)) return <MessageKeyField field={f} control={c} messages={messages} />;
              const keyType = t.keys.find((k) => k.name === f.name)?.keyType;
              // An integer key is edited as its digits and saved as that text: 16 to 19 digits kept exactly.
              if (keyType === "integer" && f.kind === "integer")
                return (
                  <ExactIntegerField
                    key={`${s.name}/${f.name}`}
                    field={f}
                    control={c}
                    stored={s.config[f.name]}
                    onSave={(text) => {
                      const ops = integerKeyOps(s.name, f.name, text, s.config[f.name]);
                      if (ops.length > 0) apply(`${f.name} of ${s.name}`, ops);
                    }}
                  />
                );
              if (keyType !== "json") return undefined;
              const stored = s.config[f.name];
              // A list of small string objects gets its table (it cannot hold a number) unless the stored text is not such a list.
              if (isObjectList(f.schema) && (stored === undefined || impreciseNumber(stored) === null)) return <ListEditor field={f} control={c} />;
              // Any other JSON key is edited as the text itself and saved as that text: every digit kept.
              return <ExactJsonField key={`${s.name}/${f.name}`} field={f} control={c} stored={stored} onSave={(text) => {
                const ops = jsonKeyOps(s.name, f.name, text, stored);
                if (ops.length > 0) apply(`${f.name} of ${s.name}`, ops);
              }} />;
            }}
          />
        ) : (
          <Text size="sm" c="dimmed">
            Segment type {s.segmentType} is not in the dictionary.
          </Text>
        )}
        <Transitions segment={s} readOnly={readOnly} apply={apply} />
      </Stack>
    </ScrollArea>
  );
});

function RenameField({ name, incoming, readOnly, onRename }: { name: string; incoming: string[]; readOnly: boolean; onRename: (n: string) => void }) {
  const [text, setText] = useState(name);
  const changed = text.trim() !== "" && text !== name;
  const save = () => changed && onRename(text.trim());
  return (
    <TextInput
      label="Name"
      value={text}
      readOnly={readOnly}
      onChange={(e) => setText(e.currentTarget.value)}
      onBlur={save}
      onKeyDown={(e) => {
        if (e.key === "Enter") save();
        if (e.key === "Escape") setText(name);
      }}
      data-testid="inspector-name"
      description={
        changed && incoming.length > 0
          ? `Renaming also rewrites the transitions from ${incoming.join(", ")}.`
          : incoming.length > 0
            ? `Reached from ${incoming.join(", ")}.`
            : "No transition leads here yet."
      }
    />
  );
}

function Transitions({ segment: s, readOnly, apply }: { segment: Segment; readOnly: boolean; apply: Save }) {
  if (s.transitions.length === 0) return null;
  return (
    <Stack gap={2}>
      <Text size="sm" fw={500}>
        Transitions
      </Text>
      <Table withTableBorder verticalSpacing={2} data-testid="inspector-transitions">
        <Table.Tbody>
          {s.transitions.map((tr) => (
            <Table.Tr key={`${tr.result}/${tr.contextKey ?? ""}`}>
              <Table.Td>
                <Code>{tr.result}</Code>
                {tr.contextKey && <Badge ml={4} size="xs" variant="light">{tr.contextKey}</Badge>}
              </Table.Td>
              <Table.Td>→ {tr.next}</Table.Td>
              <Table.Td w={30}>
                {!readOnly && (
                  <Tooltip label="Disconnect">
                    <ActionIcon
                      size="sm"
                      variant="subtle"
                      color="red"
                      aria-label={`Disconnect ${tr.result}`}
                      onClick={() => apply(`disconnect ${s.name}.${tr.result}`, [{ op: "disconnect", segment: s.name, result: tr.result, contextKey: tr.contextKey ?? null }])}
                    >
                      <IconUnlink size={14} />
                    </ActionIcon>
                  </Tooltip>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}

/** A JSON array of objects whose properties are plain strings (a menu's options, a language choice). */
function isObjectList(s: JsonSchema): boolean {
  const items = s.items;
  if (s.type !== "array" || !items || typeof items !== "object" || Array.isArray(items)) return false;
  const props = (items as JsonSchema).properties;
  return !!props && Object.values(props).every((p) => typeof p === "object" && p !== null && ((p as JsonSchema).type === "string" || Array.isArray((p as JsonSchema).enum)));
}

/** A structured editor for a list of small objects: one row per item, one input per property. */
function ListEditor({ field: f, control }: { field: FieldSpec; control: FieldControl }) {
  const items = f.schema.items as JsonSchema;
  const props = Object.keys(items.properties ?? {});
  const required = new Set(items.required ?? []);
  const outside = useMemo(() => (Array.isArray(control.value) ? (control.value as Record<string, string>[]) : []), [control.value]);
  const [rows, setRows] = useState(outside);
  useEffect(() => setRows(outside), [outside]);
  const problems = problemText(checkValue(f.schema, rows));
  const commit = (next: Record<string, string>[]) => {
    setRows(next);
    if (problemText(checkValue(f.schema, next)) === undefined && JSON.stringify(next) !== JSON.stringify(outside)) control.onChange(next);
  };
  const setCell = (i: number, p: string, v: string) => {
    const next = rows.map((r, j) => {
      if (j !== i) return r;
      const row = { ...r };
      if (v === "" && !required.has(p)) delete row[p];
      else row[p] = v;
      return row;
    });
    setRows(next);
  };
  return (
    <Stack gap={4} data-testid={control.testId}>
      <Text size="sm" fw={500}>
        {f.label} {f.required && <span style={{ color: "var(--mantine-color-red-6)" }}>*</span>}
      </Text>
      {f.description && (
        <Text size="xs" c="dimmed">
          {f.description}
        </Text>
      )}
      <Table withTableBorder verticalSpacing={2}>
        <Table.Thead>
          <Table.Tr>
            {props.map((p) => (
              <Table.Th key={p}>
                <Text size="xs">{p}</Text>
              </Table.Th>
            ))}
            <Table.Th w={30} />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r, i) => (
            <Table.Tr key={i} data-testid={`${control.testId}-row-${i}`}>
              {props.map((p) => (
                <Table.Td key={p}>
                  <TextInput
                    size="xs"
                    value={r[p] ?? ""}
                    readOnly={control.readOnly}
                    onChange={(e) => setCell(i, p, e.currentTarget.value)}
                    onBlur={() => commit(rows)}
                    onKeyDown={(e) => e.key === "Enter" && commit(rows)}
                    error={problemText(checkValue((items.properties ?? {})[p] as JsonSchema, r[p] ?? "")) && r[p] !== undefined ? true : undefined}
                    data-testid={`${control.testId}-${i}-${p}`}
                  />
                </Table.Td>
              ))}
              <Table.Td>
                {!control.readOnly && (
                  <ActionIcon size="sm" variant="subtle" color="red" aria-label="Remove" onClick={() => commit(rows.filter((_, j) => j !== i))}>
                    <IconTrash size={14} />
                  </ActionIcon>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {!control.readOnly && (
        <Group>
          <Button size="compact-xs" variant="light" leftSection={<IconPlus size={12} />} onClick={() => setRows([...rows, {}])} data-testid={`${control.testId}-add`}>
            Add
          </Button>
        </Group>
      )}
      {(problems ?? control.error) && (
        <Text size="xs" c="red">
          {problems ?? control.error}
        </Text>
      )}
    </Stack>
  );
}

/**
 * A JSON key as text: shown formatted with every number as stored, saved (when left) as the text
 * typed, so a value with more digits than a JavaScript number holds is kept exactly.
 */
/** The text being edited for a stored value, put back when the stored value changes (a save, an undo). */
function useEditedText(outside: string) {
  const [text, setText] = useState(outside);
  useEffect(() => setText(outside), [outside]);
  return [text, setText] as const;
}

/** Label, description (with the default) and required mark of a field the inspector draws itself. */
function ownFieldProps(f: FieldSpec) {
  const description = [f.description, f.default !== undefined ? `default: ${showDefault(f.default)}` : undefined].filter(Boolean).join(" · ") || undefined;
  return { label: f.label, description, required: f.required };
}

function ExactIntegerField({ field: f, control, stored, onSave }: { field: FieldSpec; control: FieldControl; stored: string | undefined; onSave: (text: string) => void }) {
  const outside = stored ?? "";
  const [text, setText] = useEditedText(outside);
  const problem = integerProblem(text, f.min, f.max);
  const save = () => {
    if (text.trim() === outside.trim() || problem) return;
    onSave(text);
  };
  return (
    <TextInput
      {...ownFieldProps(f)}
      readOnly={control.readOnly}
      placeholder={f.default !== undefined ? showDefault(f.default) : undefined}
      inputMode="numeric"
      value={text}
      onChange={(e) => setText(e.currentTarget.value)}
      onBlur={control.readOnly ? undefined : save}
      onKeyDown={(e) => {
        if (e.key === "Enter" && !control.readOnly) save();
      }}
      error={problem ?? (text === outside ? control.error : undefined)}
      data-testid={control.testId}
    />
  );
}

function ExactJsonField({ field: f, control, stored, onSave }: { field: FieldSpec; control: FieldControl; stored: string | undefined; onSave: (text: string) => void }) {
  const outside = stored === undefined ? "" : prettyJson(stored);
  const [text, setText] = useEditedText(outside);
  const save = () => {
    if (text === outside) return;
    // A syntax error stays on screen (the editor says where); the backend checks the rest.
    if (text.trim() !== "" && !checkJson(text).ok) return;
    onSave(text);
  };
  return (
    <JsonEditor
      {...ownFieldProps(f)}
      value={text}
      onChange={setText}
      onBlur={control.readOnly ? undefined : save}
      allowEmpty
      requireObject={false}
      schema={f.schema}
      readOnly={control.readOnly}
      error={text === outside ? control.error : undefined}
      testId={control.testId}
      minHeight="60px"
    />
  );
}
