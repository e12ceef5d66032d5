import { Badge, Button, Group, Paper, Text } from "@mantine/core";
import { IconLock, IconLockOpen } from "@tabler/icons-react";
import type { SessionInfo } from "../bindings/SessionInfo";
import { tierColor, tierLabel } from "../lib/tier";

type Props = { session: SessionInfo; onUnlock: () => void; onLock: () => void };

/** A coloured strip saying which environment every action goes to, and whether it may write. */
export function TierBanner({ session, onUnlock, onLock }: Props) {
  const color = tierColor(session.tier);
  return (
    <Paper
      radius={0}
      px="md"
      py={6}
      bg={`${color}.${session.tier === "local" ? 6 : 7}`}
      c="white"
      data-testid="tier-banner"
      data-tier={session.tier}
      data-read-only={session.readOnly ? "true" : "false"}
    >
      <Group justify="space-between" wrap="nowrap">
        <Group gap="sm" wrap="nowrap">
          <Text fw={700} size="sm" data-testid="tier-label">
            {tierLabel(session.tier)}
          </Text>
          <Text size="sm" data-testid="env-name">
            {session.name}
          </Text>
          <Text size="xs" opacity={0.85}>
            {session.database} · as {session.actor}
          </Text>
        </Group>
        <Group gap="xs" wrap="nowrap">
          {session.readOnly ? (
            <>
              <Badge color="dark" variant="filled" leftSection={<IconLock size={12} />} data-testid="read-only-badge">
                read-only
              </Badge>
              {session.startsReadOnly && (
                <Button size="compact-xs" variant="white" color={color} onClick={onUnlock} data-testid="unlock-button">
                  Unlock…
                </Button>
              )}
            </>
          ) : (
            session.startsReadOnly && (
              <Button size="compact-xs" variant="white" color={color} leftSection={<IconLockOpen size={12} />} onClick={onLock} data-testid="lock-button">
                Lock again
              </Button>
            )
          )}
        </Group>
      </Group>
    </Paper>
  );
}
