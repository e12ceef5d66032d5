import { Alert, Badge, List, MultiSelect, Select, Stack, Table, Text, TextInput } from "@mantine/core";
import { useForm, type UseFormReturnType } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { IconInfoCircle } from "@tabler/icons-react";
import { useState } from "react";
import type { StoreRow } from "../../bindings/StoreRow";
import type { StoreUpdated } from "../../bindings/StoreUpdated";
import { commands } from "../../bindings/commands";
import { FormActions, FormError } from "../../components/FormActions";
import { FormDialog } from "../../components/FormDialog";
import { toApiError } from "../../lib/errors";
import { storeLanguageProblems } from "../../lib/messageChecks";
import { placeServerErrors, sameNames } from "../../lib/formErrors";
import { qk } from "../../lib/queryKeys";

type StoreValues = { companyProject: string | null; name: string; allowedLanguages: string[]; defaultLanguage: string | null };

function useDict() {
  return useQuery({ queryKey: qk.dict(), queryFn: () => commands.dictAll() });
}

/** Active languages of the dictionary as select options ("nl-BE — Nederlands (België)"). */
function languageOptions(dict: ReturnType<typeof useDict>["data"], keep: string[] = []) {
  const langs = (dict?.languages ?? []).filter((l) => l.isActive || keep.includes(l.languageCode));
  return langs.map((l) => ({ value: l.languageCode, label: `${l.languageCode} — ${l.displayName}` }));
}

/** The store form's inputs carry the backend's field names. */
const STORE_FIELDS = sameNames("name", "allowedLanguages", "defaultLanguage");

/**
 * The default language must be one of the allowed ones. `validateInputOnChange` re-checks only the
 * field that changed, so a change of the allowed languages re-checks the default too: removing it
 * from the list shows the problem at the default field at once (and adding it back clears it).
 * Not while no default is chosen yet: the empty field is said at Save, not while languages are picked.
 */
function useDefaultAmongAllowed<V extends { allowedLanguages: string[]; defaultLanguage: string | null }>(form: UseFormReturnType<V>) {
  form.watch("allowedLanguages", () => {
    if (form.getValues().defaultLanguage) form.validateField("defaultLanguage");
  });
}

/** A new message store for a company project: its languages and the default (fallback) one. */
export function CreateStoreDialog({ onClose, onCreated }: { onClose: () => void; onCreated: (s: StoreRow) => void }) {
  const qc = useQueryClient();
  const dict = useDict();
  const projects = (dict.data?.companyProjects ?? []).filter((p) => p.isActive);
  const form = useForm<StoreValues>({
    mode: "controlled",
    initialValues: { companyProject: null, name: "", allowedLanguages: [], defaultLanguage: null },
    validateInputOnChange: true,
    validate: (v) => ({
      companyProject: v.companyProject ? null : "choose the company project the store belongs to",
      name: v.name.trim() === "" ? "is required" : null,
      ...storeLanguageProblems(v.allowedLanguages, v.defaultLanguage ?? ""),
    }),
  });
  useDefaultAmongAllowed(form);
  const create = useMutation({
    mutationFn: (v: StoreValues) => {
      const p = projects.find((x) => String(x.companyProjectId) === v.companyProject);
      return commands.messagesStoreCreate({
        customer: p?.customerId ?? "",
        project: p?.projectId ?? "",
        environment: p?.environmentCode ?? null,
        name: v.name,
        allowedLanguages: v.allowedLanguages,
        defaultLanguage: v.defaultLanguage ?? "",
      });
    },
    onSuccess: (s) => {
      void qc.invalidateQueries({ queryKey: qk.messages.stores() });
      notifications.show({ title: "Message store created", message: `${s.name} allows ${s.allowedLanguages.join(", ")}.` });
      onCreated(s);
    },
    onError: (e) => placeServerErrors(form, e, STORE_FIELDS),
  });
  const submit = form.onSubmit((v) => create.mutate(v));
  return (
    <FormDialog title="New message store" onClose={onClose} dirty={form.isDirty()} onSave={() => submit()} size="lg">
      <form onSubmit={submit} data-testid="msg-store-form">
        <Stack>
          <Select
            label="Company project"
            required
            searchable
            data-autofocus
            data={projects.map((p) => ({ value: String(p.companyProjectId), label: `${p.customerId}/${p.projectId}${p.environmentCode ? ` (${p.environmentCode})` : ""} — ${p.displayName}` }))}
            data-testid="msg-store-project"
            {...form.getInputProps("companyProject")}
          />
          <TextInput label="Name" required data-testid="msg-store-name" {...form.getInputProps("name")} />
          <MultiSelect
            label="Allowed languages"
            description="Every version has content in each of them, and they are published together"
            required
            searchable
            data={languageOptions(dict.data)}
            data-testid="msg-store-languages"
            {...form.getInputProps("allowedLanguages")}
          />
          <Select
            label="Default language"
            description="What callers hear when their language has no content"
            required
            data={form.values.allowedLanguages}
            data-testid="msg-store-default"
            {...form.getInputProps("defaultLanguage")}
          />
          <FormError error={create.error} fields={STORE_FIELDS} />
          <FormActions onCancel={onClose} loading={create.isPending} testId="msg-store-save">
            Create store
          </FormActions>
        </Stack>
      </form>
    </FormDialog>
  );
}

