import { Modal, Select, Stack, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useMutation } from "@tanstack/react-query";
import { placeServerErrors, sameNames } from "../lib/formErrors";
import { FormActions, FormError } from "./FormActions";

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
  return (
    <Modal opened onClose={onClose} title={title} data-testid={testId}>
      <form onSubmit={form.onSubmit((v) => save.mutate(v))}>
        <Stack>
          {fields.map((f, i) => {
            const common = {
              label: f.label,
              description: f.description,
              withAsterisk: f.required,
              "data-autofocus": i === 0 || undefined,
              "data-testid": `dict-field-${f.key}`,
            };
            return f.options ? (
              <Select
                key={f.key}
                {...common}
                data={f.options}
                {...form.getInputProps(f.key)}
                value={form.values[f.key] || null}
                onChange={(v) => form.setFieldValue(f.key, v ?? "")}
                searchable
                clearable={!f.required}
              />
            ) : (
              <TextInput key={f.key} {...common} {...form.getInputProps(f.key)} value={form.values[f.key] ?? ""} />
            );
          })}
          <FormError error={save.error} fields={names} />
          <FormActions onCancel={onClose} loading={save.isPending} testId="dict-save">
            Save
          </FormActions>
        </Stack>
      </form>
    </Modal>
  );
}
