import { Badge, Button, Code, Grid, Group, ScrollArea, Select, Stack, Tabs, Text, TextInput, Title } from "@mantine/core";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import type { AuditEntry } from "../bindings/AuditEntry";
import type { AuditSubject } from "../bindings/AuditSubject";
import type { ListAuditRequest } from "../bindings/ListAuditRequest";
import { commands } from "../bindings/commands";
import { DiffView } from "../components/DiffView";
import { PagedTable } from "../components/PagedTable";
import { usePagedFilters } from "../components/paging";
import { diffRecords } from "../lib/diff";
import { fieldErrors, toApiError } from "../lib/errors";
import { parseExact, prettyJson } from "../lib/json";
import { rowKeys } from "../lib/keyboard";
import { qk } from "../lib/queryKeys";
import { formatTime, localInputToUtc, zoneName } from "../lib/time";

/** What the admin searches by: a name they know, or the raw entity id. */
type FindBy = "sourceId" | "messageKey" | "segment" | "entityId";

type Filters = {
  entityType: string | null;
  findBy: FindBy;
  text: string;
  segment: string;
  actor: string;
  action: string | null;
  from: string;
  to: string;
};

const NO_FILTERS: Filters = { entityType: null, findBy: "sourceId", text: "", segment: "", actor: "", action: null, from: "", to: "" };

const FIND_BY: { value: FindBy; label: string; placeholder: string }[] = [
  { value: "sourceId", label: "Routing entry (SourceId)", placeholder: "+3225550100" },
  { value: "messageKey", label: "Message (key)", placeholder: "WELCOME_PROMPT" },
  { value: "segment", label: "Segment (flow + name)", placeholder: "flow, e.g. acme-care-main" },
  { value: "entityId", label: "Entity id", placeholder: "as stored" },
];

/** The subject the backend resolves (null when nothing is typed or searching by raw id). */
function subjectOf(f: Filters): AuditSubject | null {
  const t = f.text.trim();
  if (t === "") return null;
  switch (f.findBy) {
    case "sourceId":
      return { kind: "routingEntry", sourceId: t };
    case "messageKey":
      return { kind: "message", key: t };
    case "segment":
      return f.segment.trim() === "" ? null : { kind: "segment", routingId: t, segment: f.segment.trim() };
    case "entityId":
      return null;
  }
}

