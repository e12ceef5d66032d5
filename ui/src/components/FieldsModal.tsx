import { Button, Group, Modal, Select, Stack, TextInput } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { fieldErrors, toApiError } from "../lib/errors";
import { ErrorAlert } from "./States";

export type FieldSpec = { key: string; label: string; required?: boolean; options?: { value: string; label: string }[]; description?: string };

type Props = {
  title: string;
  fields: FieldSpec[];
  initial: Record<string, string>;
  onSubmit: (values: Record<string, string>) => Promise<unknown>;
  onDone: () => void;
  onClose: () => void;
  testId?: string;
};

/**
 * A small form for dictionary rows: per-field errors come from the backend's detail.fields.
 * Required fields are only marked (no native `required`), so an empty one reaches the backend and
 * gets its message next to the field like every other problem.
 */
export function FieldsModal({ title, fields, initial, onSubmit, onDone, onClose, testId }: Props) {
  const [values, setValues] = useState<Record<string, string>>(initial);
  const save = useMutation({ mutationFn: onSubmit, onSuccess: onDone });
  const err = save.error ? toApiError(save.error) : null;
  const fe = fieldErrors(err);
  const unplaced = err && !fields.some((f) => fe[f.key]);
  return (
    <Modal opened onClose={onClose} title={title} data-testid={testId}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate(values);
        }}
      >
        <Stack>
          {fields.map((f, i) =>
            f.options ? (
              <Select
                key={f.key}
                data-autofocus={i === 0 || undefined}
                label={f.label}
                description={f.description}
                withAsterisk={f.required}
                data={f.options}
                value={values[f.key] || null}
                onChange={(v) => setValues((s) => ({ ...s, [f.key]: v ?? "" }))}
                error={fe[f.key]}
                searchable
                clearable={!f.required}
                data-testid={`dict-field-${f.key}`}
              />
            ) : (
              <TextInput
                key={f.key}
                data-autofocus={i === 0 || undefined}
                label={f.label}
                description={f.description}
                withAsterisk={f.required}
                value={values[f.key] ?? ""}
                onChange={(e) => {
                  const v = e.currentTarget.value;
                  setValues((s) => ({ ...s, [f.key]: v }));
                }}
                error={fe[f.key]}
                data-testid={`dict-field-${f.key}`}
              />
            ),
          )}
          {unplaced && <ErrorAlert error={err} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending} data-testid="dict-save">
              Save
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
