import { Badge, Button, Code, Group, Stack, Table, Text, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { IconPlus } from "@tabler/icons-react";
import { useState } from "react";
import type { FlowSummary } from "../bindings/FlowSummary";
import { commands } from "../bindings/commands";
import { Empty, ErrorAlert, Loading } from "../components/States";
import { TableHead } from "../components/TableHead";
import { loadCatalog } from "../designer/api";
import { NewFlowDialog, type NewFlow } from "../designer/dialogs";
import { CATALOG_KEY, lastOpen } from "../designer/session";
import { Workspace } from "../designer/Workspace";
import { toApiError } from "../lib/errors";
import { useSession } from "../lib/session";

/** The flows that exist; selecting one opens its designer (live read-only, or a draft to edit). */
export function FlowsScreen({ readOnly, openMessages }: { readOnly: boolean; openMessages?: (storeId: number, key: string) => void }) {
  const flows = useQuery({ queryKey: ["flows"], queryFn: () => commands.flowList() });
  const session = useSession();
  const [selected, setSelectedState] = useState<string | null>(lastOpen.routingId);
  const setSelected = (id: string | null) => {
    if (id !== lastOpen.routingId) lastOpen.mode = { kind: "live" };
    lastOpen.routingId = id;
    setSelectedState(id);
  };
  const [newOpen, setNewOpen] = useState(false);
  const qc = useQueryClient();
  const catalog = useQuery({ queryKey: CATALOG_KEY, queryFn: loadCatalog, staleTime: Infinity, enabled: newOpen });
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
      void qc.invalidateQueries({ queryKey: ["flows"] });
    },
  });

  if (selected) {
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
        <Button size="xs" leftSection={<IconPlus size={14} />} disabled={readOnly} onClick={() => setNewOpen(true)} data-testid="flow-new">
          New flow
        </Button>
      </Group>
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
        opened={newOpen}
        onClose={() => setNewOpen(false)}
        catalog={catalog.data}
        onCreate={(f) => create.mutate(f)}
        pending={create.isPending}
        error={create.error ? toApiError(create.error) : null}
      />
    </Stack>
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
              {f.liveVersion === 0 ? (
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
