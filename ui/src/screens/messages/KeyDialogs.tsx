import { Alert, Button, Checkbox, Code, Group, List, Modal, Select, Stack, Text, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useDebouncedValue } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { IconAlertTriangle } from "@tabler/icons-react";
import { useState } from "react";
import type { KeyWithVersions } from "../../bindings/KeyWithVersions";
import type { StoreRow } from "../../bindings/StoreRow";
import type { WhereUsed } from "../../bindings/WhereUsed";
import { commands } from "../../bindings/commands";
import { FormActions, FormError } from "../../components/FormActions";
import { FormDialog } from "../../components/FormDialog";
import { ErrorAlert, Loading } from "../../components/States";
import { toApiError } from "../../lib/errors";
import { keyProblem, nameProblem } from "../../lib/messageChecks";
import { placeServerErrors } from "../../lib/formErrors";
import { qk, refresh } from "../../lib/queryKeys";

type KeyValues = { key: string; messageType: string | null; category: string | null; displayName: string };

/** The choices of the type and category selects (active dictionary entries). */
function useMessageDictionaries() {
  const dict = useQuery({ queryKey: qk.dict(), queryFn: () => commands.dictAll() });
  return {
    types: (dict.data?.messageTypes ?? []).filter((t) => t.isActive).map((t) => ({ value: t.code, label: t.displayName ? `${t.code} — ${t.displayName}` : t.code })),
    categories: (dict.data?.messageCategories ?? []).filter((c) => c.isActive).map((c) => ({ value: c.code, label: c.displayName })),
    dict,
  };
}

/** Backend field names → inputs of the key form. */
const KEY_FIELD: Record<string, keyof KeyValues> = { messageKey: "key", key: "key", messageType: "messageType", category: "category", displayName: "displayName" };


/**
 * New key: the name is checked as it is typed (the key rule here, then the store is asked whether
 * the name is taken); the backend checks everything again on save.
 */
export function CreateKeyDialog({ store, onClose, onCreated }: { store: StoreRow; onClose: () => void; onCreated: (k: KeyWithVersions) => void }) {
  const qc = useQueryClient();
  const { types, categories } = useMessageDictionaries();
  const form = useForm<KeyValues>({
    mode: "controlled",
    initialValues: { key: "", messageType: "tts", category: null, displayName: "" },
    validateInputOnChange: ["key", "displayName"],
    validate: {
      key: (v) => keyProblem(v),
      messageType: (v) => (v ? null : "choose a message type"),
      category: (v) => (v ? null : "choose a category"),
      displayName: (v) => nameProblem(v),
    },
  });
  const [debouncedKey] = useDebouncedValue(form.values.key, 250);
  const wellFormed = keyProblem(debouncedKey) === null;
  const check = useQuery({
    queryKey: qk.messages.keyCheck(store.id, debouncedKey),
    queryFn: () => commands.messagesKeyCheck({ storeId: store.id, key: debouncedKey, includeDeleted: false }),
    enabled: wellFormed,
  });
  const taken = wellFormed && check.data?.key === form.values.key && check.data.taken ? check.data.problem : null;
  const create = useMutation({
    mutationFn: (v: KeyValues) =>
      commands.messagesKeyCreate({
        storeId: store.id,
        key: v.key,
        messageType: v.messageType ?? "",
        category: v.category ?? "",
        displayName: v.displayName.trim() === "" ? null : v.displayName,
        contents: [],
        versionName: null,
      }),
    onSuccess: (k) => {
      void qc.invalidateQueries({ queryKey: qk.messages.keys(store.id) });
      void qc.invalidateQueries({ queryKey: qk.messages.stores() });
      void qc.invalidateQueries({ queryKey: qk.messages.storeTexts(store.id) });
      qc.setQueryData(qk.messages.key(store.id, k.key), k);
      notifications.show({ title: "Key created", message: `${k.key} has no version yet: write its first one.` });
      onCreated(k);
    },
    onError: (e) => placeServerErrors(form, e, KEY_FIELD),
  });
  const submit = form.onSubmit((v) => {
    if (taken) return;
    create.mutate(v);
  });
  return (
    <FormDialog title={`New key in ${store.name}`} onClose={onClose} dirty={form.isDirty()} onSave={() => submit()} size="lg">
      <form onSubmit={submit} data-testid="msg-key-form">
        <Stack>
          <TextInput
            label="Key"
            description="UPPER_SNAKE_CASE, at most 64 characters, unique in the store (e.g. WELCOME_MAIN)"
            required
            data-autofocus
            data-testid="msg-key-name"
            {...form.getInputProps("key")}
            error={form.errors.key ?? taken}
            rightSection={wellFormed && check.isFetching ? <Text size="xs" c="dimmed">…</Text> : null}
          />
          <Group grow>
            <Select label="Type" required data={types} data-testid="msg-key-type" allowDeselect={false} {...form.getInputProps("messageType")} />
            <Select label="Category" required searchable data={categories} data-testid="msg-key-category" {...form.getInputProps("category")} />
          </Group>
          <TextInput label="Display name" description="Optional: what editors call it" data-testid="msg-key-display" {...form.getInputProps("displayName")} />
          <FormError error={create.error} fields={KEY_FIELD} />
          <FormActions onCancel={onClose} loading={create.isPending} disabled={!!taken} testId="msg-key-save">
            Create key
          </FormActions>
        </Stack>
      </form>
    </FormDialog>
  );
}

