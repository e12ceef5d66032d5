import { Badge, Code, Stack, Table, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { commands } from "../bindings/commands";
import { Empty, ErrorAlert, Loading } from "../components/States";

/** The flows that exist (the designer comes with a later issue). */
export function FlowsScreen() {
  const flows = useQuery({ queryKey: ["flows"], queryFn: () => commands.flowList() });
  return (
    <Stack>
      <Title order={3}>Flows</Title>
      {flows.isPending ? (
        <Loading />
      ) : flows.isError ? (
        <ErrorAlert error={flows.error} onRetry={() => flows.refetch()} />
      ) : flows.data.length === 0 ? (
        <Empty title="No flows yet" />
      ) : (
        <Table striped withTableBorder data-testid="flow-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Routing id</Table.Th>
              <Table.Th>Live version</Table.Th>
              <Table.Th>Segments</Table.Th>
              <Table.Th>Open drafts</Table.Th>
              <Table.Th>Entry points</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {flows.data.map((f) => (
              <Table.Tr key={f.routingId} data-testid={`flow-${f.routingId}`}>
                <Table.Td><Code>{f.routingId}</Code></Table.Td>
                <Table.Td>{f.liveVersion === 0 ? <Text size="sm" c="dimmed">unpublished</Text> : f.liveVersion}</Table.Td>
                <Table.Td>{f.publishedSegments}</Table.Td>
                <Table.Td>{f.openDrafts > 0 ? <Badge color="orange" variant="light">{f.openDrafts}</Badge> : 0}</Table.Td>
                <Table.Td><Text size="sm">{f.entries.map((e) => `${e.sourceId} → ${e.initSegment}`).join(", ")}</Text></Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