/**
 * A store's name and languages. "Review" asks the app what the change does to existing versions
 * (nothing is deleted) and shows it; only then can it be saved.
 */
export function EditStoreDialog({ store, opened, onClose }: { store: StoreRow; opened: boolean; onClose: () => void }) {
  const qc = useQueryClient();
  const dict = useDict();
  // The review shown belongs to the values it was asked for; any edit asks again.
  const [reviewed, setReviewed] = useState<{ values: string; result: StoreUpdated } | null>(null);
  const form = useForm<Omit<StoreValues, "companyProject">>({
    mode: "controlled",
    initialValues: { name: store.name, allowedLanguages: store.allowedLanguages, defaultLanguage: store.defaultLanguage },
    validateInputOnChange: true,
    validate: (v) => ({ name: v.name.trim() === "" ? "is required" : null, ...storeLanguageProblems(v.allowedLanguages, v.defaultLanguage ?? "") }),
  });
  useDefaultAmongAllowed(form);
  const req = (v: Omit<StoreValues, "companyProject">) => ({ storeId: store.id, name: v.name, allowedLanguages: v.allowedLanguages, defaultLanguage: v.defaultLanguage });
  const review = useMutation({
    mutationFn: (v: Omit<StoreValues, "companyProject">) => commands.messagesStorePreview(req(v)),
    onSuccess: (result, v) => setReviewed({ values: JSON.stringify(v), result }),
    onError: (e) => placeServerErrors(form, e, STORE_FIELDS),
  });
  const save = useMutation({
    mutationFn: (v: Omit<StoreValues, "companyProject">) => commands.messagesStoreUpdate(req(v)),
    onSuccess: (u) => {
      onClose();
      notifications.show({ title: "Store saved", message: u.change.effect === "no change" ? `${u.store.name} saved.` : u.change.effect });
      void qc.invalidateQueries({ queryKey: qk.messages.stores() });
      void qc.invalidateQueries({ queryKey: qk.messages.keys(store.id) });
      void qc.invalidateQueries({ queryKey: qk.messages.anyKey() });
      void qc.invalidateQueries({ queryKey: qk.messages.storeTexts(store.id) });
    },
    onError: (e) => placeServerErrors(form, e, STORE_FIELDS),
  });
  const preview = reviewed && reviewed.values === JSON.stringify(form.values) ? reviewed.result : null;
  const submit = form.onSubmit((v) => (preview ? save.mutate(v) : review.mutate(v)));
  return (
    <FormDialog title={`Edit ${store.name}`} opened={opened} onClose={onClose} dirty={form.isDirty()} onSave={() => submit()} size="lg">
      <form onSubmit={submit} data-testid="msg-store-edit-form">
        <Stack>
          <TextInput label="Name" required data-testid="msg-store-name" {...form.getInputProps("name")} />
          <MultiSelect
            label="Allowed languages"
            required
            searchable
            data={languageOptions(dict.data, store.allowedLanguages)}
            data-testid="msg-store-languages"
            {...form.getInputProps("allowedLanguages")}
          />
          <Select label="Default language" required data={form.values.allowedLanguages} data-testid="msg-store-default" {...form.getInputProps("defaultLanguage")} />
          {preview && (
            <Alert color={preview.change.removed.length ? "orange" : "blue"} icon={<IconInfoCircle size={18} />} title="What this change does" data-testid="msg-store-effect">
              <Stack gap={4}>
                {preview.change.added.length > 0 && (
                  <Text size="sm">
                    Added: <b>{preview.change.added.join(", ")}</b>
                  </Text>
                )}
                {preview.change.removed.length > 0 && (
                  <Text size="sm">
                    Removed: <b>{preview.change.removed.join(", ")}</b>
                  </Text>
                )}
                <Text size="sm" data-testid="msg-store-effect-text">
                  {preview.change.effect === "no change" ? "The languages stay as they are." : `${preview.change.effect[0].toUpperCase()}${preview.change.effect.slice(1)}.`}
                </Text>
                {store.keyCount > 0 && preview.change.added.length > 0 && (
                  <Text size="sm">
                    {store.keyCount} key{store.keyCount === 1 ? "" : "s"} will need a new version with {preview.change.added.join(", ")} before the next publish.
                  </Text>
                )}
              </Stack>
            </Alert>
          )}
          <FormError error={save.error ?? review.error} fields={STORE_FIELDS} />
          <FormActions onCancel={onClose} loading={review.isPending || save.isPending} testId="msg-store-save">
            {preview ? "Save" : "Review change"}
          </FormActions>
        </Stack>
      </form>
    </FormDialog>
  );
}