export function AuditScreen() {
  const { form, filters, debounced, paging, clear } = usePagedFilters<Filters>(NO_FILTERS, 300);
  const [selected, setSelected] = useState<AuditEntry | null>(null);
  const opt = (s: string) => (s.trim() === "" ? null : s.trim());
  const zone = zoneName();

  const req: ListAuditRequest = {
    entityType: debounced.entityType,
    entityId: debounced.findBy === "entityId" ? opt(debounced.text) : null,
    actor: opt(debounced.actor),
    action: debounced.action,
    // The filters are typed in the same zone the times are shown in.
    from: localInputToUtc(debounced.from),
    to: localInputToUtc(debounced.to),
    subject: subjectOf(debounced),
    offset: paging.offset,
    limit: paging.limit,
  };
  const list = useQuery({ queryKey: qk.audit.list(req), queryFn: () => commands.auditList(req), placeholderData: keepPreviousData });
  const fe = fieldErrors(list.error ? toApiError(list.error) : null);
  // The choices are what the log holds (entity types and actions are added by every area).
  const facets = useQuery({ queryKey: qk.audit.facets(), queryFn: () => commands.auditFacets() });
  const withCurrent = (values: string[] | undefined, current: string | null) => (current && !(values ?? []).includes(current) ? [...(values ?? []), current] : (values ?? []));
  const entityTypes = (facets.data?.entityTypes ?? []).map((e) => ({ value: e.value, label: e.label }));
  const findBy = FIND_BY.find((f) => f.value === filters.findBy) ?? FIND_BY[0];

  // The detail pane shows a row of the list: once a filter drops that row, it closes.
  const items = list.data?.items;
  useEffect(() => {
    if (selected && items && !list.isPlaceholderData && !items.some((i) => i.auditId === selected.auditId)) setSelected(null);
  }, [items, selected, list.isPlaceholderData]);

  return (
    <Stack>
      <Title order={3}>Audit log</Title>
      <Group align="flex-end" wrap="wrap" gap="xs">
        <Select
          label="Find"
          data={FIND_BY.map(({ value, label }) => ({ value, label }))}
          value={filters.findBy}
          onChange={(v) => form.setFieldValue("findBy", (v ?? "sourceId") as FindBy)}
          allowDeselect={false}
          w={200}
          data-testid="audit-find-by"
        />
        <TextInput
          label={filters.findBy === "segment" ? "Flow" : findBy.label.replace(/^.*\((.*)\)$/, "$1")}
          placeholder={findBy.placeholder}
          {...form.getInputProps("text")}
          error={fe.sourceId ?? fe.key ?? fe.routingId}
          w={190}
          data-testid="audit-find"
        />
        {filters.findBy === "segment" && (
          <TextInput label="Segment" placeholder="main_menu" {...form.getInputProps("segment")} error={fe.segment} w={150} data-testid="audit-segment" />
        )}
        <Select label="Entity" placeholder="any" data={entityTypes} {...form.getInputProps("entityType")} clearable searchable w={170} disabled={subjectOf(filters) !== null} data-testid="audit-entity" />
        <Select label="Actor" placeholder="anyone" data={withCurrent(facets.data?.actors, filters.actor || null)} value={filters.actor || null} onChange={(v) => form.setFieldValue("actor", v ?? "")} clearable searchable w={150} data-testid="audit-actor" />
        <Select label="Action" placeholder="any" data={withCurrent(facets.data?.actions, filters.action)} {...form.getInputProps("action")} clearable searchable w={140} data-testid="audit-action" />
        <TextInput type="datetime-local" step={1} label={`From (${zone})`} {...form.getInputProps("from")} error={fe.from} w={205} data-testid="audit-from" />
        <TextInput type="datetime-local" step={1} label={`To (${zone})`} {...form.getInputProps("to")} error={fe.to} w={205} data-testid="audit-to" />
        <Button variant="subtle" data-testid="audit-clear" onClick={clear}>
          Clear
        </Button>
      </Group>
      <Grid>
        <Grid.Col span={selected ? 7 : 12}>
          <PagedTable
            testId="audit-table"
            query={list}
            paging={paging}
            // A refused filter is shown at its input, else above the rows.
            showError={Object.keys(fe).length === 0}
            verticalSpacing={4}
            idAccessor="auditId"
            noRecordsText="No audit entries match"
            onRowClick={({ record }) => setSelected(record)}
            rowAttributes={(r) => ({ ...rowKeys(r, setSelected), "data-testid": `audit-row-${r.auditId}`, "data-entity": `${r.entityType}:${r.entityId}`, "data-action": r.action, "data-actor": r.actor })}
            columns={[
              { accessor: "occurredAt", title: "When", noWrap: true, render: (r) => formatTime(r.occurredAt) },
              { accessor: "actor", title: "Who" },
              { accessor: "environment", title: "Env" },
              { accessor: "entityType", title: "What", render: (r) => `${r.entityLabel} ${r.entityName ?? r.entityId}` },
              { accessor: "action", title: "Action", render: (r) => <Badge variant="light" size="sm">{r.action}</Badge> },
            ]}
          />
        </Grid.Col>
        {selected && (
          <Grid.Col span={5}>
            <Stack gap="xs" data-testid="audit-detail">
              <Group justify="space-between">
                <Text fw={600}>
                  {selected.action} {selected.entityLabel.toLowerCase()} {selected.entityName ?? selected.entityId}
                </Text>
                <Button size="compact-xs" variant="subtle" onClick={() => setSelected(null)}>
                  Close
                </Button>
              </Group>
              <Text size="xs" c="dimmed">
                {formatTime(selected.occurredAt)} by {selected.actor} on {selected.environment}
                {selected.entityName ? ` · id ${selected.entityId}` : ""}
              </Text>
              <Tabs defaultValue="changes" keepMounted={false}>
                <Tabs.List>
                  <Tabs.Tab value="changes">Changes</Tabs.Tab>
                  <Tabs.Tab value="before" data-testid="audit-tab-before">Before</Tabs.Tab>
                  <Tabs.Tab value="after" data-testid="audit-tab-after">After</Tabs.Tab>
                </Tabs.List>
                <Tabs.Panel value="changes" pt="xs">
                  <ScrollArea.Autosize mah={480}>
                    <DiffView changes={diffRecords(asRecord(parseExact(selected.before)), asRecord(parseExact(selected.after)), [])} />
                  </ScrollArea.Autosize>
                </Tabs.Panel>
                {(["before", "after"] as const).map((side) => (
                  <Tabs.Panel value={side} pt="xs" key={side}>
                    <ScrollArea.Autosize mah={480}>
                      {selected[side] == null ? (
                        <Text size="sm" c="dimmed">Nothing ({side === "before" ? "the entity did not exist yet" : "the entity was removed"}).</Text>
                      ) : (
                        <Code block data-testid={`audit-${side}`}>{prettyJson(selected[side])}</Code>
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
