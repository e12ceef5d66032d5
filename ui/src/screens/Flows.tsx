import { Alert, Badge, Card, Code, Group, ScrollArea, Stack, Table, Tabs, Text, TextInput, Title, Tooltip } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { IconSearch } from "@tabler/icons-react";
import { useMemo, useState } from "react";
import type { FlowSummary } from "../bindings/FlowSummary";
import type { FlowView } from "../bindings/FlowView";
import { commands } from "../bindings/commands";
import { Loaded } from "../components/Loaded";
import { Empty, ErrorAlert, Loading } from "../components/States";
import { TableHead } from "../components/TableHead";
import { FlowGraph } from "../components/FlowGraph";
import { ConfigList, TransitionList } from "../components/SegmentParts";
import { toApiError } from "../lib/errors";
import { incoming, matchSegment, transitionRows } from "../lib/flows";
import { shortTime } from "../lib/messages";

/** The flows that exist; selecting one shows its published graph read-only, its drafts and versions. */
export function FlowsScreen({ initialFlow = null }: { initialFlow?: string | null } = {}) {
  const flows = useQuery({ queryKey: ["flows"], queryFn: () => commands.flowList() });
  const [selected, setSelected] = useState<string | null>(initialFlow);
  return (
    <Stack>
      <Title order={3}>Flows</Title>
      {flows.isPending ? (
        <Loading />
      ) : flows.isError ? (
        <ErrorAlert error={flows.error} onRetry={() => flows.refetch()} />
      ) : flows.data.length === 0 ? (
        <Empty title="No flows yet">
          Import one with <Code>ivr flow import</Code> or open a draft with <Code>ivr flow open</Code>.
        </Empty>
      ) : (
        <>
          <FlowTable flows={flows.data} selected={selected} onSelect={setSelected} />
          {selected && flows.data.find((f) => f.routingId === selected)?.missing ? (
            <MissingFlow summary={flows.data.find((f) => f.routingId === selected)} />
          ) : selected ? (
            <FlowDetail key={selected} routingId={selected} summary={flows.data.find((f) => f.routingId === selected)} />
          ) : (
            <Text size="sm" c="dimmed">
              Select a flow to see its segments, transitions and drafts.
            </Text>
          )}
        </>
      )}
    </Stack>
  );
}

