import { Button, Group, Modal, Select, Stack, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useMutation } from "@tanstack/react-query";
import { placeServerErrors, sameNames, serverErrors } from "../lib/formErrors";
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
  const form = useForm<Record<string, string>>({ mode: "controlled", initialValues: initial });
  const names = sameNames(...fields.map((f) => f.key));
  const save = useMutation({ mutationFn: onSubmit, onSuccess: onDone, onError: (e) => placeServerErrors(form, e, names) });
  const unplaced = save.isError && serverErrors(save.error, names).showMessage;
  return (
    <Modal opened onClose={onClose} title={title} data-testid={testId}>
      <form onSubmit={form.onSubmit((v) => save.mutate(v))}>
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
                {...form.getInputProps(f.key)}
                value={form.values[f.key] || null}
                onChange={(v) => form.setFieldValue(f.key, v ?? "")}
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
                {...form.getInputProps(f.key)}
                value={form.values[f.key] ?? ""}
                data-testid={`dict-field-${f.key}`}
              />
            ),
          )}
          {unplaced && <ErrorAlert error={save.error} />}
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
