import { Alert, Anchor, Badge, Box, Button, Card, Checkbox, Code, Grid, Group, Modal, ScrollArea, SegmentedControl, Select, Stack, Table, Tabs, Text, TextInput, Title, Tooltip } from "@mantine/core";
import { useHotkeys } from "@mantine/hooks";
import { modals } from "@mantine/modals";
import { notifications } from "@mantine/notifications";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { IconFileExport, IconHistory, IconLock, IconMicrophone, IconPencil, IconPlus, IconRestore, IconSearch, IconTrash } from "@tabler/icons-react";
import { useRef, useState } from "react";
import type { KeyAuditItem } from "../bindings/KeyAuditItem";
import type { KeyRef } from "../bindings/KeyRef";
import type { KeyListItem } from "../bindings/KeyListItem";
import type { KeyWithVersions } from "../bindings/KeyWithVersions";
import type { StoreRow } from "../bindings/StoreRow";
import type { VersionRow } from "../bindings/VersionRow";
import { commands } from "../bindings/commands";
import { QueryTable } from "../components/QueryTable";
import { Empty, ErrorAlert, Loading } from "../components/States";
import { PagedTable } from "../components/PagedTable";
import { usePagedFilters, usePaging } from "../components/paging";
import type { FlowTarget } from "../designer/session";
import { toApiError } from "../lib/errors";
import {
  NO_FILTERS,
  auditSummary,
  hasFilters,
  keyFilter,
  languageCells,
  missingLanguages,
  newestFirst,
  shortTime,
  slotsFull,
  versionState,
  versionSummary,
  type MessageFilters,
} from "../lib/messages";
import { direction } from "../lib/messageChecks";
import { CompareVersions } from "./messages/CompareVersions";
import { CreateKeyDialog, DeleteKeyDialog, EditKeyDialog } from "./messages/KeyDialogs";
import { StoreExchange } from "./messages/Exchange";
import { PublishDialog } from "./messages/PublishDialog";
import { CreateStoreDialog, EditStoreDialog, StoreVoices } from "./messages/StoreDialogs";
import { SlotsNote, VersionEditor } from "./messages/VersionEditor";
import { qk, refresh } from "../lib/queryKeys";

const AUDIT_PAGE = 20;

function storeLabel(s: StoreRow): string {
  return `${s.customerId}/${s.projectId} — ${s.name}${s.isActive ? "" : " (inactive)"}`;
}

/** A key asked for from another screen (the designer's "Open in Messages"). */
/** A key another screen asks the Messages screen to open. */
export type MessageTarget = Pick<KeyRef, "storeId" | "key">;

type Props = {
  readOnly: boolean;
  /** A key to show at once, in its store. */
  initialKey?: MessageTarget | null;
  /** Opens a flow that uses a key, at the segment that names it. */
  onOpenFlow?: (target: FlowTarget) => void;
};

