import { Alert, Button, Group, Text } from "@mantine/core";
import { useLocalStorage } from "@mantine/hooks";
import { useQuery } from "@tanstack/react-query";
import { IconInfoCircle, IconPlugConnected } from "@tabler/icons-react";
import { commands } from "../bindings/commands";
import { qk } from "../lib/queryKeys";

/**
 * Says plainly, while `local` is the only environment, that it is a local database with demo data,
 * and offers to connect to a server right there. Hidden once another environment exists or the
 * user dismisses it.
 */
export function FirstStart({ onConnect }: { onConnect: () => void }) {
  const envs = useQuery({ queryKey: qk.environments.all(), queryFn: () => commands.envList() });
  const [dismissed, setDismissed] = useLocalStorage({ key: "ivr-first-start-dismissed", defaultValue: false });
  const onlyLocal = envs.data !== undefined && envs.data.every((e) => e.name === "local");
  if (dismissed || !onlyLocal) return null;
  return (
    <Alert color="blue" icon={<IconInfoCircle size={18} />} data-testid="first-start" py={8}>
      <Group justify="space-between" wrap="nowrap" gap="sm">
      <Text size="sm">
        <b>This is a local environment with demo data.</b> A SQLite database on this computer with demo flows, messages and routing entries, to try
        every screen safely; nothing here reaches a server.
      </Text>
      <Group gap="xs" wrap="nowrap">
        <Button size="xs" leftSection={<IconPlugConnected size={14} />} onClick={onConnect} data-testid="first-start-connect">
          Connect to a SQL Server environment
        </Button>
        <Button size="xs" variant="subtle" onClick={() => setDismissed(true)} data-testid="first-start-dismiss">
          Got it
        </Button>
      </Group>
      </Group>
    </Alert>
  );
}
