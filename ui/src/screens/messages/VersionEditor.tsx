import { Alert, Badge, Box, Group, Paper, SegmentedControl, Select, SimpleGrid, Stack, Text, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { IconAlertTriangle } from "@tabler/icons-react";
import { useMemo, useState } from "react";
import type { KeyWithVersions } from "../../bindings/KeyWithVersions";
import type { StoreRow } from "../../bindings/StoreRow";
import { commands } from "../../bindings/commands";
import { FormActions, FormError } from "../../components/FormActions";
import { FormDialog } from "../../components/FormDialog";
import { detailOf, fieldErrors, toApiError } from "../../lib/errors";
import { MAX_VERSIONS, charCount, contentKind, direction, isSsml, shownProblems, spokenNote, versionProblems } from "../../lib/messageChecks";
import { newestFirst, slotsFull } from "../../lib/messages";
import { settingsProblems, settingsText, settingsValue, withDefaults, type JsonSchema, type SettingsValue } from "../../lib/schemaForm";
import { TextEditor } from "./TextEditor";
import { TypeSettings } from "./TypeSettings";
import { placeServerErrors } from "../../lib/formErrors";
import { qk, refresh } from "../../lib/queryKeys";

type Values = { versionName: string; content: Record<string, string>; settings: Record<string, SettingsValue> };

/**
 * The backend's fields of a version on the form: the content per language (`content.nl-BE`), the
 * type settings per language (`typeSettings.nl-BE.rate` on the settings inputs), the name, and
 * `content` (a problem of the version as a whole, shown above the languages).
 */
const VERSION_FIELD = (field: string): string | null =>
  field === "versionName" || field === "content" || field.startsWith("content.") ? field : field.startsWith("typeSettings.") ? field.replace(/^typeSettings\./, "settings.") : null;

/** "7 of 10 versions used", and how to free one when all are. */
export function SlotsNote({ detail }: { detail: KeyWithVersions }) {
  const used = detail.versions.length;
  const full = slotsFull(detail.versions, detail.publishedVersion);
  return (
    <Text size="sm" c={full ? "red" : "dimmed"} data-testid="msg-slots" data-used={used}>
      {used} of {MAX_VERSIONS} versions used
      {full
        ? ` — ${full}.`
        : used >= MAX_VERSIONS - 2
          ? ` — ${MAX_VERSIONS - used} left; deleting a version that is not published frees its slot.`
          : ""}
    </Text>
  );
}

/** The right input per message type: a URL field for audio, a text editor (SSML highlighted) for the rest. */
function ContentInput({ kind, language, isDefault, input, error, testid }: { kind: string; language: string; isDefault: boolean; input: { value: string; onChange: (v: string) => void; onBlur?: () => void }; error?: string; testid: string }) {
  const dir = direction(language);
  const label = (
    <Group gap={6} component="span">
      <Text span fw={600} size="sm">
        {language}
      </Text>
      {isDefault && (
        <Badge size="xs" variant="light">
          default
        </Badge>
      )}
      {dir === "rtl" && (
        <Badge size="xs" variant="outline" color="gray">
          right to left
        </Badge>
      )}
    </Group>
  );
  if (kind === "audio_url") {
    return (
      <TextInput
        label={label}
        placeholder="https://cdn.example.com/prompts/welcome.wav"
        dir="ltr"
        data-testid={testid}
        value={input.value}
        onChange={(e) => input.onChange(e.currentTarget.value)}
        onBlur={input.onBlur}
        error={error}
      />
    );
  }
  return (
    <TextEditor
      label={label}
      value={input.value}
      onChange={input.onChange}
      onBlur={input.onBlur}
      error={error}
      language={language}
      dir={dir}
      placeholder={kind === "tts" ? "Text to speak, or SSML starting with <speak>" : kind.startsWith("llm") ? "Text for the language model" : "Content"}
      testId={testid}
    />
  );
}

/**
 * A new version with every allowed language (side by side or stacked), empty or a copy of any
 * version. Problems show while typing (the backend's rules: messageChecks.ts); saving still goes
 * through the backend, whose field errors land on the same fields.
 */
export function VersionEditor({ store, detail, copyFrom, onClose }: { store: StoreRow; detail: KeyWithVersions; copyFrom: number | null; onClose: () => void }) {
  const qc = useQueryClient();
  const kind = contentKind(detail.messageType);
  const [layout, setLayout] = useState<"side" | "stacked">(store.allowedLanguages.length > 3 ? "stacked" : "side");
  const [source, setSource] = useState<string>(copyFrom === null ? "empty" : String(copyFrom));
  const [submitted, setSubmitted] = useState(false);
  const valuesFrom = (s: string): Values => {
    const v = detail.versions.find((x) => String(x.version) === s);
    const of = (l: string) => v?.contents.find((c) => c.language === l);
    return {
      versionName: "",
      content: Object.fromEntries(store.allowedLanguages.map((l) => [l, of(l)?.content ?? ""])),
      settings: Object.fromEntries(store.allowedLanguages.map((l) => [l, settingsValue(of(l)?.typeSettings)])),
    };
  };
  const form = useForm<Values>({ mode: "controlled", initialValues: valuesFrom(source) });
  // The type's SettingsSchema, its DefaultSettings shown as defaults (same dictionary query as the screen).
  const dict = useQuery({ queryKey: qk.dict(), queryFn: () => commands.dictAll() });
  const type = dict.data?.messageTypes.find((t) => t.code === detail.messageType);
  const schema = useMemo(
    () => (type?.settingsSchema && typeof type.settingsSchema === "object" ? withDefaults(type.settingsSchema as JsonSchema, type.defaultSettings) : null),
    [type],
  );
  const settingsLive = (settings: Values["settings"]) =>
    schema ? store.allowedLanguages.filter((l) => Object.keys(settingsProblems(schema, settings[l] ?? settingsValue(null))).length > 0) : [];
  const live = versionProblems(kind, store.allowedLanguages, form.values.content, form.values.versionName);
  // Before Save: edited fields' findings, and placeholder differences on every language once any text changed.
  const shown = shownProblems(kind, store.allowedLanguages, form.values.content, form.values.versionName, (f) => form.isDirty(f), submitted);
  const badSettings = settingsLive(form.values.settings);
  const full = detail.versions.length >= MAX_VERSIONS;

  const save = useMutation({
    mutationFn: (v: Values) =>
      commands.messagesVersionAdd({
        storeId: store.id,
        key: detail.key,
        copyFrom: null,
        versionName: v.versionName.trim() === "" ? null : v.versionName,
        contents: store.allowedLanguages.map((language) => {
          const typeSettings = settingsText(v.settings[language] ?? settingsValue(null));
          return typeSettings === undefined ? { language, content: v.content[language] ?? "" } : { language, content: v.content[language] ?? "", typeSettings };
        }),
      }),
    onSuccess: (v) => {
      refresh.messageKey(qc, store.id, detail.key);
      notifications.show({ title: `Version ${v.version} saved`, message: `${detail.key} has a new version; publish it when it is ready.` });
      onClose();
    },
    onError: (e) => {
      placeServerErrors(form, e, VERSION_FIELD);
      // Every slot was taken behind this view (another user, the CLI): read the key again, so the
      // note and Save show it is full and which versions can be deleted.
      if (detailOf(toApiError(e)).maxVersions !== undefined) refresh.staleMessageKey(qc, store.id, detail.key);
    },
  });
  const server = save.isError ? toApiError(save.error) : null;
  const general = server ? fieldErrors(server).content : undefined;

  const submit = form.onSubmit((v) => {
    setSubmitted(true);
    if (Object.keys(versionProblems(kind, store.allowedLanguages, v.content, v.versionName)).length > 0 || settingsLive(v.settings).length > 0 || full) return;
    save.mutate(v);
  });
  const errorOf = (path: string): string | undefined => {
    const s = form.errors[path];
    if (typeof s === "string" && s) return s;
    return shown[path];
  };
  const sources = [{ value: "empty", label: "Empty" }, ...newestFirst(detail.versions).map((v) => ({ value: String(v.version), label: `Copy of version ${v.version}${v.version === detail.publishedVersion ? " (published)" : ""}${v.name ? ` — ${v.name}` : ""}` }))];

  return (
    <FormDialog title={`New version of ${detail.key}`} onClose={onClose} dirty={form.isDirty()} onSave={() => submit()} size={layout === "side" ? "95%" : "xl"}>
      <form onSubmit={submit} data-testid="msg-version-form">
        <Stack>
          <Group justify="space-between" align="flex-end">
            <Group align="flex-end">
              <Select
                label="Start from"
                data={sources}
                value={source}
                allowDeselect={false}
                w={300}
                data-testid="msg-version-source"
                onChange={(s) => {
                  if (!s) return;
                  setSource(s);
                  form.setValues(valuesFrom(s));
                  form.resetDirty(valuesFrom(s));
                  setSubmitted(false);
                }}
              />
              <TextInput label="Version name" placeholder="optional, e.g. Summer hours" w={260} data-testid="msg-version-name" {...form.getInputProps("versionName")} error={errorOf("versionName")} />
            </Group>
            <Stack gap={4} align="flex-end">
              <SlotsNote detail={detail} />
              <SegmentedControl
                size="xs"
                value={layout}
                onChange={(v) => setLayout(v as "side" | "stacked")}
                data={[
                  { value: "side", label: "Side by side" },
                  { value: "stacked", label: "Stacked" },
                ]}
                data-testid="msg-version-layout"
              />
            </Stack>
          </Group>
          <Text size="xs" c="dimmed">
            Type {detail.messageType}: {kind === "tts" ? "plain text, or SSML when it starts with <speak> (checked as you type)" : kind === "audio_url" ? "an absolute https URL of the audio file" : "text, not empty"}. Every language needs content and
            the same {"{placeholders}"}.
          </Text>
          <SimpleGrid cols={layout === "side" ? Math.min(store.allowedLanguages.length, 3) : 1} spacing="md">
            {store.allowedLanguages.map((language) => {
              const path = `content.${language}`;
              const text = form.values.content[language] ?? "";
              const err = errorOf(path);
              return (
                <Paper key={language} withBorder p="xs" data-testid={`msg-edit-${language}`} data-error={err ? "true" : "false"} data-dir={direction(language)}>
                  <ContentInput
                    kind={kind}
                    language={language}
                    isDefault={language === store.defaultLanguage}
                    testid={`msg-edit-input-${language}`}
                    input={{ value: text, onChange: (v) => form.setFieldValue(path, v) }}
                    error={err}
                  />
                  <Group justify="space-between" mt={4} gap="xs">
                    <Text size="xs" c="dimmed" data-testid={`msg-edit-count-${language}`}>
                      {/* A URL's length tells nothing: its line says where the duration comes from. */}
                      {[kind === "audio_url" ? "" : `${charCount(text)} characters`, spokenNote(kind, text)].filter(Boolean).join(" · ")}
                    </Text>
                    {kind === "tts" && isSsml(text) && (
                      <Badge size="xs" variant="light" color={err ? "red" : "teal"}>
                        SSML
                      </Badge>
                    )}
                  </Group>
                  {schema && (
                    <TypeSettings
                      language={language}
                      schema={schema}
                      value={form.values.settings[language] ?? settingsValue(null)}
                      onChange={(sv) => form.setFieldValue(`settings.${language}`, sv)}
                      error={typeof form.errors[`settings.${language}`] === "string" ? (form.errors[`settings.${language}`] as string) : undefined}
                    />
                  )}
                </Paper>
              );
            })}
          </SimpleGrid>
          {general && (
            <Alert color="red" icon={<IconAlertTriangle size={16} />} data-testid="msg-version-general">
              {general}
            </Alert>
          )}
          <FormError error={save.error} fields={VERSION_FIELD} />
          <Group justify="space-between">
            <Box>
              {submitted && Object.keys(live).length + badSettings.length > 0 && (
                <Text size="sm" c="red" data-testid="msg-version-blocked">
                  Fix the {Object.keys(live).length + badSettings.length} problem{Object.keys(live).length + badSettings.length === 1 ? "" : "s"} shown above to save.
                </Text>
              )}
            </Box>
            <FormActions onCancel={onClose} loading={save.isPending} disabled={full} testId="msg-version-save">
              Save version
            </FormActions>
          </Group>
        </Stack>
      </form>
    </FormDialog>
  );
}