/** The default voice per allowed language, choosing among the voices that speak it. */
export function StoreVoices({ store }: { store: StoreRow }) {
  const qc = useQueryClient();
  const dict = useDict();
  // A refusal is shown at the row whose choice was refused, until that row is changed again.
  const [refused, setRefused] = useState<Record<string, string>>({});
  const set = useMutation({
    mutationFn: ({ language, voiceCode }: { language: string; voiceCode: string }) => commands.messagesStoreVoice({ storeId: store.id, language, voiceCode }),
    onMutate: ({ language }) => setRefused((r) => Object.fromEntries(Object.entries(r).filter(([l]) => l !== language))),
    onSuccess: (s, { language, voiceCode }) => {
      void qc.invalidateQueries({ queryKey: qk.messages.stores() });
      notifications.show({ title: "Voice set", message: `${s.name}: ${language} speaks with ${voiceCode}.` });
    },
    onError: (e, { language }) => setRefused((r) => ({ ...r, [language]: toApiError(e).message })),
  });
  const voices = (dict.data?.voices ?? []).filter((v) => v.isActive);
  return (
    <Stack gap="xs" data-testid="msg-voices">
      <Table withTableBorder>
        <Table.Tbody>
          {store.allowedLanguages.map((language) => {
            const current = store.voices.find((v) => v.language === language)?.voiceCode ?? null;
            const options = voices.filter((v) => v.language === language);
            return (
              <Table.Tr key={language} data-testid={`msg-voice-row-${language}`}>
                <Table.Td w={110}>
                  <Badge variant={language === store.defaultLanguage ? "filled" : "outline"}>{language}</Badge>
                </Table.Td>
                <Table.Td>
                  {options.length === 0 ? (
                    <Text size="sm" c="dimmed" data-testid={`msg-voice-none-${language}`}>
                      No active voice speaks {language}; an admin adds one under Dictionaries › Voices.
                    </Text>
                  ) : (
                    <Select
                      placeholder="no default voice"
                      data={options.map((v) => ({ value: v.code, label: `${v.displayName} · ${v.engine}${v.gender ? ` · ${v.gender}` : ""}` }))}
                      value={current}
                      allowDeselect={false}
                      disabled={set.isPending}
                      onChange={(v) => v && v !== current && set.mutate({ language, voiceCode: v })}
                      error={refused[language]}
                      data-testid={`msg-voice-${language}`}
                    />
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
      <List size="xs" c="dimmed">
        <List.Item>A TTS message plays with the voice in its own settings, else with its language&apos;s default voice here.</List.Item>
      </List>
    </Stack>
  );
}
