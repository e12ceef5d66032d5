import { Badge, Button, Group, Paper, Text } from "@mantine/core";
import { IconLock, IconLockOpen } from "@tabler/icons-react";
import type { SessionInfo } from "../bindings/SessionInfo";
import { tierBannerColors, tierLabel } from "../lib/tier";

type Props = { session: SessionInfo; onUnlock: () => void; onLock: () => void };

/** A coloured strip saying which environment every action goes to, and whether it may write. */
export function TierBanner({ session, onUnlock, onLock }: Props) {
  // Colours chosen for WCAG AA contrast (lib/tier.ts); buttons invert them, so they contrast as much.
  const { bg, fg } = tierBannerColors(session.tier);
  const inverted = { root: { background: fg, color: bg } };
  return (
    <Paper
      radius={0}
      px="md"
      py={6}
      bg={bg}
      c={fg}
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
          <Text size="xs">
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
                <Button size="compact-xs" styles={inverted} onClick={onUnlock} data-testid="unlock-button">
                  Unlock…
                </Button>
              )}
            </>
          ) : (
            session.startsReadOnly && (
              <Button size="compact-xs" styles={inverted} leftSection={<IconLockOpen size={12} />} onClick={onLock} data-testid="lock-button">
                Lock again
              </Button>
            )
          )}
        </Group>
      </Group>
    </Paper>
  );
}

/** A tier's name in the banner's colours (the same AA contrast). */
export function TierBadge({ tier }: { tier: string }) {
  const { bg, fg } = tierBannerColors(tier);
  return (
    <Badge styles={{ root: { background: bg, color: fg } }} data-tier={tier}>
      {tier}
    </Badge>
  );
}
