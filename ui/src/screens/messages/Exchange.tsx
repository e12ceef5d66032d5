import { Alert, Badge, Button, Checkbox, Code, Divider, Group, Pagination, ScrollArea, SegmentedControl, Stack, Table, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { IconDownload, IconFileImport, IconRefresh, IconUpload, IconX } from "@tabler/icons-react";
import { listen } from "@tauri-apps/api/event";
import { useEffect, useState } from "react";
import type { FilePreview } from "../../bindings/FilePreview";
import type { ImportPlan } from "../../bindings/ImportPlan";
import type { ImportProgress } from "../../bindings/ImportProgress";
import type { StoreRow } from "../../bindings/StoreRow";
import type { TextChange } from "../../bindings/TextChange";
import { commands } from "../../bindings/commands";
import { DoneAlert, ErrorAlert, WorkProgress } from "../../components/States";
import { detailOf, toApiError } from "../../lib/errors";
import { IMPORT_PROGRESS_EVENT, changeKind, exportRequest, importProgress, importSummary, itemSummary, listedItems, pageOf, type ExportKind } from "../../lib/exchange";
import { direction } from "../../lib/messageChecks";
import { qk } from "../../lib/queryKeys";
import { TableHead } from "../../components/TableHead";

/** Keys of a preview listed a page (each with its changed languages). */
const PAGE_SIZE = 50;

/**
 * Translator exchange of a store: export through the native save dialog, import through the
 * native open dialog with a dry-run preview, then an explicit Import (all or nothing). The
 * dialogs are opened by the backend, which reads and writes the chosen file itself.
 */
export function StoreExchange({ store, readOnly }: { store: StoreRow; readOnly: boolean }) {
  const qc = useQueryClient();
  const [kind, setKind] = useState<ExportKind>("csv-latest");
  const [preview, setPreview] = useState<FilePreview | null>(null);
  const [imported, setImported] = useState<FilePreview | null>(null);
  const [progress, setProgress] = useState<ImportProgress | null>(null);

  useEffect(() => {
    let unlisten: (() => void) | undefined;
    let gone = false;
    listen<ImportProgress>(IMPORT_PROGRESS_EVENT, (e) => setProgress(e.payload))
      .then((u) => (gone ? u() : (unlisten = u)))
      .catch(() => undefined);
    return () => {
      gone = true;
      unlisten?.();
    };
  }, []);

  const exporting = useMutation({ mutationFn: () => commands.messagesExportFile(exportRequest(store, kind)) });
  const choosing = useMutation({
    mutationFn: () => commands.messagesImportChoose({ storeId: store.id }),
    onSuccess: (p) => {
      if (p) {
        setPreview(p);
        setImported(null);
      }
    },
  });
  const refreshing = useMutation({
    mutationFn: () => commands.messagesImportPreview({ storeId: store.id }),
    onSuccess: (p) => {
      setPreview(p);
      setImported(null);
    },
  });
  const applying = useMutation({
    mutationFn: (p: FilePreview) => {
      setProgress(null);
      return commands.messagesImportApply({ storeId: store.id, sha256: p.sha256 });
    },
    onSuccess: (p) => {
      setImported(p);
      setPreview(null);
      void qc.invalidateQueries({ queryKey: qk.messages.all() });
      notifications.show({ color: "green", message: `Imported ${p.fileName}: ${importSummary(p.result.plan)}` });
    },
  });
  const cancelling = useMutation({ mutationFn: () => commands.messagesImportCancel() });
  const busy = exporting.isPending || choosing.isPending || refreshing.isPending || applying.isPending;
  // A cancelled import is not a failure: it says so, and the preview stays to import again.
  const cancelled = applying.isError && detailOf(toApiError(applying.error)).cancelled === true;
  const failed = [exporting, choosing, refreshing, applying].find((m) => m.isError && !(m === applying && cancelled));
  const bar = importProgress(progress);
  const plan = preview?.result.plan;
  const nothingToDo = plan !== undefined && plan.keysCreated === 0 && plan.versionsCreated === 0;

  return (
    <Stack data-testid="msg-exchange">
      <Title order={5}>Export</Title>
      <Group align="flex-end">
        <SegmentedControl
          value={kind}
          onChange={(v) => setKind(v as ExportKind)}
          data={[
            { value: "csv-latest", label: "CSV · latest versions" },
            { value: "csv-published", label: "CSV · published versions" },
            { value: "json", label: "JSON · everything" },
          ]}
          data-testid="msg-export-kind"
        />
        <Button leftSection={<IconDownload size={16} />} onClick={() => exporting.mutate()} disabled={busy} data-testid="msg-export">
          Export…
        </Button>
      </Group>
      <Text size="xs" c="dimmed">
        CSV for translators: one row per key, one column per language (UTF-8). JSON keeps every version, the settings and the published pointer.
      </Text>
      {exporting.data && (
        <DoneAlert data-testid="msg-export-done" data-path={exporting.data.path}>
          Wrote <Code>{exporting.data.fileName}</Code> ({exporting.data.bytes.toLocaleString()} bytes).
        </DoneAlert>
      )}
      <Divider />
      <Title order={5}>Import</Title>
      <Group>
        <Button leftSection={<IconFileImport size={16} />} variant="light" onClick={() => choosing.mutate()} disabled={busy} data-testid="msg-import-choose">
          Choose file…
        </Button>
        {preview && (
          <Button leftSection={<IconRefresh size={16} />} variant="subtle" onClick={() => refreshing.mutate()} disabled={busy} data-testid="msg-import-refresh">
            Preview again
          </Button>
        )}
      </Group>
      <Text size="xs" c="dimmed">
        New keys are created (CSV: version 1, unpublished); a key whose texts differ from its latest version gets a new version; nothing is published or deleted. The
        import is all or nothing, in one transaction: Cancel while it runs leaves the store as it was.
      </Text>
      {applying.isPending && (
        <Group gap="xs" wrap="nowrap" align="flex-start" data-testid="msg-import-progress" data-percent={bar.percent ?? ""}>
          <div style={{ flex: 1 }}>
            <WorkProgress testId="msg-import-bar" value={bar.percent ?? undefined} text={bar.label} textTestId="msg-import-progress-label" />
          </div>
          <Button
            size="xs"
            variant="default"
            leftSection={<IconX size={14} />}
            onClick={() => cancelling.mutate()}
            disabled={cancelling.isPending}
            data-testid="msg-import-cancel"
          >
            {cancelling.isPending ? "Cancelling…" : "Cancel"}
          </Button>
        </Group>
      )}
      {busy && !applying.isPending && (
        <WorkProgress testId="msg-busy" text={exporting.isPending ? "Exporting…" : "Reading and checking the file…"} />
      )}
      {cancelled && (
        <Alert color="gray" title="Import cancelled" data-testid="msg-import-cancelled">
          Nothing was imported: the store is as it was. Import again when you are ready.
        </Alert>
      )}
      {failed && <ErrorAlert error={failed.error} />}
      {imported && (
        <DoneAlert data-testid="msg-import-done">
          Imported <Code>{imported.fileName}</Code>: {importSummary(imported.result.plan)}.
        </DoneAlert>
      )}
      {preview && plan && (
        <Stack gap="xs" data-testid="msg-import-preview" data-errors={plan.errors.length} data-file={preview.fileName}>
          <Group gap="xs">
            <Text size="sm">
              <Code>{preview.fileName}</Code> ({preview.format ? preview.format.toUpperCase() : "unknown format"}, {preview.bytes.toLocaleString()} bytes) — dry run:
            </Text>
            <Badge color="blue" variant="light" data-testid="msg-import-created">{plan.keysCreated} key(s) to create</Badge>
            <Badge color="blue" variant="light" data-testid="msg-import-versions">{plan.versionsCreated} version(s) to add</Badge>
            <Badge color="gray" variant="light">{plan.unchanged} unchanged</Badge>
            <Badge color={plan.errors.length ? "red" : "green"} variant="light" data-testid="msg-import-error-count">{plan.errors.length} error(s)</Badge>
            {plan.warnings.length > 0 && <Badge color="yellow" variant="light">{plan.warnings.length} warning(s)</Badge>}
          </Group>
          {plan.errors.length + plan.warnings.length > 0 && (
            <ScrollArea.Autosize mah={220}>
              <Table striped withTableBorder data-testid="msg-import-errors">
                <TableHead cols={["Line", "Field", "Key", "Problem"]} />
                <Table.Tbody>
                  {plan.errors.map((e, i) => (
                    <Table.Tr key={`e${i}`} data-testid="msg-import-error" data-line={e.line} data-field={e.field ?? ""}>
                      <Table.Td>{e.line}</Table.Td>
                      <Table.Td>{e.field ?? "—"}</Table.Td>
                      <Table.Td>{e.key ?? "—"}</Table.Td>
                      <Table.Td c="red">{e.message}</Table.Td>
                    </Table.Tr>
                  ))}
                  {plan.warnings.map((w, i) => (
                    <Table.Tr key={`w${i}`} data-testid="msg-import-warning" data-line={w.line}>
                      <Table.Td>{w.line}</Table.Td>
                      <Table.Td>{w.field ?? "—"}</Table.Td>
                      <Table.Td>{w.key ?? "—"}</Table.Td>
                      <Table.Td c="yellow.8">{w.message}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollArea.Autosize>
          )}
          <ChangeTable key={`${preview.fileName}:${preview.sha256}`} plan={plan} />
          <Group justify="flex-end">
            {readOnly && <Text size="sm" c="dimmed">Read-only environment: preview only.</Text>}
            {!readOnly && plan.errors.length > 0 && <Text size="sm" c="red">Fix every error in the file, then preview it again.</Text>}
            <Button
              leftSection={<IconUpload size={16} />}
              onClick={() => applying.mutate(preview)}
              disabled={busy || readOnly || plan.errors.length > 0 || nothingToDo}
              data-testid="msg-import-apply"
            >
              Import
            </Button>
          </Group>
        </Stack>
      )}
    </Stack>
  );
}

/**
 * What the import would create or change, in file order, a page at a time (a file of thousands of
 * keys is not drawn at once); unchanged keys are counted, and listed on request. Per key the
 * languages that change: the latest version's text (struck through) and the file's, or the file's
 * text marked "new". The backend cuts a long text around its first difference.
 */
export function ChangeTable({ plan }: { plan: Pick<ImportPlan, "items" | "unchanged"> }) {
  const [withUnchanged, setWithUnchanged] = useState(false);
  const [page, setPage] = useState(1);
  const listed = pageOf(listedItems(plan, withUnchanged), page, PAGE_SIZE);
  if (plan.items.length === 0) return null;
  return (
    <Stack gap={4} data-testid="msg-import-changes" data-page={listed.page} data-pages={listed.pages}>
      <Group justify="space-between">
        {plan.unchanged > 0 ? (
          <Checkbox
            size="xs"
            label={`Also list the ${plan.unchanged} unchanged key(s)`}
            checked={withUnchanged}
            onChange={(e) => {
              setWithUnchanged(e.currentTarget.checked);
              setPage(1);
            }}
            data-testid="msg-import-show-unchanged"
          />
        ) : (
          <span />
        )}
        {listed.pages > 1 && <Pagination size="sm" total={listed.pages} value={listed.page} onChange={setPage} data-testid="msg-import-pages" />}
      </Group>
      {listed.shown.length > 0 && (
        <ScrollArea.Autosize mah={360}>
          <Table striped withTableBorder data-testid="msg-import-items">
            <TableHead cols={["Line", "Key", "What happens"]} />
            <Table.Tbody>
              {listed.shown.map((i) => (
                <Table.Tr key={`${i.line}-${i.key}`} data-testid="msg-import-item" data-key={i.key} data-action={i.action}>
                  <Table.Td>{i.line}</Table.Td>
                  <Table.Td>
                    <Code>{i.key}</Code>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" c={i.action === "unchanged" ? "dimmed" : undefined}>
                      {itemSummary(i)}
                    </Text>
                    {i.changes.map((c) => (
                      <ChangeLine key={c.language} change={c} />
                    ))}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea.Autosize>
      )}
    </Stack>
  );
}

/** One language of a preview item, each text in the language's writing direction. */
function ChangeLine({ change }: { change: TextChange }) {
  const dir = direction(change.language);
  const kind = changeKind(change);
  const wrap = { whiteSpace: "pre-wrap", overflowWrap: "anywhere" } as const;
  return (
    <Group gap={6} wrap="nowrap" align="flex-start" mt={4} data-testid="msg-import-change" data-language={change.language} data-kind={kind}>
      <Code>{change.language}</Code>
      {kind === "new" && (
        <Badge size="xs" variant="light" color="teal" mt={2} style={{ flexShrink: 0 }}>
          new
        </Badge>
      )}
      <Stack gap={0} style={{ minWidth: 0 }}>
        {kind === "text" && (
          <Text size="xs" c="dimmed" td="line-through" dir={dir} style={wrap} data-testid="msg-import-before">
            {change.before}
          </Text>
        )}
        <Text size="xs" dir={dir} style={wrap} data-testid="msg-import-after">
          {change.after}
        </Text>
        {kind === "settings" && (
          <Text size="xs" c="dimmed">
            same text; its settings change
          </Text>
        )}
      </Stack>
    </Group>
  );
}
