import { Alert, Button, Center, Group, Loader, Progress, Stack, Text, type AlertProps } from "@mantine/core";
import { IconAlertTriangle, IconInbox } from "@tabler/icons-react";
import type { ReactNode } from "react";
import type { ApiError } from "../bindings/ApiError";
import { errorTitle, isRetryable, toApiError } from "../lib/errors";
import { remedyOf } from "../lib/remedy";

export function Loading({ label = "Loading…" }: { label?: string }) {
  return (
    <Center py="xl" data-testid="loading">
      <Group gap="sm">
        <Loader size="sm" />
        <Text c="dimmed">{label}</Text>
      </Group>
    </Center>
  );
}

export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <Center py="xl" data-testid="empty">
      <Stack align="center" gap={4}>
        <IconInbox size={32} stroke={1.5} color="var(--mantine-color-dimmed)" />
        <Text fw={500}>{title}</Text>
        {children && (
          <Text c="dimmed" size="sm" ta="center">
            {children}
          </Text>
        )}
      </Stack>
    </Center>
  );
}

export function ErrorAlert({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const e: ApiError = toApiError(error);
  const remedy = remedyOf(e);
  return (
    <Alert
      color={isRetryable(e.code) ? "orange" : "red"}
      icon={<IconAlertTriangle size={18} />}
      title={errorTitle(e.code)}
      data-testid="error-alert"
      data-code={e.code}
    >
      <Stack gap="xs">
        <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>
          {e.message}
        </Text>
        {remedy && (
          <Text size="sm" fw={500} data-testid="error-remedy">
            {remedy}
          </Text>
        )}
        {onRetry && (
          <Group>
            <Button size="xs" variant="light" color={isRetryable(e.code) ? "orange" : "red"} onClick={onRetry}>
              Try again
            </Button>
          </Group>
        )}
      </Stack>
    </Alert>
  );
}

/**
 * Long work under way (a deploy, an import, an export): a bar with the share done (`value` in
 * percent; absent while the total is not known: striped and moving), and a line saying what is
 * happening. `failed` turns the bar red.
 */
export function WorkProgress({
  value,
  text,
  running = true,
  failed = false,
  size,
  testId,
  barTestId,
  textTestId,
}: {
  value?: number;
  text: ReactNode;
  running?: boolean;
  failed?: boolean;
  size?: "sm" | "md" | "lg";
  testId: string;
  barTestId?: string;
  textTestId?: string;
}) {
  const known = value !== undefined;
  return (
    <Stack gap={4} data-testid={testId}>
      <Progress value={known ? value : 100} striped={!known} animated={running} color={failed ? "red" : "blue"} size={size} data-testid={barTestId} data-value={known ? value : undefined} />
      <Text size="xs" c="dimmed" data-testid={textTestId}>
        {text}
      </Text>
    </Stack>
  );
}

/** What a finished piece of work did (an export written, an import applied, a connection made). */
export function DoneAlert({ children, ...props }: AlertProps & { "data-testid"?: string; "data-path"?: string }) {
  return (
    <Alert color="green" {...props}>
      {children}
    </Alert>
  );
}
