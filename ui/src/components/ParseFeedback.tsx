import { Alert, List, Text } from "@mantine/core";
import type { ComposedEnvironment } from "../bindings/ComposedEnvironment";
import { fieldErrors, toApiError } from "../lib/errors";

/** What the backend understood from a pasted connection string, or why it could not. Never the password. */
export function ParseFeedback({ parsed, error }: { parsed?: ComposedEnvironment | null; error?: unknown }) {
  if (error) {
    const e = toApiError(error);
    const fields = Object.entries(fieldErrors(e));
    return (
      <Alert color="red" title="Not understood" data-testid="parse-error">
        <Text size="sm">{e.message}</Text>
        {fields.length > 0 && (
          <List size="sm" mt={4}>
            {fields.map(([f, m]) => (
              <List.Item key={f}>
                {f}: {m}
              </List.Item>
            ))}
          </List>
        )}
      </Alert>
    );
  }
  if (!parsed) return null;
  const d = parsed.draft;
  const warnings: string[] = [];
  if (!d.encrypt) warnings.push("encryption is off: the login crosses the network unencrypted");
  if (d.trustServerCertificate) warnings.push("any server certificate is trusted (test servers only)");
  if (!parsed.hasPassword) warnings.push("no password in the string: type it in the password field");
  return (
    <Alert color={warnings.length ? "yellow" : "blue"} title="Understood" data-testid="parse-ok">
      <Text size="sm" data-testid="parse-summary">
        {d.host}:{d.port} / {d.database} as {d.user}
        {parsed.hasPassword ? " · password given (it goes to the OS keyring)" : ""}
      </Text>
      {warnings.map((w) => (
        <Text size="sm" c="orange.8" key={w}>
          {w}
        </Text>
      ))}
    </Alert>
  );
}