function FlowTable({ flows, selected, onSelect }: { flows: FlowSummary[]; selected: string | null; onSelect: (id: string) => void }) {
  return (
    <Table striped highlightOnHover withTableBorder data-testid="flow-table">
      <TableHead cols={["Routing id", "Live version", "Segments", "Open drafts", "Entry points"]} />
      <Table.Tbody>
        {flows.map((f) => (
          <Table.Tr
            key={f.routingId}
            data-testid={`flow-${f.routingId}`}
            onClick={() => onSelect(f.routingId)}
            style={{ cursor: "pointer", outline: f.routingId === selected ? "2px solid var(--mantine-primary-color-filled)" : undefined, outlineOffset: -2 }}
          >
            <Table.Td style={{ whiteSpace: "nowrap" }}><Code>{f.routingId}</Code></Table.Td>
            <Table.Td>
              {f.missing ? (
                <Badge color="red" variant="light" data-testid={`flow-missing-${f.routingId}`}>missing</Badge>
              ) : f.liveVersion === 0 ? (
                <Text size="sm" c="dimmed">unpublished</Text>
              ) : (
                `v${f.liveVersion}`
              )}
            </Table.Td>
            <Table.Td>{f.publishedSegments}</Table.Td>
            <Table.Td>{f.openDrafts > 0 ? <Badge color="orange" variant="light">{f.openDrafts}</Badge> : 0}</Table.Td>
            <Table.Td><Text size="sm">{f.entries.map((e) => `${e.sourceId} → ${e.initSegment}`).join(", ")}</Text></Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** A flow only routing entries name: it does not exist, so those entries route calls nowhere. */
function MissingFlow({ summary }: { summary?: FlowSummary }) {
  if (!summary) return null;
  return (
    <Alert color="red" title={`No flow ${summary.routingId} exists`} data-testid="flow-missing-detail">
      <Text size="sm">
        Nothing of it is published and it has no draft, yet {summary.entries.length} routing {summary.entries.length === 1 ? "entry points" : "entries point"} at it.
        Calls to them have nowhere to go: create and publish the flow, or point the entries at another flow.
      </Text>
      <Stack gap={2} mt="xs">
        {summary.entries.map((e) => (
          <Text size="sm" key={e.sourceId}>
            <Code>{e.sourceId}</Code> → {e.initSegment}
          </Text>
        ))}
      </Stack>
    </Alert>
  );
}

function FlowDetail({ routingId, summary }: { routingId: string; summary?: FlowSummary }) {
  const view = useQuery({ queryKey: ["flows", "show", routingId], queryFn: () => commands.flowShow({ routingId }) });
  const drafts = useQuery({ queryKey: ["flows", "drafts", routingId], queryFn: () => commands.flowDrafts({ routingId }) });
  const versions = useQuery({ queryKey: ["flows", "versions", routingId], queryFn: () => commands.flowVersions({ routingId }) });
  const entries = useMemo(() => [...new Set((summary?.entries ?? []).map((e) => e.initSegment))], [summary]);

  if (view.isPending) return <Loading label={`Loading ${routingId}…`} />;
  // A flow that only has drafts (nothing published, no routing entry) is NOT_FOUND as a live flow:
  // it is shown as empty, so its drafts stay reachable.
  const draftOnly = view.isError && toApiError(view.error).code === "NOT_FOUND" && (summary?.openDrafts ?? 0) > 0;
  if (view.isError && !draftOnly) return <ErrorAlert error={view.error} onRetry={() => view.refetch()} />;
  const v: FlowView = view.data ?? {
    routingId,
    liveVersion: 0,
    flow: { routingId, segments: [] },
    entries: [],
    revision: "",
    results: {},
    validation: { errors: [], warnings: [] },
  };
  const entrySegments = new Set(entries);
  return (
    <Card withBorder padding="sm" data-testid="flow-detail">
      <Group gap="xs" mb="xs">
        <Code fz="md">{routingId}</Code>
        <Badge variant="light" data-testid="flow-live-version">{v.liveVersion === 0 ? "unpublished" : `live v${v.liveVersion}`}</Badge>
        <Text size="sm" c="dimmed">
          {v.flow.segments.length} segments · {transitionRows(v.flow).length} transitions · read-only view of what is published
        </Text>
        <ValidationBadges view={v} />
      </Group>
      {draftOnly && (
        <Text size="sm" c="dimmed" mb="xs" data-testid="flow-draft-only">
          Nothing of this flow is published yet and no routing entry uses it: only its drafts exist.
        </Text>
      )}
      <Tabs defaultValue={v.liveVersion === 0 ? "drafts" : "segments"} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="segments" data-testid="flow-tab-segments">Segments</Tabs.Tab>
          <Tabs.Tab value="graph" data-testid="flow-tab-graph">Graph</Tabs.Tab>
          <Tabs.Tab value="transitions" data-testid="flow-tab-transitions">Transitions</Tabs.Tab>
          <Tabs.Tab value="drafts" data-testid="flow-tab-drafts">
            Drafts {drafts.data ? `(${drafts.data.length})` : ""}
          </Tabs.Tab>
          <Tabs.Tab value="versions" data-testid="flow-tab-versions">Versions</Tabs.Tab>
          {v.validation.errors.length + v.validation.warnings.length > 0 && (
            <Tabs.Tab value="findings" data-testid="flow-tab-findings">Findings</Tabs.Tab>
          )}
        </Tabs.List>
        <Tabs.Panel value="segments" pt="xs">
          <Segments view={v} entrySegments={entrySegments} />
        </Tabs.Panel>
        <Tabs.Panel value="graph" pt="xs">
          <FlowGraph flow={v.flow} entries={entries} />
        </Tabs.Panel>
        <Tabs.Panel value="transitions" pt="xs">
          <Transitions view={v} />
        </Tabs.Panel>
        <Tabs.Panel value="drafts" pt="xs">
          <Loaded
            q={drafts}
            isEmpty={(d) => d.length === 0}
            empty={
              <Empty title="No open drafts">
                A designer opens one with <Code>ivr flow open {routingId}</Code>.
              </Empty>
            }
          >
            {(list) => (
              <Table striped withTableBorder data-testid="flow-drafts-table">
                <TableHead cols={["Opened by", "Opened (UTC)", "Based on", "Last change", "Description", "Change set"]} />
                <Table.Tbody>
                  {list.map((d) => (
                    <Table.Tr key={d.changeSetId} data-testid="flow-draft-row">
                      <Table.Td>{d.createdBy}</Table.Td>
                      <Table.Td><Text size="xs">{shortTime(d.createdAt)}</Text></Table.Td>
                      <Table.Td>
                        {d.basedOnVersion === null ? "new flow" : `v${d.basedOnVersion}`}
                        {d.basedOnVersion !== null && d.basedOnVersion !== v.liveVersion && (
                          <Badge ml={6} size="xs" color="orange" variant="light">live moved on</Badge>
                        )}
                      </Table.Td>
                      <Table.Td><Text size="xs">{d.updatedAt ? `${shortTime(d.updatedAt)} by ${d.updatedBy ?? "?"}` : "—"}</Text></Table.Td>
                      <Table.Td>{d.description ?? ""}</Table.Td>
                      <Table.Td><Code fz="xs">{d.changeSetId}</Code></Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </Loaded>
        </Tabs.Panel>
        <Tabs.Panel value="versions" pt="xs">
          <Loaded q={versions} isEmpty={(d) => d.length === 0} empty={<Empty title="Never published" />}>
            {(list) => (
              <Table striped withTableBorder data-testid="flow-versions-table">
                <TableHead cols={["Version", "Published (UTC)", "By", "Description"]} />
                <Table.Tbody>
                  {list.map((fv) => (
                    <Table.Tr key={fv.version}>
                      <Table.Td>
                        v{fv.version} {fv.version === v.liveVersion && <Badge size="xs" color="green">live</Badge>}
                      </Table.Td>
                      <Table.Td><Text size="xs">{shortTime(fv.publishedAt)}</Text></Table.Td>
                      <Table.Td>{fv.publishedBy ?? ""}</Table.Td>
                      <Table.Td>{fv.description ?? ""}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </Loaded>
        </Tabs.Panel>
        <Tabs.Panel value="findings" pt="xs">
          <Table withTableBorder data-testid="flow-findings">
            <Table.Tbody>
              {[...v.validation.errors, ...v.validation.warnings].map((f, i) => (
                <Table.Tr key={i}>
                  <Table.Td w={90}><Badge color={f.severity === "error" ? "red" : "yellow"} variant="light">{f.severity}</Badge></Table.Td>
                  <Table.Td>{f.segment && <Code>{f.segment}</Code>}</Table.Td>
                  <Table.Td><Text size="sm">{f.message}</Text></Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Tabs.Panel>
      </Tabs>
    </Card>
  );
}

function ValidationBadges({ view }: { view: FlowView }) {
  const { errors, warnings } = view.validation;
  if (errors.length === 0 && warnings.length === 0) return <Badge color="green" variant="light">valid</Badge>;
  return (
    <>
      {errors.length > 0 && <Badge color="red" variant="light">{errors.length} error{errors.length === 1 ? "" : "s"}</Badge>}
      {warnings.length > 0 && <Badge color="yellow" variant="light">{warnings.length} warning{warnings.length === 1 ? "" : "s"}</Badge>}
    </>
  );
}

function Segments({ view, entrySegments }: { view: FlowView; entrySegments: Set<string> }) {
  const [query, setQuery] = useState("");
  const shown = view.flow.segments.filter((s) => matchSegment(s, query));
  if (view.flow.segments.length === 0) return <Empty title="Nothing published yet" />;
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
      <ScrollArea.Autosize mah={520}>
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
                      {entrySegments.has(s.name) && <Badge size="xs" color="grape">entry</Badge>}
                    </Group>
                    {from.length > 0 && (
                      <Text size="xs" c="dimmed">
                        from {from.join(", ")}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: "nowrap" }}><Text size="sm" c="dimmed">{s.segmentType}</Text></Table.Td>
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

function Transitions({ view }: { view: FlowView }) {
  const rows = transitionRows(view.flow);
  if (rows.length === 0) return <Empty title="No transitions" />;
  return (
    <ScrollArea.Autosize mah={520}>
      <Table striped withTableBorder verticalSpacing={4} data-testid="flow-transitions-table">
        <TableHead cols={["Source", "Result", "Context key", "Target"]} />
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={`${r.source}/${r.result}/${r.contextKey ?? ""}`} data-testid="flow-transition-row">
              <Table.Td><Code>{r.source}</Code></Table.Td>
              <Table.Td>{r.result}</Table.Td>
              <Table.Td>{r.contextKey ?? ""}</Table.Td>
              <Table.Td>
                <Code>{r.target}</Code>
                {r.targetMissing && (
                  <Tooltip label="No segment of this flow has that name">
                    <Badge ml={6} size="xs" color="red">missing</Badge>
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
