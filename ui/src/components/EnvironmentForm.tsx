import { Alert, Button, Checkbox, Code, Group, NumberInput, PasswordInput, SegmentedControl, Select, Stack, Text, TextInput, Textarea } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useDebouncedValue } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { IconPlugConnected } from "@tabler/icons-react";
import { useEffect, useState, type ReactNode } from "react";
import type { ApiError } from "../bindings/ApiError";
import type { ConnectionTest } from "../bindings/ConnectionTest";
import type { ComposedEnvironment } from "../bindings/ComposedEnvironment";
import { commands } from "../bindings/commands";
import { applyComposed, composeRequest, emptyForm, formFromDraft, formToDraft, placeFieldErrors, shownErrors, wasCancelled, type EnvForm } from "../lib/envForm";
import { fieldErrors, toApiError } from "../lib/errors";
import { qk } from "../lib/queryKeys";
import { FormActions } from "./FormActions";
import { FormDialog } from "./FormDialog";
import { ParseFeedback } from "./ParseFeedback";
import { Prose } from "./Prose";
import { DoneAlert, ErrorAlert, Loading } from "./States";

const NAME_HINT = "Lowercase letters, digits, - and _, up to 40, starting with a letter or digit (e.g. acc-be)";
const PASSWORD_HINT = "Kept in the OS keyring (or, if it is unavailable and you agree, in memory for this session only); never in a file, never shown again.";

/**
 * Adds an environment (`editing` null) or edits one: every profile field, SQL Server or SQLite,
 * filled in or pasted as a connection string; "Test connection" before saving. Rules are checked
 * by the backend when a field is left and on save, and shown next to their field.
 */
export function EnvironmentForm({ editing, onClose }: { editing: string | null; onClose: () => void }) {
  const draft = useQuery({ queryKey: qk.environments.draft(editing), queryFn: () => commands.envDraft({ name: editing ?? "" }), enabled: editing !== null });
  if (editing !== null && draft.isPending) return null;
  if (editing !== null && draft.isError) {
    return (
      <FormDialog dirty={false} onClose={onClose} title={`Edit ${editing}`}>
        <ErrorAlert error={draft.error} />
      </FormDialog>
    );
  }
  const initial = draft.data ? formFromDraft(draft.data) : emptyForm();
  return <FormBody editing={editing} initial={initial} onClose={onClose} />;
}