/** Content editors: pick a store, find keys, read every version per language and the audit trail. */
export function MessagesScreen({ readOnly, initialKey = null, onOpenFlow }: Props) {
  const stores = useQuery({ queryKey: qk.messages.stores(), queryFn: () => commands.messagesStoreList() });
  const [storeId, setStoreId] = useState<number | null>(initialKey?.storeId ?? null);
  const [storeDialog, setStoreDialog] = useState<"create" | "edit" | "voices" | "audit" | "exchange" | null>(null);
  // Each opening of the store form starts from the store as it is (a new instance).
  const [editSeq, setEditSeq] = useState(0);
  const createDialog = storeDialog === "create" && (
    <CreateStoreDialog
      onClose={() => setStoreDialog(null)}
      onCreated={(s) => {
        setStoreDialog(null);
        setStoreId(s.id);
      }}
    />
  );

  if (stores.isPending) return <Loading label="Loading message stores…" />;
  if (stores.isError) return <ErrorAlert error={stores.error} onRetry={() => stores.refetch()} />;
  if (stores.data.length === 0) {
    return (
      <Stack>
        <Title order={3}>Messages</Title>
        <Empty title="No message stores">A message store belongs to a company project and says which languages its messages have.</Empty>
        <Group justify="center">
          <Button leftSection={<IconPlus size={16} />} onClick={() => setStoreDialog("create")} data-testid="msg-store-new">
            New message store
          </Button>
        </Group>
        {createDialog}
      </Stack>
    );
  }
  const current = stores.data.find((s) => s.id === storeId) ?? stores.data.find((s) => s.isActive) ?? stores.data[0];
  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Title order={3}>Messages</Title>
        <Select
          label="Message store"
          data-testid="msg-store"
          w={360}
          allowDeselect={false}
          data={stores.data.map((s) => ({ value: String(s.id), label: storeLabel(s) }))}
          value={String(current.id)}
          onChange={(v) => v && setStoreId(Number(v))}
        />
      </Group>
      <Group justify="space-between">
        <StoreHeader store={current} />
        <Group gap="xs">
          <Button size="compact-sm" variant="light" leftSection={<IconPencil size={14} />} onClick={() => {
              setEditSeq((n) => n + 1);
              setStoreDialog("edit");
            }} data-testid="msg-store-edit">
            Store &amp; languages
          </Button>
          <Button size="compact-sm" variant="light" leftSection={<IconMicrophone size={14} />} onClick={() => setStoreDialog("voices")} data-testid="msg-store-voices">
            Voices
          </Button>
          <Button size="compact-sm" variant="light" leftSection={<IconHistory size={14} />} onClick={() => setStoreDialog("audit")} data-testid="msg-store-audit">
            Audit
          </Button>
          <Button size="compact-sm" variant="light" leftSection={<IconFileExport size={14} />} onClick={() => setStoreDialog("exchange")} data-testid="msg-store-exchange">
            Export / import
          </Button>
          <Button size="compact-sm" variant="subtle" leftSection={<IconPlus size={14} />} onClick={() => setStoreDialog("create")} data-testid="msg-store-new">
            New store
          </Button>
        </Group>
      </Group>
      {createDialog}
      <EditStoreDialog key={`${current.id}/${editSeq}`} store={current} opened={storeDialog === "edit"} onClose={() => setStoreDialog(null)} />
      <Modal opened={storeDialog === "voices"} onClose={() => setStoreDialog(null)} title={`Default voices of ${current.name}`} size="lg">
        <StoreVoices store={current} />
      </Modal>
      <Modal opened={storeDialog === "audit"} onClose={() => setStoreDialog(null)} title={`Audit of ${current.name} (deleted keys included)`} size="xl">
        {storeDialog === "audit" && <StoreAudit store={current} />}
      </Modal>
      <Modal opened={storeDialog === "exchange"} onClose={() => setStoreDialog(null)} title={`Translator files of ${current.name}`} size="xl">
        {storeDialog === "exchange" && <StoreExchange store={current} readOnly={readOnly} />}
      </Modal>
      <Completeness store={current} />
      <StoreKeys
        key={current.id}
        store={current}
        readOnly={readOnly}
        initialKey={initialKey?.storeId === current.id ? initialKey.key : null}
        onOpenFlow={onOpenFlow}
      />
    </Stack>
  );
}

function StoreHeader({ store }: { store: StoreRow }) {
  return (
    <Group gap="xs" data-testid="msg-store-info">
      <Text size="sm" c="dimmed">
        Languages
      </Text>
      {store.allowedLanguages.map((l) => (
        <Tooltip key={l} label={l === store.defaultLanguage ? "Default language: the fallback when a language has no content" : "Allowed language"}>
          <Badge variant={l === store.defaultLanguage ? "filled" : "light"} data-testid={`msg-store-lang-${l}`}>
            {l}
            {l === store.defaultLanguage ? " (default)" : ""}
          </Badge>
        </Tooltip>
      ))}
      <Text size="sm" c="dimmed">
        · {store.keyCount} key{store.keyCount === 1 ? "" : "s"}
      </Text>
      {store.voices.length > 0 && (
        <Tooltip label={store.voices.map((v) => `${v.language}: ${v.voiceCode}`).join(" · ")}>
          <Text size="sm" c="dimmed" td="underline dotted">
            · {store.voices.length} default voice{store.voices.length === 1 ? "" : "s"}
          </Text>
        </Tooltip>
      )}
    </Group>
  );
}