/**
 * Display name, category and type of an existing key (a stale rowVersion is CONFLICT, shown as
 * such). A new type is checked by the backend against every version; what does not fit is named
 * on the type field and nothing changes.
 */
export function EditKeyDialog({ store, detail, onClose }: { store: StoreRow; detail: KeyWithVersions; onClose: () => void }) {
  const qc = useQueryClient();
  const { categories, types } = useMessageDictionaries();
  type EditValues = Pick<KeyValues, "category" | "displayName" | "messageType">;
  const form = useForm<EditValues>({
    mode: "controlled",
    initialValues: { category: detail.category, displayName: detail.displayName ?? "", messageType: detail.messageType },
    validateInputOnChange: true,
    validate: { category: (v) => (v ? null : "choose a category"), displayName: (v) => nameProblem(v), messageType: (v) => (v ? null : "choose a type") },
  });
  const save = useMutation({
    mutationFn: (v: EditValues) =>
      commands.messagesKeyUpdate({
        storeId: store.id,
        key: detail.key,
        displayName: v.displayName,
        category: v.category,
        messageType: v.messageType === detail.messageType ? null : v.messageType,
        expectedRowVersion: detail.rowVersion,
      }),
    onSuccess: (k) => {
      refresh.messageKey(qc, store.id, k.key, k);
      onClose();
    },
    onError: (e) => {
      placeServerErrors(form, e, KEY_FIELD);
      if (toApiError(e).code === "CONFLICT") void qc.invalidateQueries({ queryKey: qk.messages.keyAnyState(store.id, detail.key) });
    },
  });
  const submit = form.onSubmit((v) => save.mutate(v));
  const typeChanged = form.values.messageType !== detail.messageType;
  return (
    <FormDialog title={`Edit ${detail.key}`} onClose={onClose} dirty={form.isDirty()} onSave={() => submit()}>
      <form onSubmit={submit} data-testid="msg-key-edit-form">
        <Stack>
          <TextInput label="Display name" data-autofocus data-testid="msg-key-display" {...form.getInputProps("displayName")} />
          <Group grow>
            <Select label="Type" required data={types} allowDeselect={false} data-testid="msg-key-type" {...form.getInputProps("messageType")} />
            <Select label="Category" required searchable data={categories} data-testid="msg-key-category" {...form.getInputProps("category")} />
          </Group>
          <Text size="xs" c={typeChanged ? "orange" : "dimmed"} data-testid="msg-key-type-note">
            {typeChanged
              ? `Every one of the ${detail.versions.length} version(s) is checked against ${form.values.messageType} when you save; if one does not fit, nothing changes and the type field says which.`
              : "The key name stays as it is: flows name the key."}
          </Text>
          <FormError error={save.error} fields={KEY_FIELD} />
          <FormActions onCancel={onClose} loading={save.isPending} testId="msg-key-save">
            Save
          </FormActions>
        </Stack>
      </form>
    </FormDialog>
  );
}

function placeOf(u: WhereUsed): string {
  return `${u.routingId} › ${u.segmentName} (${u.configKey})`;
}

/**
 * Soft delete: the dialog lists where this store's key is used — the flows of the routing entries
 * that use the store (by store, or by company project when an entry names none), as the Where used
 * tab lists them by default; a same-named key of another store's flow is another key. A key a
 * published flow plays needs a second, explicit confirmation.
 */
