import { Code, Text } from "@mantine/core";
import type { Segment } from "../bindings/Segment";
import { configEntries } from "../lib/flows";

/** A segment's configuration, one `key = value` line each. */
export function ConfigList({ segment }: { segment: Segment }) {
  return configEntries(segment).map((c) => (
    <Text key={c.key} size="xs" style={{ wordBreak: "break-word" }}>
      <Text span fw={600} size="xs">{c.key}</Text> = <Code fz="xs">{c.value}</Code>
    </Text>
  ));
}

/** A segment's outgoing transitions, `result → next` each; a segment without any ends the call. */
export function TransitionList({ segment }: { segment: Segment }) {
  if (segment.transitions.length === 0) {
    return (
      <Text size="xs" c="dimmed">
        ends the call
      </Text>
    );
  }
  return segment.transitions.map((t) => (
    <Text key={`${t.result}/${t.contextKey ?? ""}`} size="xs" style={{ whiteSpace: "nowrap" }}>
      {t.result}
      {t.contextKey ? ` [${t.contextKey}]` : ""} → <Code fz="xs">{t.next}</Code>
    </Text>
  ));
}