/** Per language how many keys callers hear in it; drafts waiting; keys no flow uses. */
export function Completeness({ store }: { store: StoreRow }) {
  // Under the key list's query key: whatever refreshes the list (publish, new version, delete) refreshes this.
  const q = useQuery({
    queryKey: qk.messages.completeness(store.id),
    queryFn: () => commands.messagesStoreCompleteness({ storeId: store.id }),
  });
  if (q.isError)
    return (
      <Box data-testid="msg-completeness-error">
        <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />
      </Box>
    );
  if (!q.data) return null;
  const c = q.data;
  return (
    <Group gap="xs" data-testid="msg-completeness" data-newer={c.newerThanPublished} data-unused={c.unusedKeys} data-published={c.publishedKeys}>
      <Text size="sm" c="dimmed">
        Published
      </Text>
      {c.languages.map((l) => (
        <Tooltip key={l.language} label={l.missing ? `${l.missing} published key(s) have no ${l.language}: callers hear ${store.defaultLanguage}` : `Every published key has ${l.language}`}>
          <Badge variant="light" color={l.missing ? "orange" : "green"} data-testid={`msg-complete-${l.language}`} data-published={l.published} data-missing={l.missing}>
            {l.language} {l.published}/{c.publishedKeys}
          </Badge>
        </Tooltip>
      ))}
      <Text size="sm" c="dimmed">
        · {c.publishedKeys} of {c.activeKeys} keys published · {c.newerThanPublished} with a newer version waiting · {c.unusedKeys} not used by any flow
      </Text>
    </Group>
  );
}

/**
 * A button that opens the version editor, disabled while every slot is taken. Disabled by
 * `data-disabled` (not `disabled`) so its tooltip, which says how to free a slot, still shows on hover.
 */
function slotGuard(full: string | null, open: () => void) {
  return full ? { "data-disabled": true, "aria-disabled": true, onClick: (e: React.MouseEvent) => e.preventDefault() } : { onClick: open };
}

