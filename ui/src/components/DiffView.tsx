import { Badge, Box, Group, Stack, Text } from "@mantine/core";
import { sideMarks, type FieldChange, type Marked } from "../lib/diff";

/** One side of a text's change: its own text, with the runs only on this side marked (`del` on the old side, `ins` on the new one). */
export function MarkedText({ runs, side }: { runs: Marked[]; side: "del" | "add" }) {
  return (
    <>
      {runs.map((r, i) =>
        !r.marked ? (
          <span key={i}>{r.text}</span>
        ) : side === "del" ? (
          <del key={i} className="diff-word-del">
            {r.text}
          </del>
        ) : (
          <ins key={i} className="diff-word-add">
            {r.text}
          </ins>
        ),
      )}
    </>
  );
}

/**
 * A one-line value's change: the old line and the new one, the words that differ marked inside each
 * (a value only on one side is its line's colour alone).
 */
function TextDiff({ before, after }: { before: string; after: string }) {
  const marks = sideMarks(before, after);
  return (
    <Box>
      {before !== "" && (
        <div className="diff-line diff-del">
          {"- "}
          <MarkedText runs={marks.before} side="del" />
        </div>
      )}
      {after !== "" && (
        <div className="diff-line diff-add">
          {"+ "}
          <MarkedText runs={marks.after} side="add" />
        </div>
      )}
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
            <TextDiff before={c.before} after={c.after} />
          )}
        </Box>
      ))}
    </Stack>
  );
}
