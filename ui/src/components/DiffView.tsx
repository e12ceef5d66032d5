import { Badge, Box, Group, Stack, Text } from "@mantine/core";
import { wordDiff, type FieldChange } from "../lib/diff";

/**
 * A one-line value's change: the old line and the new one, with the words that differ marked
 * inside each (`del` / `ins`), in the value's writing direction.
 */
function TextDiff({ before, after, dir }: { before: string; after: string; dir?: "rtl" | "ltr" }) {
  const spans = before !== "" && after !== "" ? wordDiff(before, after) : null;
  const line = (side: "del" | "add", text: string) => (
    <div className={`diff-line diff-${side}`} dir={dir}>
      {side === "del" ? "- " : "+ "}
      {spans
        ? spans
            .filter((s) => s.kind === "same" || s.kind === side)
            .map((s, i) =>
              s.kind === "same" ? (
                <span key={i}>{s.text}</span>
              ) : side === "del" ? (
                <del key={i} className="diff-word-del">
                  {s.text}
                </del>
              ) : (
                <ins key={i} className="diff-word-add">
                  {s.text}
                </ins>
              ),
            )
        : text}
    </div>
  );
  return (
    <Box>
      {before !== "" && line("del", before)}
      {after !== "" && line("add", after)}
    </Box>
  );
}

/** Field-by-field changes; JSON fields as a line diff, other values word by word. */
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
            <TextDiff before={c.before} after={c.after} dir={c.dir} />
          )}
        </Box>
      ))}
    </Stack>
  );
}
