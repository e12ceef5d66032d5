import { Alert, Anchor, Code, Collapse, Stack, Text } from "@mantine/core";
import { useState } from "react";
import { SchemaForm } from "../../components/SchemaForm";
import { settingsProblems, type JsonSchema, type SettingsValue } from "../../lib/schemaForm";

type Props = {
  language: string;
  /** The message type's SettingsSchema with its DefaultSettings as defaults. */
  schema: JsonSchema;
  value: SettingsValue;
  onChange: (v: SettingsValue) => void;
  /** The server's problem with this language's settings. */
  error?: string;
};

/**
 * One language's TypeSettings: the form generated from the type's SettingsSchema (the same
 * generator as the designer's inspector), folded away until asked for or when it has a problem.
 */
export function TypeSettings({ language, schema, value, onChange, error }: Props) {
  const problems = settingsProblems(schema, value);
  const set = value.kind === "object" ? Object.keys(value.value).length : 1;
  const [opened, setOpened] = useState(false);
  const open = opened || error !== undefined || Object.keys(problems).length > 0;
  return (
    <Stack gap={4} mt={4}>
      <Anchor component="button" type="button" size="xs" onClick={() => setOpened(!open)} data-testid={`msg-settings-toggle-${language}`}>
        {open ? "Hide settings" : `Settings (${set === 0 ? "type defaults" : `${set} set`})`}
      </Anchor>
      <Collapse in={open}>
        {error && (
          <Alert color="red" p="xs" mb={4} data-testid={`msg-settings-error-${language}`}>
            {error}
          </Alert>
        )}
        {value.kind === "verbatim" ? (
          <Text size="xs" c="dimmed" data-testid={`msg-settings-verbatim-${language}`}>
            Copied as written ({value.why}): <Code>{value.text.length > 200 ? `${value.text.slice(0, 200)}…` : value.text}</Code>
          </Text>
        ) : (
          <SchemaForm schema={schema} value={value.value} onChange={(next) => onChange({ kind: "object", value: next })} testId={`msg-settings-${language}`} />
        )}
      </Collapse>
    </Stack>
  );
}