function StoreKeys({ store, readOnly, initialKey, onOpenFlow }: { store: StoreRow; readOnly: boolean; initialKey: string | null; onOpenFlow?: (target: FlowTarget) => void }) {
  const { form, filters, debounced, paging, clear } = usePagedFilters<MessageFilters>(NO_FILTERS);
  const [selected, setSelectedRow] = useState<Selected | null>(initialKey === null ? null : { key: initialKey, deleted: false });
  const [creating, setCreating] = useState(false);
  const setSelected = (key: string | null, deleted = false) => setSelectedRow(key === null ? null : { key, deleted });
  const searchRef = useRef<HTMLInputElement>(null);
  useHotkeys([
    ["mod+F", () => searchRef.current?.focus()],
    ["/", () => searchRef.current?.focus()],
  ]);

  const dict = useQuery({ queryKey: qk.dict(), queryFn: () => commands.dictAll() });
  const filter = keyFilter(debounced, paging.page, paging.pageSize);
  const list = useQuery({
    queryKey: qk.messages.keyPage(store.id, filter),
    queryFn: () => commands.messagesKeyList({ storeId: store.id, filter }),
    placeholderData: keepPreviousData,
  });

  return (
    <Stack>
      <Group align="flex-end" wrap="wrap">
        <TextInput
          ref={searchRef}
          label="Key contains"
          placeholder="e.g. MENU  ( / )"
          leftSection={<IconSearch size={16} />}
          {...form.getInputProps("text")}
          w={220}
          data-testid="msg-search"
        />
        <TextInput
          label="Text contains"
          description="any language · published & latest"
          placeholder="e.g. Welkom"
          leftSection={<IconSearch size={16} />}
          {...form.getInputProps("content")}
          w={240}
          data-testid="msg-text-search"
        />
        <Select
          label="Category"
          placeholder="any"
          clearable
          searchable
          w={170}
          data={(dict.data?.messageCategories ?? []).filter((c) => c.isActive).map((c) => ({ value: c.code, label: c.displayName }))}
          {...form.getInputProps("category")}
          data-testid="msg-category"
        />
        <Select
          label="Type"
          placeholder="any"
          clearable
          w={150}
          data={(dict.data?.messageTypes ?? []).filter((t) => t.isActive).map((t) => ({ value: t.code, label: t.code }))}
          {...form.getInputProps("messageType")}
          data-testid="msg-type"
        />
        <Stack gap={6} pb={4}>
          <Checkbox label="Missing a translation" {...form.getInputProps("missingLanguage", { type: "checkbox" })} data-testid="msg-missing" />
          <Checkbox label="Newer than published" {...form.getInputProps("newerThanPublished", { type: "checkbox" })} data-testid="msg-newer" />
        </Stack>
        <Stack gap={6} pb={4}>
          <Checkbox label="Not used by any flow" {...form.getInputProps("unused", { type: "checkbox" })} data-testid="msg-unused" />
          <Checkbox label="Show deleted keys" {...form.getInputProps("includeDeleted", { type: "checkbox" })} data-testid="msg-deleted" />
        </Stack>
        {hasFilters(filters) && (
          <Button variant="subtle" onClick={clear}>
            Clear
          </Button>
        )}
        <Button ml="auto" leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)} data-testid="msg-key-new">
          New key
        </Button>
      </Group>
      {creating && (
        <CreateKeyDialog
          store={store}
          onClose={() => setCreating(false)}
          onCreated={(k) => {
            setCreating(false);
            setSelected(k.key);
          }}
        />
      )}
      <Grid>
        <Grid.Col span={selected ? 5 : 12}>
            <PagedTable
              testId="msg-key-table"
              query={list}
              paging={paging}
              idAccessor="id"
              noRecordsText={hasFilters(filters) ? "No key matches these filters" : "This store has no keys yet"}
              onRowClick={({ record }) => setSelected(record.key, !record.isActive)}
              rowStyle={(r) => (isSelected(r, selected) ? { outline: "2px solid var(--mantine-primary-color-filled)", outlineOffset: -2 } : r.isActive ? undefined : { opacity: 0.65 })}
              rowAttributes={(r) => ({ "data-testid": r.isActive ? `msg-key-${r.key}` : `msg-deleted-key-${r.key}`, "data-key": r.key, "data-active": r.isActive })}
              columns={[
                {
                  accessor: "key",
                  title: "Key",
                  render: (r) => (
                    <Group gap={4} wrap="nowrap">
                      <Code>{r.key}</Code>
                      {!r.isActive && (
                        <Badge size="xs" color="red" variant="light">
                          deleted
                        </Badge>
                      )}
                    </Group>
                  ),
                },
                { accessor: "messageType", title: "Type", hidden: !!selected },
                { accessor: "category", title: "Category" },
                {
                  accessor: "publishedVersion",
                  title: "Versions",
                  render: (r) => (
                    <Text size="sm" c={r.publishedVersion === null ? "orange" : r.latestVersion !== r.publishedVersion ? "blue" : undefined}>
                      {versionSummary(r)}
                    </Text>
                  ),
                },
                { accessor: "updatedAt", title: "Changed", hidden: !!selected, render: (r) => <Text size="xs">{shortTime(r.updatedAt ?? r.createdAt)}</Text> },
              ]}
            />
        </Grid.Col>
        {selected && (
          <Grid.Col span={7}>
            <KeyDetail key={`${selected.key}/${selected.deleted}`} store={store} keyName={selected.key} deleted={selected.deleted} readOnly={readOnly} onClose={() => setSelected(null)} onSelect={setSelected} onOpenFlow={onOpenFlow} />
          </Grid.Col>
        )}
      </Grid>
    </Stack>
  );
}

type Selected = { key: string; deleted: boolean };

function isSelected(r: KeyListItem, s: Selected | null): boolean {
  return s !== null && r.key === s.key && r.isActive === !s.deleted;
}

