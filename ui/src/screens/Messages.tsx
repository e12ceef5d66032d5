import { Alert, Badge, Button, Card, Checkbox, Code, Grid, Group, Pagination, ScrollArea, Select, Stack, Table, Tabs, Text, TextInput, Title, Tooltip } from "@mantine/core";
import { useDebouncedValue, useHotkeys } from "@mantine/hooks";
import { modals } from "@mantine/modals";
import { notifications } from "@mantine/notifications";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { IconLock, IconSearch } from "@tabler/icons-react";
import { DataTable } from "mantine-datatable";
import { useRef, useState } from "react";
import type { KeyAuditRow } from "../bindings/KeyAuditRow";
import type { KeyWithVersions } from "../bindings/KeyWithVersions";
import type { Page } from "../bindings/Page";
import type { StoreRow } from "../bindings/StoreRow";
import type { VersionRow } from "../bindings/VersionRow";
import { commands } from "../bindings/commands";
import { Loaded } from "../components/Loaded";
import { Empty, ErrorAlert, Loading } from "../components/States";
import { TableHead } from "../components/TableHead";
import { PAGE_SIZES, pagedTableProps } from "../components/pagedTable";
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
  versionState,
  versionSummary,
  type MessageFilters,
} from "../lib/messages";

const AUDIT_PAGE = 20;

function storeLabel(s: StoreRow): string {
  return `${s.customerId}/${s.projectId} — ${s.name}${s.isActive ? "" : " (inactive)"}`;
}

