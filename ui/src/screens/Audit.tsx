import { Badge, Button, Code, Grid, Group, ScrollArea, Select, Stack, Tabs, Text, TextInput, Title } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { DataTable } from "mantine-datatable";
import { useState } from "react";
import type { AuditEntry } from "../bindings/AuditEntry";
import { commands } from "../bindings/commands";
import { DiffView } from "../components/DiffView";
import { ErrorAlert } from "../components/States";
import { diffRecords } from "../lib/diff";
import { fieldErrors, toApiError } from "../lib/errors";

const PAGE_SIZES = [25, 50, 100];

type Filters = { entityType: string | null; entityId: string; actor: string; action: string | null; from: string; to: string };

/** datetime-local gives local time without a zone; the backend wants ISO-8601 UTC. */
function toUtc(local: string): string | null {
  if (local.trim() === "") return null;
  const d = new Date(local);
  return Number.isNaN(d.getTime()) ? local : d.toISOString();
}

export function AuditScreen() {
  const [filters, setFilters] = useState<Filters>({ entityType: null, entityId: "", actor: "", action: null, from: "", to: "" });
  const [debounced] = useDebouncedValue(filters, 300);
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(PAGE_SIZES[0]);
  const [selected, setSelected] = useState<AuditEntry | null>(null);
  const set = <K extends keyof Filters>(k: K, v: Filters[K]) => {
    setFilters((f) => ({ ...f, [k]: v }));
    setPage(1);
  };
  const opt = (s: string) => (s.trim() === "" ? null : s.trim());

  const list = useQuery({
    queryKey: ["audit", debounced, page, pageSize],
    queryFn: () =>
      commands.auditList({
        entityType: debounced.entityType,
        entityId: opt(debounced.entityId),
        actor: opt(debounced.actor),
        action: debounced.action,
        from: toUtc(debounced.from),
        to: toUtc(debounced.to),
        offset: (page - 1) * pageSize,
        limit: pageSize,
      }),
    placeholderData: keepPreviousData,
  });
  const fe = fieldErrors(list.error ? toApiError(list.error) : null);
  // The choices are what the log holds (entity types and actions are added by every area).
  const facets = useQuery({ queryKey: ["audit", "facets"], queryFn: () => commands.auditFacets() });
  const withCurrent = (values: string[] | undefined, current: string | null) => (current && !(values ?? []).includes(current) ? [...(values ?? []), current] : (values ?? []));

  return (
    <Stack>
      <Title order={3}>Audit log</Title>
      <Group align="flex-end" wrap="wrap">
        <Select label="Entity" placeholder="any" data={withCurrent(facets.data?.entityTypes, filters.entityType)} value={filters.entityType} onChange={(v) => set("entityType", v)} clearable searchable w={170} data-testid="audit-entity" />
        <TextInput label="Entity id" value={filters.entityId} onChange={(e) => set("entityId", e.currentTarget.value)} w={150} data-testid="audit-entity-id" />
        <Select label="Actor" placeholder="anyone" data={withCurrent(facets.data?.actors, filters.actor || null)} value={filters.actor || null} onChange={(v) => set("actor", v ?? "")} clearable searchable w={170} data-testid="audit-actor" />
        <Select label="Action" placeholder="any" data={withCurrent(facets.data?.actions, filters.action)} value={filters.action} onChange={(v) => set("action", v)} clearable searchable w={150} data-testid="audit-action" />
        <TextInput type="datetime-local" step={1} label="From (local time)" value={filters.from} onChange={(e) => set("from", e.currentTarget.value)} error={fe.from} w={210} data-testid="audit-from" />
        <TextInput type="datetime-local" step={1} label="To (local time)" value={filters.to} onChange={(e) => set("to", e.currentTarget.value)} error={fe.to} w={210} data-testid="audit-to" />
        <Button variant="subtle" data-testid="audit-clear" onClick={() => { setFilters({ entityType: null, entityId: "", actor: "", action: null, from: "", to: "" }); setPage(1); }}>
          Clear
        </Button>
      </Group>
      {list.isError && Object.keys(fe).length === 0 && <ErrorAlert error={list.error} onRetry={() => list.refetch()} />}
      <Grid>
        <Grid.Col span={selected ? 7 : 12}>
          <DataTable
            data-testid="audit-table"
            withTableBorder
            striped
            highlightOnHover
            minHeight={180}
            fetching={list.isFetching}
            records={list.data?.items ?? []}
            idAccessor="auditId"
            totalRecords={list.data?.total ?? 0}
            recordsPerPage={pageSize}
            page={page}
            onPageChange={setPage}
            recordsPerPageOptions={PAGE_SIZES}
            onRecordsPerPageChange={(n) => { setPageSize(n); setPage(1); }}
            noRecordsText="No audit entries match"
            onRowClick={({ record }) => setSelected(record)}
            customRowAttributes={(r) => ({ "data-testid": `audit-row-${r.auditId}`, "data-entity": `${r.entityType}:${r.entityId}`, "data-action": r.action, "data-actor": r.actor })}
            columns={[
              { accessor: "occurredAt", title: "When", render: (r) => <Text size="xs">{r.occurredAt.replace("T", " ").slice(0, 19)}</Text> },
              { accessor: "actor", title: "Who" },
              { accessor: "environment", title: "Env" },
              { accessor: "entityType", title: "Entity", render: (r) => <Text size="sm">{r.entityType} <Code>{r.entityId}</Code></Text> },
              { accessor: "action", title: "Action", render: (r) => <Badge variant="light" size="sm">{r.action}</Badge> },
            ]}
          />
        </Grid.Col>
        {selected && (
          <Grid.Col span={5}>
            <Stack gap="xs" data-testid="audit-detail">
              <Group justify="space-between">
                <Text fw={600}>
                  {selected.action} {selected.entityType} {selected.entityId}
                </Text>
                <Button size="compact-xs" variant="subtle" onClick={() => setSelected(null)}>
                  Close
                </Button>
              </Group>
              <Text size="xs" c="dimmed">
                {selected.occurredAt} by {selected.actor} on {selected.environment}
              </Text>
              <Tabs defaultValue="changes" keepMounted={false}>
                <Tabs.List>
                  <Tabs.Tab value="changes">Changes</Tabs.Tab>
                  <Tabs.Tab value="before" data-testid="audit-tab-before">Before</Tabs.Tab>
                  <Tabs.Tab value="after" data-testid="audit-tab-after">After</Tabs.Tab>
                </Tabs.List>
                <Tabs.Panel value="changes" pt="xs">
                  <ScrollArea.Autosize mah={480}>
                    <DiffView changes={diffRecords(asRecord(selected.before), asRecord(selected.after), [])} />
                  </ScrollArea.Autosize>
                </Tabs.Panel>
                {(["before", "after"] as const).map((side) => (
                  <Tabs.Panel value={side} pt="xs" key={side}>
                    <ScrollArea.Autosize mah={480}>
                      {selected[side] == null ? (
                        <Text size="sm" c="dimmed">Nothing ({side === "before" ? "the entity did not exist yet" : "the entity was removed"}).</Text>
                      ) : (
                        <Code block data-testid={`audit-${side}`}>{JSON.stringify(selected[side], null, 2)}</Code>
                      )}
                    </ScrollArea.Autosize>
                  </Tabs.Panel>
                ))}
              </Tabs>
            </Stack>
          </Grid.Col>
        )}
      </Grid>
    </Stack>
  );
}

function asRecord(v: unknown): Record<string, unknown> | null {
  if (v && typeof v === "object" && !Array.isArray(v)) return v as Record<string, unknown>;
  if (v === null || v === undefined) return null;
  return { value: v };
}
