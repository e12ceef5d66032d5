import { Alert, Badge, Button, Checkbox, Code, Group, Modal, NumberInput, PasswordInput, SegmentedControl, Select, Stack, Table, Text, TextInput, Textarea, Title } from "@mantine/core";
import { useDebouncedValue, useHotkeys } from "@mantine/hooks";
import { modals } from "@mantine/modals";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { IconKey, IconPlugConnected, IconPlus, IconTrash } from "@tabler/icons-react";
import { useEffect, useState } from "react";
import type { ApiError } from "../bindings/ApiError";
import type { ConnectionTest } from "../bindings/ConnectionTest";
import type { EnvironmentInfo } from "../bindings/EnvironmentInfo";
import { commands } from "../bindings/commands";
import { useOpenEnvironment } from "../lib/openEnvironment";
import { ParseFeedback } from "../components/ParseFeedback";
import { TierBadge } from "../components/TierBanner";
import { Empty, ErrorAlert, Loading } from "../components/States";
import { fieldErrors, toApiError } from "../lib/errors";
import { ENV_KEY, useSession } from "../lib/session";
import { emptyForm, formToRequest, missingFields, passwordLabel, placeFieldErrors, wasCancelled, type EnvForm } from "../lib/envForm";

export function EnvironmentsScreen({ startAdding = false, onStartAddingDone }: { startAdding?: boolean; onStartAddingDone?: () => void } = {}) {
  const list = useQuery({ queryKey: ENV_KEY, queryFn: () => commands.envList() });
  const session = useSession();
  const qc = useQueryClient();
  const [adding, setAdding] = useState(startAdding);
  useEffect(() => {
    if (startAdding) {
      setAdding(true);
      onStartAddingDone?.();
    }
  }, [startAdding, onStartAddingDone]);
  const [testing, setTesting] = useState<string | null>(null);
  const [passwordFor, setPasswordFor] = useState<string | null>(null);

  useHotkeys([["mod+N", () => setAdding(true)]], []);

  const open = useOpenEnvironment();

  const remove = useMutation({
    mutationFn: (name: string) => commands.envRemove({ name }),
    onSuccess: (r) => {
      qc.invalidateQueries({ queryKey: ENV_KEY });
      notifications.show({ title: "Removed", message: [`${r.name} removed`, ...r.warnings].join(". ") });
    },
    onError: (e) => notifications.show({ color: "red", title: "Could not remove", message: toApiError(e).message }),
  });

  const confirmRemove = (env: EnvironmentInfo) =>
    modals.openConfirmModal({
      title: `Remove ${env.name}?`,
      children: <Text size="sm">The profile and its stored password are removed. The database itself is not touched.</Text>,
      labels: { confirm: "Remove", cancel: "Cancel" },
      confirmProps: { color: "red", "data-testid": "confirm-remove-env" } as Record<string, string>,
      onConfirm: () => remove.mutate(env.name),
    });

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={3}>Environments</Title>
        <Button leftSection={<IconPlus size={16} />} onClick={() => setAdding(true)} data-testid="env-add">
          Add environment
        </Button>
      </Group>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ErrorAlert error={list.error} onRetry={() => list.refetch()} />
      ) : list.data.length === 0 ? (
        <Empty title="No environments">Add one with the button above.</Empty>
      ) : (
        <Table striped highlightOnHover data-testid="env-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Tier</Table.Th>
              <Table.Th>Where</Table.Th>
              <Table.Th>Password</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.data.map((env) => {
              const current = session.data?.name === env.name;
              return (
                <Table.Tr key={env.name} data-testid={`env-row-${env.name}`}>
                  <Table.Td>
                    <Group gap="xs">
                      <Text fw={500}>{env.name}</Text>
                      {current && <Badge size="xs">open</Badge>}
                      {env.startsReadOnly && <Badge size="xs" color="dark">read-only</Badge>}
                    </Group>
                    {env.displayName && <Text size="xs" c="dimmed">acts as {env.displayName}</Text>}
                  </Table.Td>
                  <Table.Td>
                    <TierBadge tier={env.tier} />
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{env.engine === "sqlite" ? `SQLite ${env.database ?? ""}` : `${env.host ?? ""}:${env.port ?? 1433}/${env.database ?? ""}`}</Text>
                    {env.engine === "mssql" && <Text size="xs" c="dimmed">user {env.user}{env.encrypt ? ", encrypted" : ", NOT encrypted"}{env.trustServerCertificate ? ", trusts any certificate" : ""}</Text>}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" data-testid={`env-password-${env.name}`}>{passwordLabel(env)}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Group gap="xs" justify="flex-end" wrap="nowrap">
                      <Button size="xs" variant="default" leftSection={<IconPlugConnected size={14} />} onClick={() => setTesting(env.name)} data-testid={`env-test-${env.name}`}>
                        Test
                      </Button>
                      {env.engine === "mssql" && (
                        <Button size="xs" variant="default" onClick={() => setPasswordFor(env.name)} aria-label={`Password of ${env.name}`} data-testid={`env-set-password-${env.name}`}>
                          <IconKey size={14} />
                        </Button>
                      )}
                      <Button size="xs" disabled={current || open.pending !== null} loading={open.pending === env.name} onClick={() => open.open(env.name)} data-testid={`env-open-${env.name}`}>
                        Open
                      </Button>
                      {open.pending === env.name && (
                        <Button size="xs" color="red" variant="light" onClick={() => void commands.sessionOpenCancel()} data-testid={`env-open-cancel-${env.name}`}>
                          Cancel
                        </Button>
                      )}
                      {env.name !== "local" && (
                        <Button size="xs" color="red" variant="subtle" onClick={() => confirmRemove(env)} aria-label={`Remove ${env.name}`} data-testid={`env-remove-${env.name}`}>
                          <IconTrash size={14} />
                        </Button>
                      )}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      )}
      {open.dialog}
      <AddEnvironmentModal opened={adding} onClose={() => setAdding(false)} />
      <TestConnectionModal name={testing} onClose={() => setTesting(null)} />
      <SetPasswordModal name={passwordFor} onClose={() => setPasswordFor(null)} />
    </Stack>
  );
}

