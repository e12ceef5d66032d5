import { Badge, Box, Group, Stack, Text } from "@mantine/core";
import type { FieldChange } from "../lib/diff";

/** Field-by-field changes; JSON fields as a line diff. */
export function DiffView({ changes }: { changes: FieldChange[] }) {
  if (changes.length === 0) {
    return (
      <Text c="dimmed" size="sm" data-testid="diff-none">
        No content changes.
      </Text>
    );
  }
  return (
    <Stack gap="sm" data-testid="diff">
      {changes.map((c) => (
        <Box key={c.field} data-testid={`diff-field-${c.field}`}>
          <Group gap="xs" mb={4}>
            <Text fw={600} size="sm">
              {c.field}
            </Text>
            <Badge size="xs" variant="light" color={c.kind === "added" ? "green" : c.kind === "removed" ? "red" : "blue"}>
              {c.kind}
            </Badge>
          </Group>
          {c.lines ? (
            <Box>
              {c.lines.map((l, i) => (
                <div key={i} className={`diff-line${l.kind === "add" ? " diff-add" : l.kind === "del" ? " diff-del" : ""}`}>
                  {l.kind === "add" ? "+ " : l.kind === "del" ? "- " : "  "}
                  {l.text}
                </div>
              ))}
            </Box>
          ) : (
            <Box>
              {c.before !== "" && <div className="diff-line diff-del">- {c.before}</div>}
              {c.after !== "" && <div className="diff-line diff-add">+ {c.after}</div>}
            </Box>
          )}
        </Box>
      ))}
    </Stack>
  );
}
