import { Badge, Button, Code, Group, ScrollArea, Stack, Table, Text, TextInput, Tooltip } from "@mantine/core";
import type { UseQueryResult } from "@tanstack/react-query";
import { IconSearch } from "@tabler/icons-react";
import { useState } from "react";
import type { ChangeSetRow } from "../bindings/ChangeSetRow";
import type { FlowVersion } from "../bindings/FlowVersion";
import type { FlowView } from "../bindings/FlowView";
import { QueryTable } from "../components/QueryTable";
import { ConfigList, TransitionList } from "../components/SegmentParts";
import { Empty } from "../components/States";
import { TableHead } from "../components/TableHead";
import { incoming, matchSegment, transitionRows } from "../lib/flows";
import { shortTime } from "../lib/messages";

/** Every segment as a table row: type, configuration, results → next; filterable. */
export function SegmentsTable({ view, entrySegments }: { view: FlowView; entrySegments: Set<string> }) {
  const [query, setQuery] = useState("");
  const shown = view.flow.segments.filter((s) => matchSegment(s, query));
  if (view.flow.segments.length === 0) return <Empty title="No segments yet" />;
  return (
    <Stack gap="xs">
      <TextInput
        placeholder="Filter by name, type or configuration"
        leftSection={<IconSearch size={16} />}
        value={query}
        onChange={(e) => setQuery(e.currentTarget.value)}
        w={320}
        data-testid="flow-segment-filter"
      />
      <ScrollArea.Autosize mah={560}>
        <Table striped withTableBorder verticalSpacing={4} data-testid="flow-segments-table">
          <TableHead cols={["Segment", "Type", "Configuration", "Results → next"]} />
          <Table.Tbody>
            {shown.map((s) => {
              const from = incoming(view.flow, s.name);
              return (
                <Table.Tr key={s.name} data-testid={`flow-segment-${s.name}`} style={{ verticalAlign: "top" }}>
                  <Table.Td>
                    <Group gap={4}>
                      <Code>{s.name}</Code>
                      {entrySegments.has(s.name) && (
                        <Badge size="xs" color="grape">
                          entry
                        </Badge>
                      )}
                    </Group>
                    {from.length > 0 && (
                      <Text size="xs" c="dimmed">
                        from {from.join(", ")}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: "nowrap" }}>
                    <Text size="sm" c="dimmed">
                      {s.segmentType}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <ConfigList segment={s} />
                  </Table.Td>
                  <Table.Td>
                    <TransitionList segment={s} />
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </ScrollArea.Autosize>
    </Stack>
  );
}

/** Every transition: source, result, context key, target (a missing target is marked). */
export function TransitionsTable({ view }: { view: FlowView }) {
  const rows = transitionRows(view.flow);
  if (rows.length === 0) return <Empty title="No transitions" />;
  return (
    <ScrollArea.Autosize mah={560}>
      <Table striped withTableBorder verticalSpacing={4} data-testid="flow-transitions-table">
        <TableHead cols={["Source", "Result", "Context key", "Target"]} />
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={`${r.source}/${r.result}/${r.contextKey ?? ""}`} data-testid="flow-transition-row">
              <Table.Td>
                <Code>{r.source}</Code>
              </Table.Td>
              <Table.Td>{r.result}</Table.Td>
              <Table.Td>{r.contextKey ?? ""}</Table.Td>
              <Table.Td>
                <Code>{r.target}</Code>
                {r.targetMissing && (
                  <Tooltip label="No segment of this flow has that name">
                    <Badge ml={6} size="xs" color="red">
                      missing
                    </Badge>
                  </Tooltip>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollArea.Autosize>
  );
}

/** The open drafts of a flow: who, when, on which version; any can be opened (one's own is resumed). */
export function DraftsTable({ q, liveVersion, actor, onOpen }: { q: UseQueryResult<ChangeSetRow[]>; liveVersion: number; actor: string; onOpen: (id: string) => void }) {
  return (
    <QueryTable
      q={q}
      empty={<Empty title="No open drafts">Click Edit to open one.</Empty>}
      testId="flow-drafts-table"
      cols={["Opened by", "Opened (UTC)", "Based on", "Last change", "Description", "Change set", ""]}
      row={(d) => (
        <Table.Tr key={d.changeSetId} data-testid="flow-draft-row">
          <Table.Td>{d.createdBy}</Table.Td>
          <Table.Td>
            <Text size="xs">{shortTime(d.createdAt)}</Text>
          </Table.Td>
          <Table.Td>
            {d.basedOnVersion === null ? "new flow" : `v${d.basedOnVersion}`}
            {d.basedOnVersion !== null && d.basedOnVersion !== liveVersion && (
              <Badge ml={6} size="xs" color="orange" variant="light">
                live moved on
              </Badge>
            )}
          </Table.Td>
          <Table.Td>
            <Text size="xs">{d.updatedAt ? `${shortTime(d.updatedAt)} by ${d.updatedBy ?? "?"}` : "—"}</Text>
          </Table.Td>
          <Table.Td>{d.description ?? ""}</Table.Td>
          <Table.Td>
            <Code fz="xs">{d.changeSetId}</Code>
          </Table.Td>
          <Table.Td>
            <Button size="compact-xs" variant="light" onClick={() => onOpen(d.changeSetId)} data-testid={`draft-open-${d.changeSetId}`}>
              {d.createdBy === actor ? "Resume" : "Open"}
            </Button>
          </Table.Td>
        </Table.Tr>
      )}
    />
  );
}

/** Published versions, newest first; any but live can be opened as a draft (rollback). */
export function VersionsTable(props: { q: UseQueryResult<FlowVersion[]>; liveVersion: number; readOnly: boolean; pending: boolean; onRollback: (v: number) => void }) {
  const { q, liveVersion, readOnly, pending, onRollback } = props;
  return (
    <QueryTable
      q={q}
      empty={<Empty title="Never published" />}
      testId="flow-versions-table"
      cols={["Version", "Published (UTC)", "By", "Description", ""]}
      row={(fv) => (
        <Table.Tr key={fv.version} data-testid={`flow-version-${fv.version}`}>
          <Table.Td>
            v{fv.version}{" "}
            {fv.version === liveVersion && (
              <Badge size="xs" color="green">
                live
              </Badge>
            )}
          </Table.Td>
          <Table.Td>
            <Text size="xs">{shortTime(fv.publishedAt)}</Text>
          </Table.Td>
          <Table.Td>{fv.publishedBy ?? ""}</Table.Td>
          <Table.Td>{fv.description ?? ""}</Table.Td>
          <Table.Td>
            {fv.version !== liveVersion && (
              <Tooltip label="Opens a draft holding this version; publish it to roll back">
                <Button size="compact-xs" variant="light" disabled={readOnly} loading={pending} onClick={() => onRollback(fv.version)} data-testid={`rollback-${fv.version}`}>
                  Open as draft
                </Button>
              </Tooltip>
            )}
          </Table.Td>
        </Table.Tr>
      )}
    />
  );
}