function TestConnectionModal({ name, onClose }: { name: string | null; onClose: () => void }) {
  const [result, setResult] = useState<ConnectionTest | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [cancelled, setCancelled] = useState(false);
  const [running, setRunning] = useState(false);
  // Kept as typed (an emptied field stays empty while the user types a new number).
  const [timeoutInput, setTimeoutInput] = useState<string | number>(15);
  const timeout = Math.min(120, Math.max(1, Number(timeoutInput) || 15));

  const run = async () => {
    if (!name) return;
    setRunning(true);
    setResult(null);
    setError(null);
    setCancelled(false);
    try {
      setResult(await commands.envTest({ name, timeoutSecs: timeout }));
    } catch (e) {
      const err = toApiError(e);
      if (wasCancelled(err)) setCancelled(true);
      else setError(err);
    } finally {
      setRunning(false);
    }
  };
  const cancel = async () => {
    await commands.envTestCancel().catch(() => undefined);
  };
  const close = () => {
    if (running) void cancel();
    setResult(null);
    setError(null);
    setCancelled(false);
    onClose();
  };

  return (
    <Modal opened={name !== null} onClose={close} title={`Test connection: ${name ?? ""}`}>
      <Stack>
        <NumberInput label="Give up after (seconds)" min={1} max={120} value={timeoutInput} data-testid="env-test-timeout" onChange={setTimeoutInput} w={200} />
        {result && (
          <Alert color="green" title="Connected" data-testid="env-test-ok">
            <Stack gap={2}>
              <Text size="sm">{result.database}</Text>
              <Text size="sm">Server: <Code>{result.serverVersion}</Code></Text>
              <Text size="sm">Acts as {result.actor}{result.readOnly ? " · opens read-only" : ""}</Text>
              <Text size="sm">
                Pending migrations: {result.pendingMigrations == null ? "unknown" : result.pendingMigrations}
              </Text>
            </Stack>
          </Alert>
        )}
        {error && <ErrorAlert error={error} />}
        {running && (
          <Text size="sm" c="dimmed" data-testid="env-test-running">
            Connecting… gives up after {timeout} s; Cancel stops it now.
          </Text>
        )}
        {cancelled && (
          <Alert color="gray" title="Cancelled" data-testid="env-test-cancelled">
            The test was stopped before the server answered. Nothing was changed.
          </Alert>
        )}
        <Group justify="flex-end">
          {running ? (
            <Button color="red" variant="light" onClick={cancel} data-testid="env-test-cancel">
              Cancel
            </Button>
          ) : null}
          <Button onClick={run} loading={running} data-testid="env-test-run">
            Test
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function AddEnvironmentModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const qc = useQueryClient();
  const [form, setForm] = useState<EnvForm>(emptyForm());
  const mode = form.mode;
  const pasted = form.connectionString;
  const [debounced] = useDebouncedValue(pasted, 250);
  const [sessionOnlyOffer, setSessionOnlyOffer] = useState(false);
  const parsed = useQuery({
    queryKey: ["parse-connection", debounced],
    queryFn: () => commands.envParseConnectionString({ text: debounced }),
    enabled: mode === "paste" && debounced.trim() !== "",
  });
  const local = missingFields(form);
  const add = useMutation({
    mutationFn: (sessionOnly: boolean) => commands.envAdd(formToRequest(form, sessionOnly)),
    onSuccess: (r) => {
      qc.invalidateQueries({ queryKey: ENV_KEY });
      notifications.show({
        title: `${r.profile.name} added`,
        message: [r.passwordStored ? `password kept in ${r.passwordStore}` : "no password stored", ...r.warnings].join(". "),
      });
      setForm(emptyForm());
      setSessionOnlyOffer(false);
      onClose();
    },
    onError: (e) => {
      if (toApiError(e).code === "KEYRING") setSessionOnlyOffer(true);
    },
  });
  const placed = placeFieldErrors(mode, fieldErrors(add.error ? toApiError(add.error) : null));
  const serverErrors = placed.byInput;
  const err = (f: keyof EnvForm) => local[f] ?? serverErrors[f];
  const set = <K extends keyof EnvForm>(k: K, v: EnvForm[K]) => setForm((f) => ({ ...f, [k]: v }));

  return (
    <Modal opened={opened} onClose={onClose} title="Add environment" size="lg">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (Object.keys(local).length === 0) add.mutate(false);
        }}
      >
        <Stack>
          <SegmentedControl
            value={mode}
            onChange={(v) => set("mode", v as EnvForm["mode"])}
            data={[
              { value: "form", label: "Fill in" },
              { value: "paste", label: "Paste a connection string" },
            ]}
          />
          <Group grow>
            <TextInput data-autofocus label="Name" required value={form.name} onChange={(e) => set("name", e.currentTarget.value)} error={err("name")} data-testid="env-name-input" />
            <Select label="Tier" data={["dvp", "acc", "prd"]} value={form.tier} onChange={(v) => set("tier", (v ?? "dvp") as EnvForm["tier"])} allowDeselect={false} data-testid="env-tier-input" />
          </Group>
          {mode === "paste" && (
            <Stack gap="xs">
              <Textarea
                label="Connection string"
                description="ADO.NET (Server=tcp:host,1433;Database=…;User Id=…;Password=…) or sqlserver://host:port;database=…;user=…;password=…"
                autosize
                minRows={2}
                value={pasted}
                onChange={(e) => set("connectionString", e.currentTarget.value)}
                error={err("connectionString")}
                data-testid="env-paste"
              />
              <ParseFeedback parsed={parsed.data} error={parsed.isError ? parsed.error : undefined} />
            </Stack>
          )}
          {mode === "form" && (
            <>
              <Group grow>
                <TextInput label="Host" required value={form.host} onChange={(e) => set("host", e.currentTarget.value)} error={err("host")} data-testid="env-host-input" />
                <NumberInput label="Port" value={form.port} min={1} max={65535} onChange={(v) => set("port", Number(v) || 1433)} error={err("port")} />
              </Group>
              <Group grow>
                <TextInput label="Database" required value={form.database} onChange={(e) => set("database", e.currentTarget.value)} error={err("database")} data-testid="env-database-input" />
                <TextInput label="User" required value={form.user} onChange={(e) => set("user", e.currentTarget.value)} error={err("user")} data-testid="env-user-input" />
              </Group>
              <PasswordInput label="Password" description="Kept in the OS keyring (or, if it is unavailable and you agree, in memory for this session only); never in a file, never shown again." value={form.password} onChange={(e) => set("password", e.currentTarget.value)} error={err("password")} data-testid="env-password-input" />
              <TextInput label="Display name (CreatedBy / UpdatedBy)" value={form.displayName} onChange={(e) => set("displayName", e.currentTarget.value)} error={err("displayName")} />
              <Group>
                <Checkbox label="Encrypt (TLS)" checked={form.encrypt} onChange={(e) => set("encrypt", e.currentTarget.checked)} />
                <Checkbox label="Trust any server certificate" checked={form.trustServerCertificate} onChange={(e) => set("trustServerCertificate", e.currentTarget.checked)} error={err("trustServerCertificate")} />
                <Checkbox label="Read-only" checked={form.readOnly} onChange={(e) => set("readOnly", e.currentTarget.checked)} />
              </Group>
              {form.tier === "prd" && form.trustServerCertificate && (
                <Checkbox color="red" label="I accept trusting any certificate on prd (open to interception)" checked={form.forceTrust} onChange={(e) => set("forceTrust", e.currentTarget.checked)} />
              )}
            </>
          )}
          {add.error && !sessionOnlyOffer && (placed.unplaced || Object.keys(serverErrors).length === 0) && <ErrorAlert error={add.error} />}
          {add.error && !sessionOnlyOffer && !placed.unplaced && Object.keys(serverErrors).length > 0 && (
            <Text size="sm" c="red" data-testid="env-add-refused">
              Not saved: {toApiError(add.error).message}
            </Text>
          )}
          {sessionOnlyOffer && <SessionOnlyOffer error={add.error} onAccept={() => add.mutate(true)} />}
          <SaveCancel onCancel={onClose} disabled={Object.keys(local).length > 0} loading={add.isPending} testid="env-save" />
        </Stack>
      </form>
    </Modal>
  );
}

