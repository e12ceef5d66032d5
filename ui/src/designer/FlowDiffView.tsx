import { Badge, Code, List, Stack, Text } from "@mantine/core";
import type { FlowDiff } from "../bindings/FlowDiff";
import { contentChanges } from "./diff";

/** What changes for callers (the semantic diff), and layout-only changes apart. */
export function FlowDiffView({ diff, testId = "flow-diff" }: { diff: FlowDiff; testId?: string }) {
  const lines = contentChanges(diff);
  return (
    <Stack gap={6} data-testid={testId}>
      {lines.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid={`${testId}-none`}>
          Nothing changes for callers.
        </Text>
      ) : (
        <List size="sm" spacing={2}>
          {lines.map((l, i) => (
            <List.Item key={i} data-testid={`${testId}-line`}>
              <Badge size="xs" variant="light" color={l.kind === "added" ? "green" : l.kind === "removed" ? "red" : "blue"} mr={6}>
                {l.kind}
              </Badge>
              <Code>{l.what}</Code> {l.detail}
            </List.Item>
          ))}
        </List>
      )}
      {diff.layout.length > 0 && (
        <Text size="xs" c="dimmed" data-testid={`${testId}-layout`}>
          Layout only (not a change for callers): {diff.layout.length} segment{diff.layout.length === 1 ? "" : "s"} moved or re-ordered.
        </Text>
      )}
    </Stack>
  );
}
