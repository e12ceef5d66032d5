import { Button, Group, type MantineColor } from "@mantine/core";
import type { ReactNode } from "react";
import { serverErrors, type FieldMap } from "../lib/formErrors";
import { ErrorAlert } from "./States";

/**
 * A form's last row: Cancel, then the submit button (the `<form>` around it submits; in a
 * FormDialog Ctrl+S does the same).
 */
export function FormActions({
  onCancel,
  children,
  loading,
  disabled,
  color,
  testId,
}: {
  onCancel: () => void;
  /** The submit button's label. */
  children: ReactNode;
  loading?: boolean;
  disabled?: boolean;
  color?: MantineColor;
  testId?: string;
}) {
  return (
    <Group justify="flex-end">
      <Button variant="default" onClick={onCancel}>
        Cancel
      </Button>
      <Button type="submit" color={color} loading={loading} disabled={disabled} data-testid={testId}>
        {children}
      </Button>
    </Group>
  );
}

/**
 * A refused save's whole message, shown when not all of it could be placed at the form's fields
 * (`fields`: where the backend's field names are shown; see `placeServerErrors`).
 */
export function FormError({ error, fields }: { error: unknown; fields: FieldMap }) {
  if (error == null || !serverErrors(error, fields).showMessage) return null;
  return <ErrorAlert error={error} />;
}
