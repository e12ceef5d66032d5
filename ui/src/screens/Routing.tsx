import { Alert, Autocomplete, Badge, Button, Drawer, Group, ScrollArea, Select, Stack, Switch, Table, Text, TextInput, Title, Tooltip } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useDebouncedValue, useHotkeys } from "@mantine/hooks";
import { modals } from "@mantine/modals";
import { notifications } from "@mantine/notifications";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { IconAlertTriangle, IconExternalLink, IconHistory, IconPencil, IconPlus, IconSearch, IconTrash } from "@tabler/icons-react";
import { type DataTableSortStatus } from "mantine-datatable";
import { useRef, useState } from "react";
import type { ApiError } from "../bindings/ApiError";
import type { ListRoutingRequest } from "../bindings/ListRoutingRequest";
import type { RoutingEntry } from "../bindings/RoutingEntry";
import type { RoutingHistoryItem } from "../bindings/RoutingHistoryItem";
import type { RoutingListItem } from "../bindings/RoutingListItem";
import type { RoutingSaved } from "../bindings/RoutingSaved";
import type { RoutingSortColumn } from "../bindings/RoutingSortColumn";
import type { RoutingWarning } from "../bindings/RoutingWarning";
import { commands } from "../bindings/commands";
import { DiffView } from "../components/DiffView";
import { FormActions } from "../components/FormActions";
import { FormDialog } from "../components/FormDialog";
import { JsonEditor } from "../components/JsonEditor";
import { PagedTable } from "../components/PagedTable";
import { usePagedFilters } from "../components/paging";
import { ErrorAlert } from "../components/States";
import { diffRecords } from "../lib/diff";
import { detailOf, toApiError } from "../lib/errors";
import { placeServerErrors, sameNames } from "../lib/formErrors";
import { errorText } from "../lib/remedy";
import { rowKeys } from "../lib/keyboard";
import { conflictChanges, emptyRoutingForm, formFromEntry, formToFields, type RoutingForm } from "../lib/routingForm";
import { qk, refresh } from "../lib/queryKeys";
import { formatTime } from "../lib/time";

const SORT_COLUMN: Record<RoutingSortColumn, RoutingSortColumn> = { sourceId: "sourceId", routingId: "routingId" };

function WarningBadge({ warnings }: { warnings: RoutingWarning[] }) {
  if (warnings.length === 0) return null;
  const label = warnings[0].code === "FLOW_MISSING" ? "no flow" : "no segment";
  return (
    <Tooltip label={warnings.map((w) => w.message).join("\n")} multiline w={320} withinPortal>
      <Badge size="sm" color="orange" variant="light" leftSection={<IconAlertTriangle size={10} />} data-testid="routing-warning">
        {label}
      </Badge>
    </Tooltip>
  );
}