/** Content editors: pick a store, find keys, read every version per language and the audit trail. */
export function MessagesScreen({ readOnly }: { readOnly: boolean }) {
  const stores = useQuery({ queryKey: ["messages", "stores"], queryFn: () => commands.messagesStoreList() });
  const [storeId, setStoreId] = useState<number | null>(null);

  if (stores.isPending) return <Loading label="Loading message stores…" />;
  if (stores.isError) return <ErrorAlert error={stores.error} onRetry={() => stores.refetch()} />;
  if (stores.data.length === 0) {
    return (
      <Stack>
        <Title order={3}>Messages</Title>
        <Empty title="No message stores">
          A message store belongs to a company project: <Code>ivr messages store create --customer … --project …</Code>
        </Empty>
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
      <StoreHeader store={current} />
      <StoreKeys key={current.id} store={current} readOnly={readOnly} />
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

function StoreKeys({ store, readOnly }: { store: StoreRow; readOnly: boolean }) {
  const [filters, setFilters] = useState<MessageFilters>(NO_FILTERS);
  const [debounced] = useDebouncedValue(filters, 250);
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(PAGE_SIZES[0]);
  const [selected, setSelected] = useState<string | null>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const set = <K extends keyof MessageFilters>(k: K, v: MessageFilters[K]) => {
    setFilters((f) => ({ ...f, [k]: v }));
    setPage(1);
  };
  useHotkeys([
    ["mod+F", () => searchRef.current?.focus()],
    ["/", () => searchRef.current?.focus()],
  ]);

  const dict = useQuery({ queryKey: ["dict"], queryFn: () => commands.dictAll() });
  const list = useQuery({
    queryKey: ["messages", "keys", store.id, debounced, page, pageSize],
    queryFn: () => commands.messagesKeyList({ storeId: store.id, filter: keyFilter(debounced, page, pageSize) }),
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
          value={filters.text}
          onChange={(e) => set("text", e.currentTarget.value)}
          w={220}
          data-testid="msg-search"
        />
        <Select
          label="Category"
          placeholder="any"
          clearable
          searchable
          w={170}
          data={(dict.data?.messageCategories ?? []).filter((c) => c.isActive).map((c) => ({ value: c.code, label: c.displayName }))}
          value={filters.category}
          onChange={(v) => set("category", v)}
          data-testid="msg-category"
        />
        <Select
          label="Type"
          placeholder="any"
          clearable
          w={150}
          data={(dict.data?.messageTypes ?? []).filter((t) => t.isActive).map((t) => ({ value: t.code, label: t.code }))}
          value={filters.messageType}
          onChange={(v) => set("messageType", v)}
          data-testid="msg-type"
        />
        <Stack gap={6} pb={4}>
          <Checkbox label="Missing a translation" checked={filters.missingLanguage} onChange={(e) => set("missingLanguage", e.currentTarget.checked)} data-testid="msg-missing" />
          <Checkbox label="Newer than published" checked={filters.newerThanPublished} onChange={(e) => set("newerThanPublished", e.currentTarget.checked)} data-testid="msg-newer" />
        </Stack>
        {hasFilters(filters) && (
          <Button variant="subtle" onClick={() => { setFilters(NO_FILTERS); setPage(1); }}>
            Clear
          </Button>
        )}
      </Group>
      {list.isError && <ErrorAlert error={list.error} onRetry={() => list.refetch()} />}
      <Grid>
        <Grid.Col span={selected ? 5 : 12}>
          {list.isPending ? (
            <Loading />
          ) : (
            <DataTable
              data-testid="msg-key-table"
              {...pagedTableProps({ page, setPage, pageSize, setPageSize, total: list.data?.total ?? 0, fetching: list.isFetching })}
              records={list.data?.items ?? []}
              idAccessor="id"
              noRecordsText={hasFilters(filters) ? "No key matches these filters" : "This store has no keys yet"}
              onRowClick={({ record }) => setSelected(record.key)}
              rowStyle={(r) => (r.key === selected ? { outline: "2px solid var(--mantine-primary-color-filled)", outlineOffset: -2 } : undefined)}
              customRowAttributes={(r) => ({ "data-testid": `msg-key-${r.key}`, "data-key": r.key })}
              columns={[
                { accessor: "key", title: "Key", render: (r) => <Code>{r.key}</Code> },
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
          )}
        </Grid.Col>
        {selected && (
          <Grid.Col span={7}>
            <KeyDetail store={store} keyName={selected} readOnly={readOnly} onClose={() => setSelected(null)} />
          </Grid.Col>
        )}
      </Grid>
    </Stack>
  );
}

function KeyDetail({ store, keyName, readOnly, onClose }: { store: StoreRow; keyName: string; readOnly: boolean; onClose: () => void }) {
  const detail = useQuery({
    queryKey: ["messages", "key", store.id, keyName],
    queryFn: () => commands.messagesKeyGet({ storeId: store.id, key: keyName }),
  });
  return (
    <Card withBorder padding="sm" data-testid="msg-detail">
      <Group justify="space-between" mb="xs">
        <Group gap="xs">
          <Code fz="md" data-testid="msg-detail-key">{keyName}</Code>
          {detail.data && (
            <>
              <Badge variant="light">{detail.data.messageType}</Badge>
              <Badge variant="light" color="gray">{detail.data.category}</Badge>
            </>
          )}
        </Group>
        <Button size="compact-xs" variant="subtle" onClick={onClose}>
          Close
        </Button>
      </Group>
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
              <Versions store={store} detail={detail.data} readOnly={readOnly} />
            </Tabs.Panel>
            <Tabs.Panel value="audit" pt="xs">
              <KeyAudit store={store} keyName={keyName} />
            </Tabs.Panel>
            <Tabs.Panel value="used" pt="xs">
              <WhereUsedPanel store={store} keyName={keyName} />
            </Tabs.Panel>
          </Tabs>
        </>
      )}
    </Card>
  );
}

function Versions({ store, detail, readOnly }: { store: StoreRow; detail: KeyWithVersions; readOnly: boolean }) {
  const qc = useQueryClient();
  const move = useMutation({
    mutationFn: ({ v, rollback }: { v: VersionRow; rollback: boolean }) => {
      const req = { storeId: store.id, key: detail.key, version: v.version, expectedRowVersion: detail.rowVersion };
      return rollback ? commands.messagesRollback(req) : commands.messagesPublish(req);
    },
    onSuccess: (k, { rollback }) => {
      qc.setQueryData(["messages", "key", store.id, detail.key], k);
      void qc.invalidateQueries({ queryKey: ["messages", "keys", store.id] });
      void qc.invalidateQueries({ queryKey: ["messages", "audit", store.id, detail.key] });
      notifications.show({
        title: rollback ? "Rolled back" : "Published",
        message: `${detail.key} now plays version ${k.publishedVersion} in every language.`,
      });
    },
    onError: (e) => {
      // The refusal stays visible in the panel (see below); a stale pointer reloads the key.
      if (toApiError(e).code === "CONFLICT") void qc.invalidateQueries({ queryKey: ["messages", "key", store.id, detail.key] });
    },
  });
  const confirm = (v: VersionRow, rollback: boolean) =>
    modals.openConfirmModal({
      title: rollback ? `Roll ${detail.key} back to version ${v.version}?` : `Publish version ${v.version} of ${detail.key}?`,
      children: (
        <Text size="sm">
          Every language ({store.allowedLanguages.join(", ")}) switches to version {v.version} at once. The current version
          {detail.publishedVersion !== null ? ` (${detail.publishedVersion})` : ""} stays available to go back to.
        </Text>
      ),
      labels: { confirm: rollback ? "Roll back" : "Publish", cancel: "Cancel" },
      confirmProps: { "data-testid": "msg-confirm-publish" } as Record<string, string>,
      onConfirm: () => move.mutate({ v, rollback }),
    });

  if (detail.versions.length === 0) return <Empty title="No version yet">Add one with <Code>ivr messages version add</Code>.</Empty>;
  return (
    <ScrollArea.Autosize mah={560}>
      <Stack gap="sm">
        {move.isError && <ErrorAlert error={move.error} />}
        {readOnly && (
          <Alert color="gray" icon={<IconLock size={16} />} p="xs" data-testid="msg-read-only">
            This environment is read-only: publishing and rolling back are refused until it is unlocked.
          </Alert>
        )}
        {newestFirst(detail.versions).map((v) => {
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
                  {state !== "published" && (
                    <Tooltip label={missing.length ? `Add ${missing.join(", ")} first: a version is published in every language` : readOnly ? "Read-only environment" : ""} disabled={!missing.length && !readOnly}>
                      <Button
                        size="compact-xs"
                        variant="light"
                        color={state === "older" ? "orange" : "green"}
                        disabled={missing.length > 0}
                        loading={move.isPending && move.variables?.v.id === v.id}
                        onClick={() => confirm(v, state === "older")}
                        data-testid={`msg-publish-${v.version}`}
                      >
                        {state === "older" ? "Roll back to this" : "Publish"}
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
                          <Text size="sm" style={{ whiteSpace: "pre-wrap", wordBreak: "break-word" }} c={c.notPlayed ? "dimmed" : undefined}>
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
        })}
      </Stack>
    </ScrollArea.Autosize>
  );
}

function KeyAudit({ store, keyName }: { store: StoreRow; keyName: string }) {
  const [page, setPage] = useState(1);
  const audit = useQuery({
    queryKey: ["messages", "audit", store.id, keyName, page],
    queryFn: () => commands.messagesAudit({ storeId: store.id, key: keyName, offset: (page - 1) * AUDIT_PAGE, limit: AUDIT_PAGE }),
    placeholderData: keepPreviousData,
  });
  return (
    <Loaded q={audit} isEmpty={(d) => d.items.length === 0} empty={<Empty title="No audit entries" />}>
      {(data) => <AuditTable data={data} page={page} setPage={setPage} />}
    </Loaded>
  );
}

function AuditTable({ data, page, setPage }: { data: Page<KeyAuditRow>; page: number; setPage: (p: number) => void }) {
  const pages = Math.ceil(data.total / AUDIT_PAGE);
  return (
    <Stack gap="xs">
      <Table striped withTableBorder data-testid="msg-audit-table">
        <TableHead cols={["When (UTC)", "Who", "Action", "What"]} />
        <Table.Tbody>
          {data.items.map((a) => (
            <Table.Tr key={a.auditId} data-testid="msg-audit-row" data-action={a.action}>
              <Table.Td style={{ whiteSpace: "nowrap" }}>
                <Text size="xs">{shortTime(a.actionAt)}</Text>
              </Table.Td>
              <Table.Td>{a.actionBy}</Table.Td>
              <Table.Td>
                <Text size="sm" fw={500}>
                  {a.action}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{auditSummary(a)}</Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {pages > 1 && <Pagination size="sm" total={pages} value={page} onChange={setPage} />}
    </Stack>
  );
}

function WhereUsedPanel({ store, keyName }: { store: StoreRow; keyName: string }) {
  const [allFlows, setAllFlows] = useState(false);
  const used = useQuery({
    queryKey: ["messages", "used", store.id, keyName, allFlows],
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
      <Loaded
        q={used}
        isEmpty={(d) => d.length === 0}
        empty={<Empty title="Not used">No segment names {keyName} in its configuration.</Empty>}
      >
        {(rows) => (
          <Table striped withTableBorder data-testid="msg-used-table">
            <TableHead cols={["Flow", "Segment", "Configuration key", "In"]} />
            <Table.Tbody>
              {rows.map((r) => (
                <Table.Tr key={`${r.routingId}/${r.changeSetId ?? ""}/${r.segmentName}/${r.configKey}`} data-testid="msg-used-row" data-segment={r.segmentName}>
                  <Table.Td><Code>{r.routingId}</Code></Table.Td>
                  <Table.Td>
                    <Code>{r.segmentName}</Code>{" "}
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
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Loaded>
    </Stack>
  );
}
