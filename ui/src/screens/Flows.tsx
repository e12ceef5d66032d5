import { Alert, Badge, Button, Code, Group, Stack, Table, Text, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { IconArrowLeft, IconPlus } from "@tabler/icons-react";
import { useState } from "react";
import type { FlowSummary } from "../bindings/FlowSummary";
import { commands } from "../bindings/commands";
import { Empty, ErrorAlert, Loading } from "../components/States";
import { TableHead } from "../components/TableHead";
import { loadCatalog } from "../designer/api";
import { NewFlowDialog, type NewFlow } from "../designer/dialogs";
import { lastOpen, openTarget, type FlowTarget } from "../designer/session";
import { qk } from "../lib/queryKeys";
import { Workspace } from "../designer/Workspace";
import { toApiError } from "../lib/errors";
import { useSession } from "../lib/session";

type Props = {
  readOnly: boolean;
  /** A flow to open at once (from the Routing or Messages screen); otherwise the last open one. */
  initialFlow?: FlowTarget | null;
  openMessages?: (storeId: number, key: string) => void;
};

/** The flows that exist; selecting one opens its designer (live read-only, or a draft to edit). */
export function FlowsScreen({ readOnly, initialFlow = null, openMessages }: Props) {
  const flows = useQuery({ queryKey: qk.flows.list(), queryFn: () => commands.flowList() });
  const session = useSession();
  const [selected, setSelectedState] = useState<string | null>(() => {
    if (initialFlow) openTarget(initialFlow);
    return lastOpen.routingId;
  });
  const setSelected = (id: string | null) => {
    if (id !== lastOpen.routingId) lastOpen.mode = { kind: "live" };
    lastOpen.routingId = id;
    setSelectedState(id);
  };
  const [newOpen, setNewOpen] = useState<false | { routingId: string; entryName: string } | null>(false);
  const qc = useQueryClient();
  const catalog = useQuery({ queryKey: qk.flows.catalog(), queryFn: loadCatalog, staleTime: Infinity, enabled: newOpen !== false });
  const create = useMutation({
    mutationFn: (f: NewFlow) =>
      commands.flowCreate({
        routingId: f.routingId,
        entry: { name: f.entryName, segmentType: f.entryType, config: {}, ui: { x: 0, y: 0, collapsed: false } },
        description: "new flow",
        routingEntry: f.routingEntry,
      }),
    onSuccess: ({ view }) => {
      setNewOpen(false);
      lastOpen.routingId = view.routingId;
      lastOpen.mode = view.draft ? { kind: "draft", changeSetId: view.draft.changeSetId } : { kind: "live" };
      setSelectedState(view.routingId);
      void qc.invalidateQueries({ queryKey: qk.flows.all() });
    },
  });

  const missing = selected ? flows.data?.find((f) => f.routingId === selected && f.missing) : undefined;
  if (selected && flows.isPending) return <Loading label={`Loading ${selected}…`} />;
  if (selected && !missing) {
    return (
      <Workspace
        key={selected}
        routingId={selected}
        readOnly={readOnly}
        actor={session.data?.actor ?? ""}
        onBack={() => setSelected(null)}
        openMessages={openMessages}
      />
    );
  }
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={3}>Flows</Title>
        <Button size="xs" leftSection={<IconPlus size={14} />} disabled={readOnly} onClick={() => setNewOpen(null)} data-testid="flow-new">
          New flow
        </Button>
      </Group>
      {missing && (
        <MissingFlow
          summary={missing}
          readOnly={readOnly}
          onCreate={() => setNewOpen({ routingId: missing.routingId, entryName: missing.entries[0]?.initSegment ?? "start" })}
          onBack={() => setSelected(null)}
        />
      )}
      {flows.isPending ? (
        <Loading />
      ) : flows.isError ? (
        <ErrorAlert error={flows.error} onRetry={() => flows.refetch()} />
      ) : flows.data.length === 0 ? (
        <Empty title="No flows yet">Create one with New flow.</Empty>
      ) : (
        <FlowTable flows={flows.data} onSelect={setSelected} />
      )}
      <NewFlowDialog
        key={newOpen ? newOpen.routingId : ""}
        opened={newOpen !== false}
        onClose={() => setNewOpen(false)}
        catalog={catalog.data}
        onCreate={(f) => create.mutate(f)}
        pending={create.isPending}
        error={create.error ? toApiError(create.error) : null}
        initial={newOpen || undefined}
      />
    </Stack>
  );
}

/** A flow only routing entries name: it does not exist, so those entries route calls nowhere. */
function MissingFlow({ summary, readOnly, onCreate, onBack }: { summary: FlowSummary; readOnly: boolean; onCreate: () => void; onBack: () => void }) {
  return (
    <Alert color="red" title={`No flow ${summary.routingId} exists`} data-testid="flow-missing-detail">
      <Text size="sm">
        {summary.entries.length === 0 ? (
          // What is left when the only draft of a never-published flow was discarded.
          <>Nothing of it is published, it has no open draft and no routing entry uses it.</>
        ) : (
          <>
            Nothing of it is published and it has no draft, yet {summary.entries.length} routing {summary.entries.length === 1 ? "entry points" : "entries point"} at it.
            Calls to them have nowhere to go: create and publish the flow, or point the entries at another flow.
          </>
        )}
      </Text>
      <Stack gap={2} mt="xs">
        {summary.entries.map((e) => (
          <Text size="sm" key={e.sourceId}>
            <Code>{e.sourceId}</Code> → {e.initSegment}
          </Text>
        ))}
      </Stack>
      <Group mt="xs" gap="xs">
        <Button size="compact-sm" variant="subtle" leftSection={<IconArrowLeft size={14} />} onClick={onBack} data-testid="flow-back">
          Flows
        </Button>
        <Button size="compact-sm" disabled={readOnly} onClick={onCreate} data-testid="flow-missing-create">
          Create {summary.routingId}
        </Button>
      </Group>
    </Alert>
  );
}

function FlowTable({ flows, onSelect }: { flows: FlowSummary[]; onSelect: (id: string) => void }) {
  return (
    <Table striped highlightOnHover withTableBorder data-testid="flow-table">
      <TableHead cols={["Routing id", "Live version", "Segments", "Open drafts", "Entry points"]} />
      <Table.Tbody>
        {flows.map((f) => (
          <Table.Tr key={f.routingId} data-testid={`flow-${f.routingId}`} onClick={() => onSelect(f.routingId)} style={{ cursor: "pointer" }}>
            <Table.Td style={{ whiteSpace: "nowrap" }}>
              <Code>{f.routingId}</Code>
            </Table.Td>
            <Table.Td>
              {f.missing ? (
                <Badge color="red" variant="light" data-testid={`flow-missing-${f.routingId}`}>
                  missing
                </Badge>
              ) : f.liveVersion === 0 ? (
                <Text size="sm" c="dimmed">
                  unpublished
                </Text>
              ) : (
                `v${f.liveVersion}`
              )}
            </Table.Td>
            <Table.Td>{f.publishedSegments}</Table.Td>
            <Table.Td>
              {f.openDrafts > 0 ? (
                <Badge color="orange" variant="light">
                  {f.openDrafts}
                </Badge>
              ) : (
                0
              )}
            </Table.Td>
            <Table.Td>
              <Text size="sm">{f.entries.map((e) => `${e.sourceId} → ${e.initSegment}`).join(", ")}</Text>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