export function RoutingScreen({ readOnly, onOpenFlow }: { readOnly: boolean; onOpenFlow?: (routingId: string) => void }) {
  const qc = useQueryClient();
  const { form, filters, debounced, paging } = usePagedFilters({ search: "", includeDeleted: false });
  const [sort, setSort] = useState<DataTableSortStatus<RoutingListItem>>({ columnAccessor: "sourceId", direction: "asc" });
  const [editing, setEditing] = useState<RoutingEntry | "new" | null>(null);
  const [historyOf, setHistoryOf] = useState<RoutingEntry | null>(null);
  const searchRef = useRef<HTMLInputElement>(null);

  const sortKey = (sort.columnAccessor as RoutingSortColumn) in SORT_COLUMN ? (sort.columnAccessor as RoutingSortColumn) : "sourceId";
  const req: ListRoutingRequest = {
    search: debounced.search.trim() === "" ? null : debounced.search.trim(),
    companyProjectId: null,
    includeInactive: filters.includeDeleted,
    sort: { column: SORT_COLUMN[sortKey], descending: sort.direction === "desc" },
    offset: paging.offset,
    limit: paging.limit,
  };
  const list = useQuery({ queryKey: qk.routing.list(req), queryFn: () => commands.routingList(req), placeholderData: keepPreviousData });

  useHotkeys([["mod+N", () => !readOnly && setEditing("new")], ["mod+F", () => searchRef.current?.focus()]], []);
  useHotkeys([["/", () => searchRef.current?.focus()]]);
  // Enter on a row: edit it when it can be edited, else its history.
  const openRow = (r: RoutingEntry) => (readOnly || !r.isActive ? setHistoryOf(r) : setEditing(r));

  const del = useMutation({
    mutationFn: (e: RoutingEntry) => commands.routingDelete({ routingTableId: e.routingTableId, rowVersion: e.rowVersion }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: qk.routing.all() });
      notifications.show({ title: "Deleted", message: "The routing entry is deactivated; its history keeps every version." });
    },
    onError: (e) => notifications.show({ color: "red", title: "Not deleted", message: errorText(toApiError(e)) }),
  });

  const confirmDelete = (e: RoutingEntry) =>
    modals.openConfirmModal({
      title: "Delete routing entry?",
      children: (
        <Text size="sm">
          <b>{e.sourceId}</b> → {e.routingId} stops routing calls. It stays in the history and can be restored.
        </Text>
      ),
      labels: { confirm: "Delete", cancel: "Cancel" },
      confirmProps: { color: "red", "data-testid": "confirm-delete" } as Record<string, string>,
      onConfirm: () => del.mutate(e),
    });

  return (
    <Stack gap="xs">
      <Group justify="space-between">
        <Title order={3}>Routing table</Title>
        <Tooltip label={readOnly ? "Read-only: unlock the environment to write" : "New entry (Ctrl+N)"}>
          <Button leftSection={<IconPlus size={16} />} disabled={readOnly} onClick={() => setEditing("new")} data-testid="routing-new">
            New entry
          </Button>
        </Tooltip>
      </Group>
      {readOnly && (
        <Alert color="gray" data-testid="routing-read-only" py={6}>
          This environment is read-only. Unlock it in the banner to create, edit or delete.
        </Alert>
      )}
      <Group>
        <TextInput
          ref={searchRef}
          placeholder="Search source, flow, segment… ( / )"
          leftSection={<IconSearch size={16} />}
          {...form.getInputProps("search")}
          w={320}
          size="xs"
          data-testid="routing-search"
          // "true" once the rows answer what is typed (debounce passed, no fetch in flight).
          data-settled={filters.search === debounced.search && !list.isFetching}
        />
        <Switch size="xs" label="Show deleted" {...form.getInputProps("includeDeleted", { type: "checkbox" })} />
      </Group>
      <PagedTable
          testId="routing-table"
          query={list}
          paging={paging}
          // A fixed height keeps the header in place while the rows scroll (and the pager in view).
          height="calc(100vh - 270px)"
          minHeight={200}
          verticalSpacing={4}
          fz="sm"
          pinLastColumn
          idAccessor="routingTableId"
          sort={{ status: sort, onChange: (s) => { setSort(s); paging.first(); } }}
          noRecordsText={debounced ? "No entry matches the search" : "No routing entries yet"}
          rowAttributes={(r) => ({ ...rowKeys(r, openRow), "data-testid": `routing-row-${r.sourceId}`, "data-warning": r.warnings.map((w) => w.code).join(" ") })}
          columns={[
            // Long values are cut to one line (`ellipsis`); the whole value is the cell's tooltip.
            { accessor: "sourceId", title: "Source", sortable: true, width: "22%", ellipsis: true, customCellAttributes: (r) => ({ title: r.sourceId }) },
            { accessor: "routingId", title: "Flow", sortable: true, width: "18%", ellipsis: true, customCellAttributes: (r) => ({ title: r.routingId }) },
            { accessor: "initSegment", title: "First segment", width: "15%", ellipsis: true, customCellAttributes: (r) => ({ title: r.initSegment }) },
            { accessor: "languageCode", title: "Lang", width: 70, noWrap: true },
            {
              accessor: "projectDisplayName",
              title: "Project",
              width: "15%",
              ellipsis: true,
              render: (r) => `${r.projectDisplayName} (${r.customerId}/${r.projectId})`,
              customCellAttributes: (r) => ({ title: `${r.projectDisplayName} (${r.customerId}/${r.projectId})` }),
            },
            {
              accessor: "isActive",
              title: "State",
              width: 120,
              noWrap: true,
              render: (r) =>
                !r.isActive ? (
                  <Badge size="sm" color="gray">deleted</Badge>
                ) : r.warnings.length > 0 ? (
                  <WarningBadge warnings={r.warnings} />
                ) : (
                  <Badge size="sm" color="green" variant="light">active</Badge>
                ),
            },
            {
              accessor: "updatedAt",
              title: "Changed",
              width: "14%",
              ellipsis: true,
              render: (r) => `${formatTime(r.updatedAt ?? r.createdAt)} · ${r.updatedBy ?? r.createdBy}`,
              customCellAttributes: (r) => ({ title: `${formatTime(r.updatedAt ?? r.createdAt)} by ${r.updatedBy ?? r.createdBy}` }),
            },
            {
              accessor: "actions",
              title: "",
              textAlign: "right",
              width: 96,
              render: (r) => (
                <Group gap={2} justify="flex-end" wrap="nowrap">
                  <Tooltip label="History" withinPortal>
                    <Button size="compact-xs" variant="subtle" px={4} aria-label={`History of ${r.sourceId}`} onClick={() => setHistoryOf(r)} data-testid={`routing-history-${r.sourceId}`}>
                      <IconHistory size={14} />
                    </Button>
                  </Tooltip>
                  <Tooltip label="Edit" withinPortal>
                    <Button size="compact-xs" variant="subtle" px={4} aria-label={`Edit ${r.sourceId}`} disabled={readOnly || !r.isActive} onClick={() => setEditing(r)} data-testid={`routing-edit-${r.sourceId}`}>
                      <IconPencil size={14} />
                    </Button>
                  </Tooltip>
                  <Tooltip label="Delete" withinPortal>
                    <Button size="compact-xs" variant="subtle" px={4} color="red" aria-label={`Delete ${r.sourceId}`} disabled={readOnly || !r.isActive} onClick={() => confirmDelete(r)} data-testid={`routing-delete-${r.sourceId}`}>
                      <IconTrash size={14} />
                    </Button>
                  </Tooltip>
                </Group>
              ),
            },
          ]}
        />
      {editing !== null && <RoutingEditor entry={editing === "new" ? null : editing} onClose={() => setEditing(null)} />}
      <HistoryDrawer
        // The row as last listed, so a restore carries the row version the screen shows.
        entry={historyOf ? (list.data?.items.find((i) => i.routingTableId === historyOf.routingTableId) ?? historyOf) : null}
        readOnly={readOnly}
        onClose={() => setHistoryOf(null)}
        onOpenFlow={onOpenFlow}
      />
    </Stack>
  );
}