function FormBody({ editing, initial, onClose }: { editing: string | null; initial: EnvForm; onClose: () => void }) {
  const qc = useQueryClient();
  // Typing in a field takes its message away (@mantine/form clears a field's error on change);
  // leaving it asks the backend again.
  const form = useForm<EnvForm>({ mode: "controlled", initialValues: initial });
  const values = form.values;
  // Fields left after an edit: only their problems are shown until the form is submitted.
  const [left, setLeft] = useState<ReadonlySet<keyof EnvForm>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [sessionOnlyOffer, setSessionOnlyOffer] = useState(false);
  const [debouncedPaste] = useDebouncedValue(values.mode === "paste" && values.masked === null ? values.connectionString : "", 250);
  const set = <K extends keyof EnvForm>(k: K, v: EnvForm[K]) => {
    form.setFieldValue(k, v as never);
    // Being corrected: judged again once it is left.
    if (left.has(k)) setLeft((l) => new Set([...l].filter((x) => x !== k)));
  };
  const sqlite = values.engine === "sqlite";

  // The backend composes the environment from a pasted string (as `ivr env add` does); once
  // understood, its values fill the fields.
  const parsed = useQuery({
    queryKey: qk.composedEnvironment(debouncedPaste),
    queryFn: () => commands.envCompose(composeRequest({ ...form.getValues(), connectionString: debouncedPaste })),
    enabled: debouncedPaste.trim() !== "",
    retry: false,
  });
  // What was understood stays shown once the string is masked (the query then has no text).
  const [understood, setUnderstood] = useState<ComposedEnvironment | undefined>(undefined);
  const { getValues, setValues } = form;
  useEffect(() => {
    const f = getValues();
    if (parsed.data && f.masked === null && f.connectionString === debouncedPaste) {
      setUnderstood(parsed.data);
      setValues(applyComposed(f, parsed.data));
    }
  }, [parsed.data, debouncedPaste, values.masked, values.connectionString, getValues, setValues]);

  /** The backend's field errors on the inputs of the current mode (only the left ones before a submit). */
  const showErrors = (e: unknown, onlyLeft: ReadonlySet<keyof EnvForm> | null) => {
    const { byInput } = placeFieldErrors(form.getValues().mode, fieldErrors(toApiError(e)));
    form.setErrors(onlyLeft === null ? byInput : shownErrors(byInput, onlyLeft, false));
  };

  // The backend checks the form when a field is left (the same rules as saving).
  const check = useMutation<string[], unknown, ReadonlySet<keyof EnvForm>>({
    mutationFn: () => commands.envCheck({ draft: formToDraft(form.getValues()), editing, sessionOnly: false }),
    onSuccess: () => form.clearErrors(),
    onError: (e, onlyLeft) => showErrors(e, submitted ? null : onlyLeft),
  });
  // A field passed over without typing is not judged yet (Save judges everything).
  const leave = (k: keyof EnvForm) => () => {
    if (form.getValues()[k] === initial[k]) return;
    const now = new Set(left).add(k);
    setLeft(now);
    check.mutate(now);
  };

  const save = useMutation({
    mutationFn: async (sessionOnly: boolean) => {
      const f = form.getValues();
      // An unparsed string is read now: its problems are the answer.
      if (f.mode === "paste" && f.masked === null && f.engine !== "sqlite") await commands.envCompose(composeRequest(f));
      return commands.envSave({ draft: formToDraft(f), editing, sessionOnly });
    },
    onSuccess: (r) => {
      void qc.invalidateQueries({ queryKey: qk.environments.all() });
      notifications.show({
        title: `${r.profile.name} ${editing ? "saved" : "added"}`,
        message: [r.passwordStored ? `password kept in ${r.passwordStore}` : editing ? "password unchanged" : "no password stored", ...r.warnings].join(". "),
      });
      onClose();
    },
    onError: (e) => {
      showErrors(e, null);
      if (toApiError(e).code === "KEYRING") setSessionOnlyOffer(true);
    },
  });
  const submit = () => {
    setSubmitted(true);
    save.mutate(false);
  };

  const saveError = save.error ? toApiError(save.error) : null;
  const placed = placeFieldErrors(values.mode, fieldErrors(saveError));
  const err = Object.fromEntries(Object.entries(form.errors).map(([k, m]) => [k, typeof m === "string" ? <Prose key={k} text={m} /> : m])) as Partial<Record<keyof EnvForm, ReactNode>>;

  return (
    <FormDialog dirty={form.isDirty()} onClose={onClose} onSave={submit} title={editing ? `Edit environment ${editing}` : "Add environment"} size="lg" data-testid="env-form">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <Stack gap="sm">
          <Group grow align="flex-start">
            <TextInput data-autofocus label="Name" description={NAME_HINT} withAsterisk value={values.name} onChange={(e) => set("name", e.currentTarget.value)} onBlur={leave("name")} error={err.name} data-testid="env-name-input" />
            <Select label="Tier" description="prd opens read-only until unlocked" data={["dvp", "acc", "prd"]} value={values.tier} onChange={(v) => set("tier", (v ?? "dvp") as EnvForm["tier"])} allowDeselect={false} data-testid="env-tier-input" />
          </Group>
          <SegmentedControl
            value={values.engine}
            onChange={(v) => set("engine", v as EnvForm["engine"])}
            data={[
              { value: "mssql", label: "SQL Server / Azure SQL" },
              { value: "sqlite", label: "SQLite file on this computer" },
            ]}
            data-testid="env-engine"
          />
          {sqlite ? (
            <TextInput
              label="SQLite file"
              description="Relative to the app's data folder (like local.sqlite), or an absolute path. A new file is created, empty, when the environment is first opened; deploy the migrations to it from Schema."
              withAsterisk
              value={values.database}
              onChange={(e) => set("database", e.currentTarget.value)}
              onBlur={leave("database")}
              error={err.database}
              data-testid="env-database-input"
            />
          ) : (
            <>
              <SegmentedControl
                value={values.mode}
                onChange={(v) => set("mode", v as EnvForm["mode"])}
                data={[
                  { value: "form", label: "Fill in" },
                  { value: "paste", label: "Paste a connection string" },
                ]}
              />
              {values.mode === "paste" ? (
                <Stack gap="xs">
                  {values.masked === null ? (
                    <Textarea
                      label="Connection string"
                      description="ADO.NET (Server=tcp:host,1433;Database=…;User Id=…;Password=…) or sqlserver://host:port;database=…;user=…;password=…. Once understood, its values fill the form and its password is hidden."
                      autosize
                      minRows={2}
                      value={values.connectionString}
                      onChange={(e) => set("connectionString", e.currentTarget.value)}
                      error={err.connectionString}
                      data-testid="env-paste"
                    />
                  ) : (
                    <Stack gap={4}>
                      <Text size="sm" fw={500}>
                        Connection string (understood; its values are in the form)
                      </Text>
                      <Code block data-testid="env-paste-masked">{values.masked}</Code>
                      <Group>
                        <Button size="compact-xs" variant="subtle" onClick={() => form.setValues({ connectionString: "", masked: null })} data-testid="env-paste-again">
                          Paste another
                        </Button>
                      </Group>
                    </Stack>
                  )}
                  <ParseFeedback parsed={values.masked !== null ? understood : undefined} error={values.masked === null && parsed.isError ? parsed.error : undefined} />
                </Stack>
              ) : (
                <>
                  <Group grow align="flex-start">
                    <TextInput label="Host" description="DNS name or IP address" withAsterisk value={values.host} onChange={(e) => set("host", e.currentTarget.value)} onBlur={leave("host")} error={err.host} data-testid="env-host-input" />
                    <NumberInput label="Port" description="1433 unless told otherwise" value={values.port} min={1} max={65535} onChange={(v) => set("port", Number(v) || 1433)} onBlur={leave("port")} error={err.port} data-testid="env-port-input" />
                  </Group>
                  <Group grow align="flex-start">
                    <TextInput label="Database" withAsterisk value={values.database} onChange={(e) => set("database", e.currentTarget.value)} onBlur={leave("database")} error={err.database} data-testid="env-database-input" />
                    <TextInput label="User" description="A SQL Server login" withAsterisk value={values.user} onChange={(e) => set("user", e.currentTarget.value)} onBlur={leave("user")} error={err.user} data-testid="env-user-input" />
                  </Group>
                </>
              )}
              <PasswordInput
                label="Password"
                description={PASSWORD_HINT}
                placeholder={editing ? "stored — type a new one to replace it" : undefined}
                value={values.password}
                onChange={(e) => set("password", e.currentTarget.value)}
                error={err.password}
                data-testid="env-password-input"
              />
              <Group>
                <Checkbox label="Encrypt (TLS)" checked={values.encrypt} onChange={(e) => set("encrypt", e.currentTarget.checked)} />
                <Checkbox label="Trust any server certificate" checked={values.trustServerCertificate} onChange={(e) => set("trustServerCertificate", e.currentTarget.checked)} error={err.trustServerCertificate} />
              </Group>
              {values.tier === "prd" && values.trustServerCertificate && (
                <Checkbox color="red" label="I accept trusting any certificate on prd (open to interception)" checked={values.forceTrust} onChange={(e) => set("forceTrust", e.currentTarget.checked)} />
              )}
            </>
          )}
          <Group grow align="flex-start">
            <TextInput label="Display name" description="Written to CreatedBy / UpdatedBy; empty: your OS user" value={values.displayName} onChange={(e) => set("displayName", e.currentTarget.value)} onBlur={leave("displayName")} error={err.displayName} />
            <Checkbox mt="lg" label="Open read-only (until unlocked)" checked={values.readOnly} onChange={(e) => set("readOnly", e.currentTarget.checked)} />
          </Group>
          <DraftTest form={values} editing={editing} />
          {saveError && !sessionOnlyOffer && (placed.unplaced || Object.keys(placed.byInput).length === 0) && <ErrorAlert error={saveError} />}
          {saveError && !sessionOnlyOffer && !placed.unplaced && Object.keys(placed.byInput).length > 0 && (
            <Text size="sm" c="red" data-testid="env-add-refused">
              Not saved: see the fields marked in red.
            </Text>
          )}
          {sessionOnlyOffer && <SessionOnlyOffer error={save.error} onAccept={() => save.mutate(true)} />}
          <FormActions onCancel={onClose} loading={save.isPending} testId="env-save">
            Save (Ctrl+S)
          </FormActions>
        </Stack>
      </form>
    </FormDialog>
  );
}