function KeyDetail({
  store,
  keyName,
  deleted,
  readOnly,
  onClose,
  onSelect,
  onOpenFlow,
}: {
  store: StoreRow;
  keyName: string;
  deleted: boolean;
  readOnly: boolean;
  onClose: () => void;
  onSelect: (key: string | null, deleted?: boolean) => void;
  onOpenFlow?: (target: FlowTarget) => void;
}) {
  const qc = useQueryClient();
  const [dialog, setDialog] = useState<"edit" | "delete" | null>(null);
  const detail = useQuery({
    queryKey: qk.messages.key(store.id, keyName, deleted),
    queryFn: () => commands.messagesKeyGet({ storeId: store.id, key: keyName, includeDeleted: deleted }),
  });
  const restore = useMutation({
    mutationFn: (rowVersion: string) => commands.messagesKeyRestore({ storeId: store.id, key: keyName, expectedRowVersion: rowVersion }),
    onSuccess: (k) => {
      void qc.invalidateQueries({ queryKey: qk.messages.all() });
      notifications.show({ title: "Key restored", message: `${k.key} is back with its ${k.versions.length} version(s).` });
      onSelect(k.key, false);
    },
  });
  const isDeleted = detail.data ? !detail.data.isActive : deleted;
  return (
    <Card withBorder padding="sm" data-testid="msg-detail">
      <Group justify="space-between" mb="xs">
        <Group gap="xs">
          <Code fz="md" data-testid="msg-detail-key">{keyName}</Code>
          {detail.data && (
            <>
              <Badge variant="light">{detail.data.messageType}</Badge>
              <Badge variant="light" color="gray">{detail.data.category}</Badge>
              {isDeleted && <Badge color="red" data-testid="msg-detail-deleted">deleted</Badge>}
            </>
          )}
        </Group>
        <Group gap={4}>
          {detail.data && !isDeleted && (
            <>
              <Button size="compact-xs" variant="subtle" leftSection={<IconPencil size={14} />} onClick={() => setDialog("edit")} data-testid="msg-key-edit">
                Edit
              </Button>
              <Button size="compact-xs" variant="subtle" color="red" leftSection={<IconTrash size={14} />} onClick={() => setDialog("delete")} data-testid="msg-key-delete">
                Delete…
              </Button>
            </>
          )}
          <Button size="compact-xs" variant="subtle" onClick={onClose}>
            Close
          </Button>
        </Group>
      </Group>
      {detail.data && dialog === "edit" && <EditKeyDialog store={store} detail={detail.data} onClose={() => setDialog(null)} />}
      {detail.data && dialog === "delete" && (
        <DeleteKeyDialog
          store={store}
          detail={detail.data}
          onClose={() => setDialog(null)}
          onDeleted={() => {
            setDialog(null);
            onSelect(null);
          }}
        />
      )}
      {detail.data && isDeleted && (
        <Alert color="red" variant="light" mb="xs" data-testid="msg-deleted-alert">
          <Group justify="space-between">
            <Text size="sm">Deleted {shortTime(detail.data.updatedAt)} by {detail.data.updatedBy}: callers do not hear it. Its versions and audit are kept.</Text>
            <Button
              size="xs"
              leftSection={<IconRestore size={14} />}
              loading={restore.isPending}
              onClick={() => detail.data && restore.mutate(detail.data.rowVersion)}
              data-testid="msg-key-restore"
            >
              Restore
            </Button>
          </Group>
          {restore.isError && (
            <Box mt="xs">
              <ErrorAlert error={restore.error} />
            </Box>
          )}
        </Alert>
      )}
      {detail.isPending ? (
        <Loading />
      ) : detail.isError ? (
        <ErrorAlert error={detail.error} onRetry={() => detail.refetch()} />
      ) : (
        <>
          {detail.data.displayName && (
            <Text size="sm" mb="xs">
              {detail.data.displayName}
            </Text>
          )}
          <Tabs defaultValue="versions">
            <Tabs.List>
              <Tabs.Tab value="versions" data-testid="msg-tab-versions">
                Versions ({detail.data.versions.length})
              </Tabs.Tab>
              <Tabs.Tab value="audit" data-testid="msg-tab-audit">
                Audit trail
              </Tabs.Tab>
              <Tabs.Tab value="used" data-testid="msg-tab-used">
                Used in
              </Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="versions" pt="xs">
              <Versions store={store} detail={detail.data} readOnly={readOnly} deleted={isDeleted} />
            </Tabs.Panel>
            <Tabs.Panel value="audit" pt="xs">
              <KeyAudit store={store} keyName={keyName} />
            </Tabs.Panel>
            <Tabs.Panel value="used" pt="xs">
              <WhereUsedPanel store={store} keyName={keyName} onOpenFlow={onOpenFlow} />
            </Tabs.Panel>
          </Tabs>
        </>
      )}
    </Card>
  );
}

