import { Alert, Badge, Button, Drawer, Group, Modal, ScrollArea, Stack, Switch, Table, Text, TextInput, Title, Tooltip } from "@mantine/core";
import { useDebouncedValue, useHotkeys } from "@mantine/hooks";
import { modals } from "@mantine/modals";
import { notifications } from "@mantine/notifications";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { IconHistory, IconPencil, IconPlus, IconSearch, IconTrash } from "@tabler/icons-react";
import { DataTable } from "mantine-datatable";
import { useRef, useState } from "react";
import type { ApiError } from "../bindings/ApiError";
import type { RoutingEntry } from "../bindings/RoutingEntry";
import type { RoutingHistoryEntry } from "../bindings/RoutingHistoryEntry";
import { commands } from "../bindings/commands";
import { DiffView } from "../components/DiffView";
import { JsonEditor } from "../components/JsonEditor";
import { ErrorAlert } from "../components/States";
import { diffRecords } from "../lib/diff";
import { fieldErrors, toApiError } from "../lib/errors";
import { conflictChanges, emptyRoutingForm, formFromEntry, formToFields, type RoutingForm } from "../lib/routingForm";

const PAGE_SIZES = [25, 50, 100];

export function RoutingScreen({ readOnly }: { readOnly: boolean }) {
  const qc = useQueryClient();
  const [search, setSearch] = useState("");
  const [debounced] = useDebouncedValue(search, 250);
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(PAGE_SIZES[0]);
  const [includeDeleted, setIncludeDeleted] = useState(false);
  const [editing, setEditing] = useState<RoutingEntry | "new" | null>(null);
  const [historyOf, setHistoryOf] = useState<RoutingEntry | null>(null);
  const searchRef = useRef<HTMLInputElement>(null);

  const list = useQuery({
    queryKey: ["routing", { search: debounced, page, pageSize, includeDeleted }],
    queryFn: () =>
      commands.routingList({
        search: debounced.trim() === "" ? null : debounced.trim(),
        companyProjectId: null,
        includeInactive: includeDeleted,
        offset: (page - 1) * pageSize,
        limit: pageSize,
      }),
    placeholderData: keepPreviousData,
  });

  useHotkeys([
    ["mod+N", () => !readOnly && setEditing("new")],
    ["mod+F", () => searchRef.current?.focus()],
    ["/", () => searchRef.current?.focus()],
  ]);

  const del = useMutation({
    mutationFn: (e: RoutingEntry) => commands.routingDelete({ routingTableId: e.routingTableId, rowVersion: e.rowVersion }),
    onSuccess: () => {
      qc.invalidateQueries({ queryKey: ["routing"] });
      notifications.show({ title: "Deleted", message: "The routing entry is deactivated; its history keeps every version." });
    },
    onError: (e) => notifications.show({ color: "red", title: "Not deleted", message: toApiError(e).message }),
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
    <Stack>
      <Group justify="space-between">
        <Title order={3}>Routing table</Title>
        <Tooltip label={readOnly ? "Read-only: unlock the environment to write" : "New entry (Ctrl+N)"}>
          <Button leftSection={<IconPlus size={16} />} disabled={readOnly} onClick={() => setEditing("new")} data-testid="routing-new">
            New entry
          </Button>
        </Tooltip>
      </Group>
      {readOnly && (
        <Alert color="gray" data-testid="routing-read-only">
          This environment is read-only. Unlock it in the banner to create, edit or delete.
        </Alert>
      )}
      <Group>
        <TextInput
          ref={searchRef}
          placeholder="Search source, routing id, segment… ( / )"
          leftSection={<IconSearch size={16} />}
          value={search}
          onChange={(e) => {
            setSearch(e.currentTarget.value);
            setPage(1);
          }}
          w={360}
          data-testid="routing-search"
        />
        <Switch label="Show deleted" checked={includeDeleted} onChange={(e) => { setIncludeDeleted(e.currentTarget.checked); setPage(1); }} />
      </Group>
      {list.isError ? (
        <ErrorAlert error={list.error} onRetry={() => list.refetch()} />
      ) : (
        <DataTable
          data-testid="routing-table"
          withTableBorder
          striped
          highlightOnHover
          minHeight={180}
          fetching={list.isFetching}
          records={list.data?.items ?? []}
          idAccessor="routingTableId"
          totalRecords={list.data?.total ?? 0}
          recordsPerPage={pageSize}
          page={page}
          onPageChange={setPage}
          recordsPerPageOptions={PAGE_SIZES}
          onRecordsPerPageChange={(n) => { setPageSize(n); setPage(1); }}
          noRecordsText={debounced ? "No entry matches the search" : "No routing entries yet"}
          customRowAttributes={(r) => ({ "data-testid": `routing-row-${r.sourceId}` })}
          columns={[
            { accessor: "sourceId", title: "Source" },
            { accessor: "routingId", title: "Routing id" },
            { accessor: "initSegment", title: "First segment" },
            { accessor: "languageCode", title: "Language" },
            { accessor: "projectDisplayName", title: "Project" },
            {
              accessor: "isActive",
              title: "State",
              render: (r) => (r.isActive ? <Badge size="sm" color="green" variant="light">active</Badge> : <Badge size="sm" color="gray">deleted</Badge>),
            },
            { accessor: "updatedAt", title: "Changed", render: (r) => <Text size="xs">{(r.updatedAt ?? r.createdAt).replace("T", " ").slice(0, 19)} · {r.updatedBy ?? r.createdBy}</Text> },
            {
              accessor: "actions",
              title: "",
              textAlign: "right",
              render: (r) => (
                <Group gap={4} justify="flex-end" wrap="nowrap">
                  <Button size="compact-xs" variant="subtle" leftSection={<IconHistory size={14} />} onClick={() => setHistoryOf(r)} data-testid={`routing-history-${r.sourceId}`}>
                    History
                  </Button>
                  <Button size="compact-xs" variant="subtle" leftSection={<IconPencil size={14} />} disabled={readOnly || !r.isActive} onClick={() => setEditing(r)} data-testid={`routing-edit-${r.sourceId}`}>
                    Edit
                  </Button>
                  <Button size="compact-xs" variant="subtle" color="red" leftSection={<IconTrash size={14} />} disabled={readOnly || !r.isActive} onClick={() => confirmDelete(r)} data-testid={`routing-delete-${r.sourceId}`}>
                    Delete
                  </Button>
                </Group>
              ),
            },
          ]}
        />
      )}
      {editing !== null && <RoutingEditor entry={editing === "new" ? null : editing} onClose={() => setEditing(null)} />}
      <HistoryDrawer
        // The row as last listed, so a restore carries the row version the screen shows.
        entry={historyOf ? (list.data?.items.find((i) => i.routingTableId === historyOf.routingTableId) ?? historyOf) : null}
        readOnly={readOnly}
        onClose={() => setHistoryOf(null)}
      />
    </Stack>
  );
}

/** Create or edit. On CONFLICT the user's input stays and the server's current version is shown. */
function RoutingEditor({ entry, onClose }: { entry: RoutingEntry | null; onClose: () => void }) {
  const qc = useQueryClient();
  const [form, setForm] = useState<RoutingForm>(entry ? formFromEntry(entry) : emptyRoutingForm());
  const [base, setBase] = useState<RoutingEntry | null>(entry);
  const [localErrors, setLocalErrors] = useState<Partial<Record<keyof RoutingForm, string>>>({});
  const [conflict, setConflict] = useState<RoutingEntry | null>(null);
  const dicts = useQuery({ queryKey: ["dict"], queryFn: () => commands.dictAll() });

  const save = useMutation({
    mutationFn: async (f: RoutingForm) => {
      const r = formToFields(f);
      if (!r.ok) {
        setLocalErrors(r.errors);
        throw { code: "VALIDATION", message: "Fix the marked fields; nothing was saved.", detail: null } satisfies ApiError;
      }
      setLocalErrors({});
      return base
        ? commands.routingUpdate({ routingTableId: base.routingTableId, rowVersion: base.rowVersion, ...r.fields })
        : commands.routingCreate(r.fields);
    },
    onSuccess: (saved) => {
      qc.invalidateQueries({ queryKey: ["routing"] });
      qc.invalidateQueries({ queryKey: ["audit"] });
      notifications.show({ color: "green", title: base ? "Saved" : "Created", message: `${saved.sourceId} → ${saved.routingId}` });
      onClose();
    },
    onError: (e) => {
      const err = toApiError(e);
      if (err.code === "CONFLICT" && base) {
        // Someone else saved first: the error carries what they saved; the user's input stays.
        const current = (err.detail as { current?: RoutingEntry } | null | undefined)?.current;
        if (current && current.routingTableId === base.routingTableId) setConflict(current);
      }
    },
  });

  const err = save.error ? toApiError(save.error) : null;
  const server = fieldErrors(err);
  const fe = (k: keyof RoutingForm) => localErrors[k] ?? server[k];
  const set = (k: keyof RoutingForm) => (v: string) => setForm((f) => ({ ...f, [k]: v }));

  useHotkeys([["mod+S", () => save.mutate(form)]], []);

  return (
    <Modal opened onClose={onClose} size="xl" title={entry ? `Edit ${entry.sourceId}` : "New routing entry"} data-testid="routing-editor">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate(form);
        }}
      >
        <Stack>
          {conflict && (
            <Alert color="orange" title="Changed by someone else since you opened it" data-testid="routing-conflict">
              <Text size="sm" mb="xs">
                {conflict.updatedBy ?? conflict.createdBy} saved at {(conflict.updatedAt ?? conflict.createdAt).replace("T", " ").slice(0, 19)} UTC. What they changed since you opened it (your input below is kept):
              </Text>
              <ScrollArea.Autosize mah={200}>
                {base && <DiffView changes={conflictChanges(base, conflict)} />}
              </ScrollArea.Autosize>
              <Group mt="xs">
                <Button size="xs" color="orange" onClick={() => { setBase(conflict); setConflict(null); save.reset(); }} data-testid="conflict-keep-mine">
                  Keep my input (save over theirs)
                </Button>
                <Button size="xs" variant="default" onClick={() => { setForm(formFromEntry(conflict)); setBase(conflict); setConflict(null); save.reset(); }}>
                  Discard mine, load theirs
                </Button>
              </Group>
            </Alert>
          )}
          <Group grow>
            <TextInput label="Source id" description="The entry point (e.g. a dialled number)" required value={form.sourceId} onChange={(e) => set("sourceId")(e.currentTarget.value)} error={fe("sourceId")} data-testid="field-sourceId" />
            <TextInput label="Routing id" required value={form.routingId} onChange={(e) => set("routingId")(e.currentTarget.value)} error={fe("routingId")} data-testid="field-routingId" />
          </Group>
          <Group grow>
            <TextInput label="First segment" required value={form.initSegment} onChange={(e) => set("initSegment")(e.currentTarget.value)} error={fe("initSegment")} data-testid="field-initSegment" />
            <ChoiceInput
              label="Language"
              value={form.languageCode}
              onChange={set("languageCode")}
              error={fe("languageCode")}
              options={(dicts.data?.languages ?? []).filter((l) => l.isActive).map((l) => ({ value: l.languageCode, label: l.displayName }))}
              testId="field-languageCode"
            />
          </Group>
          <Group grow>
            <ChoiceInput
              label="Company project"
              value={form.companyProjectId}
              onChange={set("companyProjectId")}
              error={fe("companyProjectId")}
              options={(dicts.data?.companyProjects ?? []).filter((p) => p.isActive).map((p) => ({ value: String(p.companyProjectId), label: `${p.displayName} (${p.customerId}/${p.projectId})` }))}
              testId="field-companyProjectId"
            />
            <TextInput label="Message store id" description="Optional" value={form.messageStoreId} onChange={(e) => set("messageStoreId")(e.currentTarget.value)} error={fe("messageStoreId")} data-testid="field-messageStoreId" />
          </Group>
          <JsonEditor label="Config" value={form.config} onChange={set("config")} error={fe("config")} allowEmpty testId="field-config" />
          <JsonEditor label="Feature flags" value={form.featureFlags} onChange={set("featureFlags")} error={fe("featureFlags")} allowEmpty testId="field-featureFlags" />
          {err && !conflict && <ErrorAlert error={err} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>Cancel</Button>
            <Button type="submit" loading={save.isPending} data-testid="routing-save">
              {entry ? "Save (Ctrl+S)" : "Create (Ctrl+S)"}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** A select when the dictionary is known, a text input otherwise (so the form works on an empty dictionary). */
function ChoiceInput(props: { label: string; value: string; onChange: (v: string) => void; error?: string; options: { value: string; label: string }[]; testId: string }) {
  const listId = `${props.testId}-list`;
  return (
    <>
      <TextInput label={props.label} required value={props.value} onChange={(e) => props.onChange(e.currentTarget.value)} error={props.error} data-testid={props.testId} list={listId} autoComplete="off" />
      <datalist id={listId}>
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </datalist>
    </>
  );
}

function HistoryDrawer({ entry, readOnly, onClose }: { entry: RoutingEntry | null; readOnly: boolean; onClose: () => void }) {
  const qc = useQueryClient();
  const [selected, setSelected] = useState<number | null>(null);
  const history = useQuery({
    queryKey: ["routing-history", entry?.routingTableId],
    queryFn: () => commands.routingHistory({ routingTableId: entry?.routingTableId ?? 0 }),
    enabled: entry !== null,
  });
  const restore = useMutation({
    // Guarded like an edit: if the row changed since it was listed, CONFLICT and nothing restored.
    mutationFn: (h: RoutingHistoryEntry) => commands.routingRestore({ routingTableId: h.routingTableId, versionNumber: h.versionNumber, rowVersion: entry?.rowVersion ?? null }),
    onSuccess: () => {
      qc.invalidateQueries({ queryKey: ["routing"] });
      qc.invalidateQueries({ queryKey: ["routing-history"] });
      notifications.show({ color: "green", title: "Restored", message: "The chosen version is the current one again." });
    },
    onError: (e) => {
      const err = toApiError(e);
      notifications.show({
        color: "red",
        title: "Not restored",
        message: err.code === "CONFLICT" ? "The entry changed since this list was loaded; its history is reloaded, check it and restore again." : err.message,
      });
      qc.invalidateQueries({ queryKey: ["routing"] });
      qc.invalidateQueries({ queryKey: ["routing-history"] });
    },
  });
  const versions = [...(history.data ?? [])].sort((a, b) => b.versionNumber - a.versionNumber);
  const current = versions.find((h) => h.versionNumber === selected) ?? versions[0];
  const previous = current ? versions.find((h) => h.versionNumber < current.versionNumber) : undefined;
  return (
    <Drawer opened={entry !== null} onClose={() => { setSelected(null); onClose(); }} position="right" size="xl" title={entry ? `History of ${entry.sourceId}` : ""} data-testid="routing-history">
      {history.isError && <ErrorAlert error={history.error} />}
      <Stack>
        <Table highlightOnHover data-testid="history-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Version</Table.Th>
              <Table.Th>Action</Table.Th>
              <Table.Th>By</Table.Th>
              <Table.Th>At</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {versions.map((h) => (
              <Table.Tr key={h.historyId} onClick={() => setSelected(h.versionNumber)} bg={current?.historyId === h.historyId ? "var(--mantine-primary-color-light)" : undefined} style={{ cursor: "pointer" }} data-testid={`history-v${h.versionNumber}`}>
                <Table.Td>{h.versionNumber}</Table.Td>
                <Table.Td><Badge size="sm" variant="light">{h.actionType}</Badge></Table.Td>
                <Table.Td>{h.actionBy}</Table.Td>
                <Table.Td><Text size="xs">{h.actionAt.replace("T", " ").slice(0, 19)}</Text></Table.Td>
                <Table.Td>
                  {h !== versions[0] && (
                    <Button size="compact-xs" variant="light" disabled={readOnly} loading={restore.isPending} onClick={(ev) => { ev.stopPropagation(); restore.mutate(h); }} data-testid={`history-restore-v${h.versionNumber}`}>
                      Restore
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
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

function snapshot(h: RoutingHistoryEntry | undefined): Record<string, unknown> | null {
  if (!h) return null;
  const s = h.snapshot;
  return s && typeof s === "object" && !Array.isArray(s) ? (s as Record<string, unknown>) : null;
}