/** "Test connection" inside the form, with what is typed, before anything is saved. */
function DraftTest({ form, editing }: { form: EnvForm; editing: string | null }) {
  const [result, setResult] = useState<ConnectionTest | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [running, setRunning] = useState(false);
  const run = async () => {
    setRunning(true);
    setResult(null);
    setError(null);
    try {
      setResult(await commands.envTestDraft({ draft: formToDraft(form), editing, timeoutSecs: 15 }));
    } catch (e) {
      const err = toApiError(e);
      if (!wasCancelled(err)) setError(err);
    } finally {
      setRunning(false);
    }
  };
  return (
    <Stack gap="xs">
      <Group>
        <Button variant="light" leftSection={<IconPlugConnected size={16} />} loading={running} onClick={run} data-testid="env-form-test">
          Test connection
        </Button>
        {running && (
          <Button variant="subtle" color="red" onClick={() => void commands.envTestCancel()} data-testid="env-form-test-cancel">
            Cancel
          </Button>
        )}
        <Text size="xs" c="dimmed">
          Connects once with what is typed; nothing is saved.
        </Text>
      </Group>
      {running && <Loading label="Connecting… (gives up after 15 s)" />}
      {result && <TestResult result={result} testId="env-form-test-ok" />}
      {error && <ErrorAlert error={error} />}
    </Stack>
  );
}

export function TestResult({ result, testId = "env-test-ok" }: { result: ConnectionTest; testId?: string }) {
  return (
    <DoneAlert title="Connected" data-testid={testId} py={6}>
      <Text size="sm">
        {result.database} · <Code>{result.serverVersion}</Code> · acts as {result.actor}
        {result.readOnly ? " · opens read-only" : ""} · pending migrations: {result.pendingMigrations ?? "unknown"}
      </Text>
    </DoneAlert>
  );
}

/** The keyring is unavailable: says so, and offers to keep the password in memory for this session. */
export function SessionOnlyOffer({ error, onAccept }: { error: unknown; onAccept: () => void }) {
  return (
    <Alert color="orange" title="The OS keyring is not available" data-testid="session-only-offer">
      <Text size="sm">{error ? toApiError(error).message : ""}</Text>
      <Text size="sm" mt="xs">The password can be kept in memory for this session only; you will be asked again after a restart.</Text>
      <Button mt="xs" size="xs" color="orange" onClick={onAccept} data-testid="session-only-accept">
        Keep the password for this session only
      </Button>
    </Alert>
  );
}