/** Says what a save left pointing at nothing (the backend's warnings). */
function notifySaved(saved: RoutingSaved, created: boolean) {
  if (saved.warnings.length > 0) {
    notifications.show({
      color: "orange",
      autoClose: 12000,
      title: `${created ? "Created" : "Saved"} with a warning`,
      message: saved.warnings.map((w) => w.message).join("\n"),
      className: "routing-saved-warning",
    });
    return;
  }
  notifications.show({ color: "green", title: created ? "Created" : "Saved", message: `${saved.sourceId} → ${saved.routingId}` });
}

/** The routing form's inputs carry the backend's field names. */
const ROUTING_FIELDS = sameNames("sourceId", "routingId", "companyProjectId", "messageStoreId", "languageCode", "initSegment", "config", "featureFlags");
/** A form the request cannot carry (JSON that does not parse, a missing id): not sent, its fields are marked. */
const UNSENT: ApiError = { code: "VALIDATION", message: "Fix the marked fields; nothing was saved.", detail: null };

/** Create or edit. On CONFLICT the user's input stays and the server's current version is shown. */
function RoutingEditor({ entry, onClose }: { entry: RoutingEntry | null; onClose: () => void }) {
  const qc = useQueryClient();
  const initial = entry ? formFromEntry(entry) : emptyRoutingForm();
  const form = useForm<RoutingForm>({ mode: "controlled", initialValues: initial });
  const values = form.values;
  const [base, setBase] = useState<RoutingEntry | null>(entry);
  const [conflict, setConflict] = useState<RoutingEntry | null>(null);
  const dicts = useQuery({ queryKey: qk.dict(), queryFn: () => commands.dictAll() });
  const stores = useQuery({ queryKey: qk.messages.stores(), queryFn: () => commands.messagesStoreList() });
  const flows = useQuery({ queryKey: qk.flows.list(), queryFn: () => commands.flowList() });
  const [flowTyped] = useDebouncedValue(values.routingId.trim(), 250);
  const segments = useQuery({
    queryKey: qk.routing.segments(flowTyped),
    queryFn: () => commands.routingSegmentChoices({ routingId: flowTyped }),
    enabled: flowTyped !== "",
  });

  const save = useMutation({
    mutationFn: async (f: RoutingForm) => {
      const r = formToFields(f);
      if (!r.ok) {
        form.setErrors(r.errors);
        throw UNSENT;
      }
      return base
        ? commands.routingUpdate({ routingTableId: base.routingTableId, rowVersion: base.rowVersion, ...r.fields })
        : commands.routingCreate(r.fields);
    },
    onSuccess: (saved) => {
      refresh.routing(qc);
      notifySaved(saved, base === null);
      onClose();
    },
    onError: (e) => {
      if ((e as unknown) !== UNSENT) placeServerErrors(form, e, ROUTING_FIELDS);
      const err = toApiError(e);
      if (err.code === "CONFLICT" && base) {
        // Someone else saved first: the error carries what they saved; the user's input stays.
        const current = detailOf(err).current as RoutingEntry | undefined;
        if (current && current.routingTableId === base.routingTableId) setConflict(current);
      }
    },
  });

  const err = save.error ? toApiError(save.error) : null;
  // Only text is set as an error here (the local checks and the backend's messages).
  const fe = (k: keyof RoutingForm) => form.errors[k] as string | undefined;
  const set = (k: keyof RoutingForm) => (v: string) => form.setFieldValue(k, v);

  // Pickers: every choice comes from the backend's dictionaries, stores, flows and segments.
  const withCurrent = (data: { value: string; label: string }[], current: string, label: string) =>
    current !== "" && !data.some((d) => d.value === current) ? [...data, { value: current, label }] : data;
  const projects = withCurrent(
    (dicts.data?.companyProjects ?? []).filter((p) => p.isActive).map((p) => ({ value: String(p.companyProjectId), label: `${p.displayName} — ${p.customerId}/${p.projectId}` })),
    values.companyProjectId,
    `company project ${values.companyProjectId} (inactive or unknown)`,
  );
  const languages = withCurrent(
    (dicts.data?.languages ?? []).filter((l) => l.isActive).map((l) => ({ value: l.languageCode, label: `${l.languageCode} — ${l.displayName}` })),
    values.languageCode,
    `${values.languageCode} (inactive or unknown)`,
  );
  const projectStores = withCurrent(
    (stores.data ?? []).filter((s) => s.isActive && String(s.companyProjectId) === values.companyProjectId).map((s) => ({ value: String(s.id), label: s.name })),
    values.messageStoreId,
    `message store ${values.messageStoreId} (another project's, inactive or unknown)`,
  );
  const flowNames = (flows.data ?? []).filter((f) => !f.missing).map((f) => f.routingId);
  const isNewFlow = values.routingId.trim() !== "" && flows.isSuccess && !flowNames.includes(values.routingId.trim());
  const seg = segments.data;
  const segmentData = seg
    ? [
        ...(seg.published.length ? [{ group: "Published", items: seg.published }] : []),
        ...(seg.draftOnly.length ? [{ group: "Only in an open draft", items: seg.draftOnly }] : []),
      ]
    : [];
  const segmentKnown = !seg || !seg.flowExists || seg.published.includes(values.initSegment) || seg.draftOnly.includes(values.initSegment) || values.initSegment.trim() === "";

  return (
    <FormDialog dirty={form.isDirty()} onClose={onClose} onSave={() => save.mutate(values)} size="xl" title={entry ? `Edit ${entry.sourceId}` : "New routing entry"} data-testid="routing-editor">
      <form onSubmit={form.onSubmit((v) => save.mutate(v))}>
        <Stack gap="sm">
          {conflict && (
            <Alert color="orange" title="Changed by someone else since you opened it" data-testid="routing-conflict">
              <Text size="sm" mb="xs">
                {conflict.updatedBy ?? conflict.createdBy} saved at {formatTime(conflict.updatedAt ?? conflict.createdAt)}. What they changed since you opened it (your input below is kept):
              </Text>
              <ScrollArea.Autosize mah={200}>
                {base && <DiffView changes={conflictChanges(base, conflict)} />}
              </ScrollArea.Autosize>
              <Group mt="xs">
                <Button size="xs" color="orange" onClick={() => { setBase(conflict); setConflict(null); save.reset(); }} data-testid="conflict-keep-mine">
                  Keep my input (save over theirs)
                </Button>
                <Button size="xs" variant="default" onClick={() => { form.setValues(formFromEntry(conflict)); setBase(conflict); setConflict(null); save.reset(); }}>
                  Discard mine, load theirs
                </Button>
              </Group>
            </Alert>
          )}
          <Group grow align="flex-start">
            <TextInput data-autofocus label="Source id" description="The entry point (e.g. a dialled number)" withAsterisk value={values.sourceId} onChange={(e) => set("sourceId")(e.currentTarget.value)} error={fe("sourceId")} data-testid="field-sourceId" />
            <Select
              label="Company project"
              description="Customer / project"
              withAsterisk
              searchable
              data={projects}
              value={values.companyProjectId || null}
              onChange={(v) => {
                form.setFieldValue("companyProjectId", v ?? "");
                form.setFieldValue("messageStoreId", "");
              }}
              error={fe("companyProjectId")}
              nothingFoundMessage="No active company project matches"
              data-testid="field-companyProjectId"
            />
          </Group>
          <Group grow align="flex-start">
            <Autocomplete
              label="Flow"
              description={isNewFlow ? undefined : "An existing flow, or type the name of a new one"}
              withAsterisk
              data={flowNames}
              value={values.routingId}
              onChange={set("routingId")}
              error={fe("routingId")}
              data-testid="field-routingId"
            />
            <Autocomplete
              label="First segment"
              description={seg?.flowExists ? "From the flow's published segments (or an open draft)" : "The flow has no segments yet"}
              withAsterisk
              data={segmentData}
              value={values.initSegment}
              onChange={set("initSegment")}
              error={fe("initSegment")}
              data-testid="field-initSegment"
            />
          </Group>
          {isNewFlow && (
            <Alert color="blue" py={6} data-testid="routing-new-flow">
              No flow <b>{values.routingId.trim()}</b> exists: this entry will point at a new flow, which has to be created and published before calls can use it.
              The entry is saved with a warning until then.
            </Alert>
          )}
          {!isNewFlow && !segmentKnown && (
            <Alert color="orange" py={6} data-testid="routing-unknown-segment">
              Flow <b>{values.routingId}</b> has no segment <b>{values.initSegment}</b>, published or in an open draft. The entry is saved with a warning.
            </Alert>
          )}
          <Group grow align="flex-start">
            <Select
              label="Language"
              withAsterisk
              searchable
              data={languages}
              value={values.languageCode || null}
              onChange={(v) => set("languageCode")(v ?? "")}
              error={fe("languageCode")}
              nothingFoundMessage="No active language matches"
              data-testid="field-languageCode"
            />
            <Select
              label="Message store"
              description={values.companyProjectId ? "Empty: the company project's own store" : "Pick a company project first"}
              clearable
              searchable
              data={projectStores}
              value={values.messageStoreId || null}
              onChange={(v) => set("messageStoreId")(v ?? "")}
              error={fe("messageStoreId")}
              nothingFoundMessage="This project has no other message store"
              data-testid="field-messageStoreId"
            />
          </Group>
          <JsonEditor label="Config" value={values.config} onChange={set("config")} error={fe("config")} allowEmpty testId="field-config" minHeight="80px" />
          <JsonEditor label="Feature flags" value={values.featureFlags} onChange={set("featureFlags")} error={fe("featureFlags")} allowEmpty testId="field-featureFlags" minHeight="60px" />
          {err && !conflict && <ErrorAlert error={err} />}
          <FormActions onCancel={onClose} loading={save.isPending} testId="routing-save">
            {entry ? "Save (Ctrl+S)" : "Create (Ctrl+S)"}
          </FormActions>
        </Stack>
      </form>
    </FormDialog>
  );
}

