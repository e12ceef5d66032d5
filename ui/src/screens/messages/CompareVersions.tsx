import { Badge, Box, Group, Paper, Select, SimpleGrid, Stack, Text } from "@mantine/core";
import { useMemo, useState } from "react";
import type { KeyWithVersions } from "../../bindings/KeyWithVersions";
import type { StoreRow } from "../../bindings/StoreRow";
import { DiffView, MarkedText } from "../../components/DiffView";
import { direction } from "../../lib/messageChecks";
import { newestFirst } from "../../lib/messages";
import { compareSides, type CompareRow } from "../../lib/messageCompare";

/** A language's badge: the same, changed, or present in one of the two versions only. */
function status(r: CompareRow, labelA: string, labelB: string): string {
  if (!r.changed) return "same";
  if (r.a === null && r.b !== null) return `only in ${labelB}`;
  if (r.b === null && r.a !== null) return `only in ${labelA}`;
  return "changed";
}

/**
 * Two versions side by side, language by language: each side's text in the language's direction
 * with the words the other side lacks marked, and a diff of the TypeSettings where they differ. "published" stands for
 * whichever version callers hear now.
 */
export function CompareVersions({ store, detail, initial }: { store: StoreRow; detail: KeyWithVersions; initial?: [string, string] }) {
  const ordered = newestFirst(detail.versions);
  const defaults: [string, string] = initial ?? [
    detail.publishedVersion !== null ? "published" : String(ordered[1]?.version ?? ordered[0]?.version ?? ""),
    String(ordered[0]?.version ?? ""),
  ];
  const [a, setA] = useState(defaults[0]);
  const [b, setB] = useState(defaults[1]);
  const options = [
    ...(detail.publishedVersion !== null ? [{ value: "published", label: `Published (v${detail.publishedVersion})` }] : []),
    ...ordered.map((v) => ({ value: String(v.version), label: `Version ${v.version}${v.name ? ` — ${v.name}` : ""}` })),
  ];
  // A word diff per language: computed when the choice or the key changes, not on every render.
  const sides = useMemo(() => compareSides(detail, store.allowedLanguages, a, b), [detail, store.allowedLanguages, a, b]);
  if (detail.versions.length === 0) return <Text c="dimmed">No version to compare yet.</Text>;
  return (
    <Stack gap="sm" data-testid="msg-compare">
      <Group grow>
        <Select label="Compare" data={options} value={a} onChange={(v) => v && setA(v)} allowDeselect={false} data-testid="msg-compare-a" />
        <Select label="with" data={options} value={b} onChange={(v) => v && setB(v)} allowDeselect={false} data-testid="msg-compare-b" />
      </Group>
      <Text size="sm" c="dimmed" data-testid="msg-compare-summary">
        {sides.changed.length === 0 ? "Same content in every language." : `Different in ${sides.changed.join(", ")}.`}
      </Text>
      {sides.rows.map((r) => (
        <Paper key={r.language} withBorder p="xs" data-testid={`msg-compare-${r.language}`} data-changed={r.changed}>
          <Group gap="xs" mb={4}>
            <Badge variant={r.language === store.defaultLanguage ? "filled" : "outline"}>{r.language}</Badge>
            <Badge size="xs" variant="light" color={r.changed ? "blue" : "gray"}>
              {status(r, sides.labelA, sides.labelB)}
            </Badge>
          </Group>
          <SimpleGrid cols={2} spacing="sm">
            {([r.a, r.b] as const).map((text, i) => (
              <Box key={i}>
                <Text size="xs" c="dimmed">
                  {i === 0 ? sides.labelA : sides.labelB}
                </Text>
                <Text
                  size="sm"
                  dir={text === null ? undefined : direction(r.language)}
                  style={{ whiteSpace: "pre-wrap", wordBreak: "break-word" }}
                  c={text === null ? "red" : undefined}
                  fs={text === null ? "italic" : undefined}
                  data-testid={`msg-compare-${r.language}-${i === 0 ? "a" : "b"}`}
                >
                  {text === null ? "missing" : <MarkedText runs={i === 0 ? r.marks.before : r.marks.after} side={i === 0 ? "del" : "add"} />}
                </Text>
              </Box>
            ))}
          </SimpleGrid>
          {r.settings.length > 0 && (
            <Box mt={6}>
              <DiffView changes={r.settings} />
            </Box>
          )}
        </Paper>
      ))}
    </Stack>
  );
}