function Versions({ store, detail, readOnly, deleted }: { store: StoreRow; detail: KeyWithVersions; readOnly: boolean; deleted: boolean }) {
  const qc = useQueryClient();
  const [editor, setEditor] = useState<{ copyFrom: number | null } | null>(null);
  const [publishing, setPublishing] = useState<number | null>(null);
  const [view, setView] = useState<"list" | "compare">("list");
  const remove = useMutation({
    mutationFn: (v: VersionRow) => commands.messagesVersionDelete({ storeId: store.id, key: detail.key, version: v.version, expectedRowVersion: detail.rowVersion }),
    onSuccess: (k, v) => {
      refresh.messageKey(qc, store.id, detail.key, k);
      notifications.show({ title: `Version ${v.version} deleted`, message: "Its slot is free; the audit trail keeps its content." });
    },
    onError: (e) => {
      if (toApiError(e).code === "CONFLICT") void qc.invalidateQueries({ queryKey: qk.messages.keyAnyState(store.id, detail.key) });
    },
  });
  const confirmDelete = (v: VersionRow) =>
    modals.openConfirmModal({
      title: `Delete version ${v.version} of ${detail.key}?`,
      children: <Text size="sm">Its slot becomes free for a new version. Callers are not affected (it is not published); the audit trail keeps its content.</Text>,
      labels: { confirm: "Delete version", cancel: "Cancel" },
      confirmProps: { color: "red", "data-testid": "msg-confirm-delete-version" } as Record<string, string>,
      onConfirm: () => remove.mutate(v),
    });

  const full = slotsFull(detail.versions, detail.publishedVersion);
  const toolbar = !deleted && (
    <Group justify="space-between">
      <SlotsNote detail={detail} />
      <Group gap="xs">
        {detail.versions.length > 1 && (
          <SegmentedControl
            size="xs"
            value={view}
            onChange={(v) => setView(v as "list" | "compare")}
            data={[
              { value: "list", label: "Versions" },
              { value: "compare", label: "Compare" },
            ]}
            data-testid="msg-view"
          />
        )}
        <Tooltip label={full ? `No new version: ${full}` : ""} disabled={!full} multiline w={320}>
          <Button size="compact-sm" leftSection={<IconPlus size={14} />} {...slotGuard(full, () => setEditor({ copyFrom: null }))} data-testid="msg-version-new">
            New version
          </Button>
        </Tooltip>
      </Group>
    </Group>
  );
  const dialogs = (
    <>
      {editor && <VersionEditor store={store} detail={detail} copyFrom={editor.copyFrom} onClose={() => setEditor(null)} />}
      {publishing !== null && <PublishDialog store={store} keyName={detail.key} version={publishing} onClose={() => setPublishing(null)} />}
    </>
  );
  if (detail.versions.length === 0) {
    return (
      <Stack>
        {toolbar}
        {dialogs}
        <Empty title="No version yet">{deleted ? "This key was deleted before it had a version." : "Write its first version: every allowed language at once."}</Empty>
      </Stack>
    );
  }
  return (
    <ScrollArea.Autosize mah={620}>
      <Stack gap="sm">
        {toolbar}
        {dialogs}
        {remove.isError && <ErrorAlert error={remove.error} />}
        {readOnly && (
          <Alert color="gray" icon={<IconLock size={16} />} p="xs" data-testid="msg-read-only">
            This environment is read-only: publishing and rolling back are refused until it is unlocked.
          </Alert>
        )}
        {view === "compare" ? (
          <CompareVersions store={store} detail={detail} />
        ) : (
          newestFirst(detail.versions).map((v) => {
            const state = versionState(v, detail.versions, detail.publishedVersion);
            const missing = missingLanguages(v, store.allowedLanguages);
            return (
              <Card key={v.id} withBorder padding="xs" data-testid={`msg-version-${v.version}`} data-state={state}>
                <Group justify="space-between" mb={4}>
                  <Group gap="xs">
                    <Text fw={600}>Version {v.version}</Text>
                    {v.name && <Text size="sm" c="dimmed">“{v.name}”</Text>}
                    {state === "published" && <Badge color="green" data-testid="msg-published-badge">published</Badge>}
                    {state === "newer" && <Badge color="blue" variant="light">newer than published</Badge>}
                    {missing.length > 0 && <Badge color="red" variant="light">missing {missing.join(", ")}</Badge>}
                  </Group>
                  <Group gap="xs">
                    <Text size="xs" c="dimmed">
                      {shortTime(v.createdAt)} by {v.createdBy}
                    </Text>
                    {!deleted && (
                      <>
                        <Tooltip label={full ? `No new version: ${full}` : "Start a new version from a copy of this one"} multiline maw={320}>
                          <Button size="compact-xs" variant="subtle" {...slotGuard(full, () => setEditor({ copyFrom: v.version }))} data-testid={`msg-copy-${v.version}`}>
                            Copy
                          </Button>
                        </Tooltip>
                        {state !== "published" && (
                          <Tooltip label="Delete this version to free its slot">
                            <Button size="compact-xs" variant="subtle" color="red" onClick={() => confirmDelete(v)} loading={remove.isPending && remove.variables?.id === v.id} data-testid={`msg-delete-version-${v.version}`}>
                              Delete
                            </Button>
                          </Tooltip>
                        )}
                      </>
                    )}
                    {state !== "published" && !deleted && (
                      <Tooltip label={missing.length ? `Add ${missing.join(", ")} first: a version is published in every language` : readOnly ? "Read-only environment" : ""} disabled={!missing.length && !readOnly}>
                        <Button
                          size="compact-xs"
                          variant="light"
                          color={state === "older" ? "orange" : "green"}
                          disabled={missing.length > 0}
                          onClick={() => setPublishing(v.version)}
                          data-testid={`msg-publish-${v.version}`}
                        >
                          {state === "older" ? "Roll back to this…" : "Publish…"}
                        </Button>
                      </Tooltip>
                    )}
                  </Group>
                </Group>
                <Table withRowBorders={false} verticalSpacing={2} layout="fixed">
                  <Table.Tbody>
                    {languageCells(v, store.allowedLanguages, store.defaultLanguage).map((c) => (
                      <Table.Tr key={c.language} data-testid={`msg-content-${v.version}-${c.language}`} data-language={c.language} data-missing={c.missing}>
                        <Table.Td w={90} style={{ verticalAlign: "top" }}>
                          <Badge size="sm" variant={c.isDefault ? "filled" : "outline"} color={c.notPlayed ? "gray" : undefined}>
                            {c.language}
                          </Badge>
                        </Table.Td>
                        <Table.Td>
                          {c.missing ? (
                            <Text size="sm" c="red" fs="italic">
                              missing{c.isDefault ? "" : ` — callers hear ${store.defaultLanguage}`}
                            </Text>
                          ) : (
                            <Text size="sm" dir={direction(c.language)} style={{ whiteSpace: "pre-wrap", wordBreak: "break-word" }} c={c.notPlayed ? "dimmed" : undefined}>
                              {c.content}
                              {c.notPlayed && " (language removed from the store: kept, not played)"}
                            </Text>
                          )}
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Card>
            );
          })
        )}
      </Stack>
    </ScrollArea.Autosize>
  );
}

function KeyAudit({ store, keyName }: { store: StoreRow; keyName: string }) {
  return <MessageAudit store={store} keyName={keyName} />;
}

/** The audit of every key of a store, deleted keys included. */
function StoreAudit({ store }: { store: StoreRow }) {
  return <MessageAudit store={store} keyName={null} />;
}

/** A key's audit (`keyName` null: every key's, with a Key column), newest first, a page at a time. */
function MessageAudit({ store, keyName }: { store: StoreRow; keyName: string | null }) {
  const paging = usePaging(AUDIT_PAGE);
  const audit = useQuery({
    queryKey: qk.messages.audit(store.id, keyName, paging.page),
    queryFn: () => commands.messagesAudit({ storeId: store.id, key: keyName, offset: paging.offset, limit: paging.limit }),
    placeholderData: keepPreviousData,
  });
  const withKey = keyName === null;
  return (
    <PagedTable
      testId={withKey ? "msg-store-audit-table" : "msg-audit-table"}
      query={audit}
      paging={paging}
      pageSizes={null}
      minHeight={120}
      idAccessor="auditId"
      noRecordsText="No audit entries"
      rowAttributes={(a) => ({ "data-testid": "msg-audit-row", "data-action": a.action, "data-key": a.key })}
      columns={[
        { accessor: "actionAt", title: "When (UTC)", noWrap: true, render: (a) => <Text size="xs">{shortTime(a.actionAt)}</Text> },
        { accessor: "actionBy", title: "Who" },
        ...(withKey
          ? [
              {
                accessor: "key",
                title: "Key",
                render: (a: KeyAuditItem) => (
                  <Group gap={4} wrap="nowrap">
                    <Code>{a.key}</Code>
                    {!a.keyIsActive && (
                      // Not shrunk by a long key: the word stays whole ("DELET…" said nothing).
                      <Badge size="xs" color="red" variant="light" style={{ flexShrink: 0 }}>
                        deleted
                      </Badge>
                    )}
                  </Group>
                ),
              },
            ]
          : []),
        { accessor: "action", title: "Action", render: (a) => <Text size="sm" fw={500}>{a.action}</Text> },
        { accessor: "what", title: "What", render: (a) => <Text size="sm">{auditSummary(a)}</Text> },
      ]}
    />
  );
}

function WhereUsedPanel({ store, keyName, onOpenFlow }: { store: StoreRow; keyName: string; onOpenFlow?: (target: FlowTarget) => void }) {
  const [allFlows, setAllFlows] = useState(false);
  const used = useQuery({
    queryKey: qk.messages.used(store.id, keyName, allFlows),
    queryFn: () => commands.messagesWhereUsed({ storeId: store.id, key: keyName, allFlows }),
  });
  return (
    <Stack gap="xs">
      <Checkbox
        label="Search every flow, not only those whose routing entries use this store"
        checked={allFlows}
        onChange={(e) => setAllFlows(e.currentTarget.checked)}
        data-testid="msg-used-all"
      />
      <QueryTable
        q={used}
        empty={<Empty title="Not used">No segment names {keyName} in its configuration.</Empty>}
        testId="msg-used-table"
        cols={["Flow", "Segment", "Configuration key", "In"]}
        row={(r) => (
          <Table.Tr key={`${r.routingId}/${r.changeSetId ?? ""}/${r.segmentName}/${r.configKey}`} data-testid="msg-used-row" data-segment={r.segmentName}>
            <Table.Td><Code>{r.routingId}</Code></Table.Td>
            <Table.Td>
              {onOpenFlow ? (
                <Tooltip label={r.changeSetId === null ? "Open the live flow at this segment" : "Open this draft at this segment"}>
                  <Anchor
                    size="sm"
                    ff="monospace"
                    onClick={() => onOpenFlow({ routingId: r.routingId, changeSetId: r.changeSetId, focus: { segment: r.segmentName, key: r.configKey } })}
                    data-testid="msg-used-open"
                  >
                    {r.segmentName}
                  </Anchor>
                </Tooltip>
              ) : (
                <Code>{r.segmentName}</Code>
              )}{" "}
              <Text span size="xs" c="dimmed">
                {r.segmentType}
              </Text>
            </Table.Td>
            <Table.Td>{r.configKey}</Table.Td>
            <Table.Td>
              {r.changeSetId === null ? (
                <Text size="sm">published</Text>
              ) : (
                <Tooltip label={r.changeSetId}>
                  <Text size="sm" c="orange">draft {r.changeSetId.slice(0, 8)}</Text>
                </Tooltip>
              )}
            </Table.Td>
          </Table.Tr>
        )}
      />
    </Stack>
  );
}