type HistoryProps = { entry: RoutingEntry | null; readOnly: boolean; onClose: () => void; onOpenFlow?: (routingId: string) => void };

function HistoryDrawer({ entry, readOnly, onClose, onOpenFlow }: HistoryProps) {
  const qc = useQueryClient();
  const [selected, setSelected] = useState<number | null>(null);
  const history = useQuery({
    queryKey: qk.routing.history(entry?.routingTableId),
    queryFn: () => commands.routingHistory({ routingTableId: entry?.routingTableId ?? 0 }),
    enabled: entry !== null,
  });
  const restore = useMutation({
    // Guarded like an edit: if the row changed since it was listed, CONFLICT and nothing restored.
    mutationFn: (h: RoutingHistoryItem) => commands.routingRestore({ routingTableId: h.routingTableId, versionNumber: h.versionNumber, rowVersion: entry?.rowVersion ?? null }),
    onSuccess: (saved) => {
      void qc.invalidateQueries({ queryKey: qk.routing.all() });
      void qc.invalidateQueries({ queryKey: qk.routing.histories() });
      if (saved.warnings.length > 0) notifySaved(saved, false);
      else notifications.show({ color: "green", title: "Restored", message: "The chosen version is the current one again." });
    },
    onError: (e) => {
      const err = toApiError(e);
      notifications.show({
        color: "red",
        title: "Not restored",
        message: err.code === "CONFLICT" ? "The entry changed since this list was loaded; its history is reloaded, check it and restore again." : err.message,
      });
      void qc.invalidateQueries({ queryKey: qk.routing.all() });
      void qc.invalidateQueries({ queryKey: qk.routing.histories() });
    },
  });
  const items = [...(history.data ?? [])].sort((a, b) => b.versionNumber - a.versionNumber);
  // Only the entry's own versions are compared and restored; flow publishes are events.
  const versions = items.filter((h) => h.kind === "snapshot");
  const newest = versions[0];
  const current = versions.find((h) => h.versionNumber === selected) ?? newest;
  const previous = current ? versions.find((h) => h.versionNumber < current.versionNumber) : undefined;

  /** Restoring shows what it will change (the version against the entry as it is now) and asks. */
  const confirmRestore = (h: RoutingHistoryItem) =>
    modals.openConfirmModal({
      title: `Restore version ${h.versionNumber}?`,
      size: "lg",
      children: (
        <Stack gap="xs" data-testid="restore-review">
          <Text size="sm">The entry becomes what it was at version {h.versionNumber} (saved as a new version; the history keeps every version). What changes:</Text>
          <ScrollArea.Autosize mah={360}>
            <DiffView changes={diffRecords(snapshot(newest), snapshot(h))} />
          </ScrollArea.Autosize>
        </Stack>
      ),
      labels: { confirm: "Restore", cancel: "Cancel" },
      confirmProps: { "data-testid": "confirm-restore" } as Record<string, string>,
      onConfirm: () => restore.mutate(h),
    });

  return (
    <Drawer opened={entry !== null} onClose={() => { setSelected(null); onClose(); }} position="right" size="xl" title={entry ? `History of ${entry.sourceId}` : ""} data-testid="routing-history">
      {history.isError && <ErrorAlert error={history.error} />}
      <Stack>
        <Table highlightOnHover data-testid="history-table" verticalSpacing={4}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Version</Table.Th>
              <Table.Th>What</Table.Th>
              <Table.Th>By</Table.Th>
              <Table.Th>At</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((h) =>
              h.kind === "flowPublished" ? (
                <Table.Tr key={h.historyId} data-testid={`history-v${h.versionNumber}`} data-kind="flow-published">
                  <Table.Td>{h.versionNumber}</Table.Td>
                  <Table.Td>
                    <Text size="sm">
                      Flow <b>{h.flow?.routingId}</b> {h.flow?.version != null ? `version ${h.flow.version} ` : ""}published
                    </Text>
                  </Table.Td>
                  <Table.Td>{h.actionBy}</Table.Td>
                  <Table.Td><Text size="xs">{formatTime(h.actionAt)}</Text></Table.Td>
                  <Table.Td>
                    {onOpenFlow && h.flow && (
                      <Button size="compact-xs" variant="subtle" leftSection={<IconExternalLink size={12} />} onClick={() => onOpenFlow(h.flow?.routingId ?? "")} data-testid={`history-open-flow-v${h.versionNumber}`}>
                        Open flow
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ) : (
                <Table.Tr
                  key={h.historyId}
                  {...rowKeys(h.versionNumber, setSelected)}
                  onClick={() => setSelected(h.versionNumber)}
                  bg={current?.historyId === h.historyId ? "var(--mantine-primary-color-light)" : undefined}
                  style={{ cursor: "pointer" }}
                  data-testid={`history-v${h.versionNumber}`}
                  data-kind="snapshot"
                >
                  <Table.Td>{h.versionNumber}</Table.Td>
                  <Table.Td><Badge size="sm" variant="light">{h.actionType}</Badge></Table.Td>
                  <Table.Td>{h.actionBy}</Table.Td>
                  <Table.Td><Text size="xs">{formatTime(h.actionAt)}</Text></Table.Td>
                  <Table.Td>
                    {h !== newest && (
                      <Button size="compact-xs" variant="light" disabled={readOnly} loading={restore.isPending} onClick={(ev) => { ev.stopPropagation(); confirmRestore(h); }} data-testid={`history-restore-v${h.versionNumber}`}>
                        Restore…
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ),
            )}
          </Table.Tbody>
        </Table>
        {current && (
          <Stack gap="xs">
            <Text fw={600} size="sm">
              Version {current.versionNumber} ({current.actionType}) compared with {previous ? `version ${previous.versionNumber}` : "nothing (first version)"}
            </Text>
            <DiffView changes={diffRecords(snapshot(previous), snapshot(current))} />
          </Stack>
        )}
      </Stack>
    </Drawer>
  );
}

function snapshot(h: RoutingHistoryItem | undefined): Record<string, unknown> | null {
  return h?.snapshot ?? null;
}