export function DeleteKeyDialog({ store, detail, onClose, onDeleted }: { store: StoreRow; detail: KeyWithVersions; onClose: () => void; onDeleted: () => void }) {
  const qc = useQueryClient();
  const [step, setStep] = useState<1 | 2>(1);
  const [understood, setUnderstood] = useState(false);
  const used = useQuery({
    queryKey: qk.messages.used(store.id, detail.key, false),
    queryFn: () => commands.messagesWhereUsed({ storeId: store.id, key: detail.key, allFlows: false }),
  });
  const del = useMutation({
    mutationFn: () => commands.messagesKeyDelete({ storeId: store.id, key: detail.key, expectedRowVersion: detail.rowVersion }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: qk.messages.all() });
      notifications.show({ title: "Key deleted", message: `${detail.key} is deleted; its versions and audit stay and it can be restored (Show deleted keys).` });
      onDeleted();
    },
    onError: (e) => {
      if (toApiError(e).code === "CONFLICT") void qc.invalidateQueries({ queryKey: qk.messages.keyAnyState(store.id, detail.key) });
    },
  });
  const rows = used.data ?? [];
  const published = rows.filter((r) => r.changeSetId === null);
  const drafts = rows.filter((r) => r.changeSetId !== null);
  return (
    <Modal opened onClose={onClose} title={`Delete ${detail.key}?`} size="lg">
      <Stack data-testid="msg-delete-dialog" data-step={step}>
        {used.isPending ? (
          <Loading label="Looking for flows that use this key…" />
        ) : used.isError ? (
          <ErrorAlert error={used.error} onRetry={() => used.refetch()} />
        ) : step === 1 ? (
          <>
            <Text size="sm">
              Callers stop hearing {detail.key} at once. Its {detail.versions.length} version{detail.versions.length === 1 ? "" : "s"} and its audit trail are kept, and
              the key can be restored while no other key takes its name.
            </Text>
            {rows.length === 0 ? (
              <Text size="sm" data-testid="msg-delete-unused">
                No flow uses this key.
              </Text>
            ) : (
              <Stack gap={4} data-testid="msg-delete-uses">
                <Text size="sm" fw={500}>
                  Used in {rows.length} place{rows.length === 1 ? "" : "s"}:
                </Text>
                <List size="sm">
                  {published.map((u) => (
                    <List.Item key={placeOf(u)} data-testid="msg-delete-use" data-published="true">
                      {placeOf(u)} — <b>published flow</b>
                    </List.Item>
                  ))}
                  {drafts.map((u) => (
                    <List.Item key={`${u.changeSetId}/${placeOf(u)}`} data-testid="msg-delete-use" data-published="false">
                      {placeOf(u)} — draft {u.changeSetId?.slice(0, 8)}
                    </List.Item>
                  ))}
                </List>
              </Stack>
            )}
          </>
        ) : (
          <Alert color="red" icon={<IconAlertTriangle size={18} />} title="A published flow plays this key" data-testid="msg-delete-second">
            <Stack gap="xs">
              <Text size="sm">
                {published.map((u) => u.routingId).filter((v, i, a) => a.indexOf(v) === i).join(", ")} play{published.length === 1 ? "s" : ""} <Code>{detail.key}</Code> for callers now.
                Once it is deleted those segments find no message.
              </Text>
              <Checkbox
                label={`I understand: delete ${detail.key} although a published flow uses it`}
                checked={understood}
                onChange={(e) => setUnderstood(e.currentTarget.checked)}
                data-testid="msg-delete-understood"
              />
            </Stack>
          </Alert>
        )}
        {del.isError && <ErrorAlert error={del.error} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          {step === 1 && published.length > 0 ? (
            <Button color="red" variant="light" disabled={used.isPending || used.isError} onClick={() => setStep(2)} data-testid="msg-delete-next">
              Delete anyway…
            </Button>
          ) : (
            <Button
              color="red"
              disabled={used.isPending || used.isError || (step === 2 && !understood)}
              loading={del.isPending}
              onClick={() => del.mutate()}
              data-testid="msg-delete-confirm"
            >
              Delete key
            </Button>
          )}
        </Group>
      </Stack>
    </Modal>
  );
}