/** Types the password of an existing SQL Server environment; offers session memory when the keyring is unavailable. */
function SetPasswordModal({ name, onClose }: { name: string | null; onClose: () => void }) {
  const qc = useQueryClient();
  const [password, setPassword] = useState("");
  const [sessionOnlyOffer, setSessionOnlyOffer] = useState(false);
  const save = useMutation({
    mutationFn: (sessionOnly: boolean) => commands.envSetPassword({ name: name ?? "", password, sessionOnly }),
    onSuccess: (info) => {
      qc.invalidateQueries({ queryKey: ENV_KEY });
      notifications.show({ title: `Password of ${info.name}`, message: `kept ${passwordLabel(info) === "this session only" ? "for this session only" : "in the OS keyring"}` });
      close();
    },
    onError: (e) => {
      if (toApiError(e).code === "KEYRING") setSessionOnlyOffer(true);
    },
  });
  const close = () => {
    setPassword("");
    setSessionOnlyOffer(false);
    save.reset();
    onClose();
  };
  return (
    <Modal opened={name !== null} onClose={close} title={`Password of ${name ?? ""}`}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (password !== "") save.mutate(false);
        }}
      >
        <Stack>
          <PasswordInput data-autofocus label="Password" description="Kept in the OS keyring (or, if it is unavailable and you agree, in memory for this session only); never in a file, never shown again." value={password} onChange={(e) => setPassword(e.currentTarget.value)} data-testid="env-set-password-input" />
          {save.error && !sessionOnlyOffer && <ErrorAlert error={save.error} />}
          {sessionOnlyOffer && <SessionOnlyOffer error={save.error} onAccept={() => save.mutate(true)} />}
          <SaveCancel onCancel={close} disabled={password === ""} loading={save.isPending} testid="env-set-password-save" />
        </Stack>
      </form>
    </Modal>
  );
}

/** The keyring is unavailable: says so, and offers to keep the password in memory for this session. */
function SessionOnlyOffer({ error, onAccept }: { error: unknown; onAccept: () => void }) {
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

function SaveCancel({ onCancel, disabled, loading, testid }: { onCancel: () => void; disabled: boolean; loading: boolean; testid: string }) {
  return (
    <Group justify="flex-end">
      <Button variant="default" onClick={onCancel}>
        Cancel
      </Button>
      <Button type="submit" disabled={disabled} loading={loading} data-testid={testid}>
        Save
      </Button>
    </Group>
  );
}
