import { Alert, Badge, Button, Group, Modal, Stack, Table, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { IconAlertTriangle } from "@tabler/icons-react";
import { useState } from "react";
import type { Heard } from "../../bindings/Heard";
import type { SettingChange } from "../../bindings/SettingChange";
import type { StoreRow } from "../../bindings/StoreRow";
import { commands } from "../../bindings/commands";
import { MarkedText } from "../../components/DiffView";
import { ErrorAlert, Loading } from "../../components/States";
import { sideMarks, type Marked } from "../../lib/diff";
import { toApiError } from "../../lib/errors";
import { direction } from "../../lib/messageChecks";
import { qk, refresh } from "../../lib/queryKeys";

/** What one side's callers hear: the text (words the other side lacks marked), the version, a fallback. */
function HeardCell({ h, runs, side, testid }: { h: Heard | null; runs: Marked[]; side: "del" | "add"; testid: string }) {
  if (!h) {
    return (
      <Text size="sm" c="dimmed" fs="italic" data-testid={testid} data-empty="true">
        nothing (no published version)
      </Text>
    );
  }
  return (
    <Stack gap={2} data-testid={testid} data-version={h.version}>
      <Text size="sm" dir={direction(h.language)} style={{ whiteSpace: "pre-wrap", wordBreak: "break-word" }}>
        <MarkedText runs={runs} side={side} />
      </Text>
      <Text size="xs" c="dimmed">
        v{h.version}
        {h.voice ? ` · voice ${h.voice}` : ""}
        {h.fellBack ? ` · in ${h.language}: no content in this language, the default plays` : ""}
      </Text>
    </Stack>
  );
}

/** A setting's JSON text as a reader says it: a string without its quotes, "not set" for none. */
function settingValue(json: string | null): string {
  if (json === null) return "not set";
  if (!json.startsWith('"')) return json;
  try {
    return String(JSON.parse(json));
  } catch {
    return json;
  }
}

/** What callers get differently besides the text (voice, rate, …), "name: now → after" a line. */
function SettingChanges({ changes, testid }: { changes: SettingChange[]; testid: string }) {
  if (changes.length === 0) return null;
  return (
    <Stack gap={0} mt={4} data-testid={testid}>
      {changes.map((s) => (
        <Text key={s.name} size="xs" data-setting={s.name}>
          {s.name}: {settingValue(s.now)} → {settingValue(s.after)}
        </Text>
      ))}
    </Stack>
  );
}

/**
 * Publish or roll back one version. The app decides which of the two it is and shows, per
 * language, what callers hear now and what they will hear; if someone moved the published pointer
 * meanwhile the change is refused (CONFLICT) and the dialog shows the new state, nothing changed.
 */
export function PublishDialog({ store, keyName, version, onClose }: { store: StoreRow; keyName: string; version: number; onClose: () => void }) {
  const qc = useQueryClient();
  const [conflict, setConflict] = useState<string | null>(null);
  const preview = useQuery({
    queryKey: qk.messages.publishPreview(store.id, keyName, version),
    queryFn: () => commands.messagesPublishPreview({ storeId: store.id, key: keyName, version, expectedRowVersion: null }),
    staleTime: 0,
    gcTime: 0,
  });
  const move = useMutation({
    mutationFn: (rowVersion: string) => commands.messagesSetPublished({ storeId: store.id, key: keyName, version, expectedRowVersion: rowVersion }),
    onSuccess: (k) => {
      refresh.messageKey(qc, store.id, keyName, k);
      notifications.show({
        title: preview.data?.action === "rollback" ? "Rolled back" : "Published",
        message: `${keyName} now plays version ${k.publishedVersion} in every language.`,
      });
      onClose();
    },
    onError: (e) => {
      const err = toApiError(e);
      if (err.code === "CONFLICT") {
        setConflict(err.message);
        refresh.staleMessageKey(qc, store.id, keyName);
        void preview.refetch();
      }
    },
  });
  const p = preview.data;
  const rollback = p?.action === "rollback";
  const title = !p ? `Version ${version} of ${keyName}` : p.action === "unchanged" ? `Version ${version} of ${keyName} is published` : rollback ? `Roll ${keyName} back to version ${version}?` : `Publish version ${version} of ${keyName}?`;
  const changed = p?.languages.filter((l) => l.changed).length ?? 0;
  return (
    <Modal opened onClose={onClose} title={title} size="xl">
      <Stack data-testid="msg-publish-dialog" data-action={p?.action ?? ""}>
        {preview.isPending ? (
          <Loading label="Reading what callers hear…" />
        ) : preview.isError ? (
          <ErrorAlert error={preview.error} onRetry={() => preview.refetch()} />
        ) : (
          <>
            {conflict && (
              <Alert color="orange" icon={<IconAlertTriangle size={18} />} title="Someone changed the published version meanwhile" data-testid="msg-publish-conflict">
                <Text size="sm">
                  Nothing was changed. {keyName} now plays {p!.publishedVersion === null ? "no version" : `version ${p!.publishedVersion}`}; below is what callers hear now. Confirm
                  again to {p!.action === "rollback" ? "roll back" : "publish"} anyway.
                </Text>
              </Alert>
            )}
            <Text size="sm">
              {p!.action === "unchanged"
                ? "Callers already hear this version."
                : `Every language switches at once${p!.publishedVersion !== null ? `; version ${p!.publishedVersion} stays available to go back to` : ""}. ${changed} of ${p!.languages.length} language${p!.languages.length === 1 ? "" : "s"} change for callers.`}
            </Text>
            {p!.missingLanguages.length > 0 && (
              <Alert color="red" data-testid="msg-publish-missing">
                Version {version} has no content in {p!.missingLanguages.join(", ")}; a version is published in every language: write a new version with all of them.
              </Alert>
            )}
            <Table withTableBorder layout="fixed" verticalSpacing="xs" data-testid="msg-publish-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={110}>Language</Table.Th>
                  <Table.Th>Callers hear now</Table.Th>
                  <Table.Th>They will hear</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {p!.languages.map((l) => {
                  const marks = sideMarks(l.now?.content ?? null, l.after?.content ?? null);
                  return (
                    <Table.Tr key={l.language} data-testid={`msg-publish-row-${l.language}`} data-changed={l.changed}>
                      <Table.Td style={{ verticalAlign: "top" }}>
                        <Stack gap={4}>
                          <Badge variant={l.language === store.defaultLanguage ? "filled" : "outline"}>{l.language}</Badge>
                          {l.changed ? (
                            <Badge size="xs" color="blue" variant="light">
                              changes
                            </Badge>
                          ) : (
                            <Badge size="xs" color="gray" variant="light">
                              same
                            </Badge>
                          )}
                        </Stack>
                      </Table.Td>
                      <Table.Td style={{ verticalAlign: "top" }}>
                        <HeardCell h={l.now} runs={marks.before} side="del" testid={`msg-publish-now-${l.language}`} />
                      </Table.Td>
                      <Table.Td style={{ verticalAlign: "top", background: l.changed ? "var(--mantine-color-blue-light)" : undefined }}>
                        <HeardCell h={l.after} runs={marks.after} side="add" testid={`msg-publish-after-${l.language}`} />
                        <SettingChanges changes={l.settingChanges} testid={`msg-publish-settings-${l.language}`} />
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </>
        )}
        {move.isError && toApiError(move.error).code !== "CONFLICT" && <ErrorAlert error={move.error} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {p?.action === "unchanged" ? "Close" : "Cancel"}
          </Button>
          {p && p.action !== "unchanged" && (
            <Button
              color={rollback ? "orange" : "green"}
              disabled={p.missingLanguages.length > 0 || preview.isFetching}
              loading={move.isPending}
              onClick={() => move.mutate(p.rowVersion)}
              data-testid="msg-confirm-publish"
            >
              {rollback ? "Roll back" : "Publish"}
            </Button>
          )}
        </Group>
      </Stack>
    </Modal>
  );
}
