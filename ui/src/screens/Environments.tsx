import { Alert, Badge, Button, Code, Group, Modal, NumberInput, PasswordInput, Stack, Table, Text, Title, Tooltip } from "@mantine/core";
import { useHotkeys } from "@mantine/hooks";
import { modals } from "@mantine/modals";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { IconKey, IconPencil, IconPlugConnected, IconPlus, IconTrash } from "@tabler/icons-react";
import { useEffect, useState } from "react";
import type { ApiError } from "../bindings/ApiError";
import type { ConnectionTest } from "../bindings/ConnectionTest";
import type { EnvironmentInfo } from "../bindings/EnvironmentInfo";
import { commands } from "../bindings/commands";
import { useOpenEnvironment } from "../lib/openEnvironment";
import { FormActions } from "../components/FormActions";
import { EnvironmentForm, SessionOnlyOffer, TestResult } from "../components/EnvironmentForm";
import { TierBadge } from "../components/TierBanner";
import { Empty, ErrorAlert, Loading } from "../components/States";
import { toApiError } from "../lib/errors";
import { errorText } from "../lib/remedy";
import { qk } from "../lib/queryKeys";
import { useSession } from "../lib/session";
import { passwordLabel, wasCancelled } from "../lib/envForm";
import { TableHead } from "../components/TableHead";

export function EnvironmentsScreen({ startAdding = false, onStartAddingDone }: { startAdding?: boolean; onStartAddingDone?: () => void } = {}) {
  const list = useQuery({ queryKey: qk.environments.all(), queryFn: () => commands.envList() });
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
  const [editing, setEditing] = useState<string | null>(null);
  const quick = useQuickTest();
  const [passwordFor, setPasswordFor] = useState<string | null>(null);

  useHotkeys([["mod+N", () => setAdding(true)]], []);

  const open = useOpenEnvironment();

  const remove = useMutation({
    mutationFn: (name: string) => commands.envRemove({ name }),
    onSuccess: (r) => {
      qc.invalidateQueries({ queryKey: qk.environments.all() });
      notifications.show({ title: "Removed", message: [`${r.name} removed`, ...r.warnings].join(". ") });
    },
    onError: (e) => notifications.show({ color: "red", title: "Could not remove", message: errorText(toApiError(e)) }),
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
      {quick.outcome && <QuickTestOutcome outcome={quick.outcome} onClose={quick.clear} />}
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ErrorAlert error={list.error} onRetry={() => list.refetch()} />
      ) : list.data.length === 0 ? (
        <Empty title="No environments">Add one with the button above.</Empty>
      ) : (
        <Table striped highlightOnHover data-testid="env-table">
          <TableHead cols={["Name", "Tier", "Where", "Password", ""]} />
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
                      <Button
                        size="xs"
                        variant="default"
                        leftSection={<IconPlugConnected size={14} />}
                        loading={quick.running === env.name}
                        onClick={() => quick.run(env.name)}
                        data-testid={`env-quicktest-${env.name}`}
                      >
                        Test
                      </Button>
                      <Tooltip label="Test with a longer wait, or cancel">
                        <Button size="xs" variant="subtle" px={6} onClick={() => setTesting(env.name)} aria-label={`Test ${env.name} with options`} data-testid={`env-test-${env.name}`}>
                          …
                        </Button>
                      </Tooltip>
                      {env.name !== "local" && (
                        <Button size="xs" variant="default" leftSection={<IconPencil size={14} />} onClick={() => setEditing(env.name)} data-testid={`env-edit-${env.name}`}>
                          Edit
                        </Button>
                      )}
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
      {(adding || editing !== null) && (
        <EnvironmentForm
          editing={editing}
          onClose={() => {
            setAdding(false);
            setEditing(null);
          }}
        />
      )}
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

/** Types the password of an existing SQL Server environment; offers session memory when the keyring is unavailable. */
function SetPasswordModal({ name, onClose }: { name: string | null; onClose: () => void }) {
  const qc = useQueryClient();
  const [password, setPassword] = useState("");
  const [sessionOnlyOffer, setSessionOnlyOffer] = useState(false);
  const save = useMutation({
    mutationFn: (sessionOnly: boolean) => commands.envSetPassword({ name: name ?? "", password, sessionOnly }),
    onSuccess: (info) => {
      qc.invalidateQueries({ queryKey: qk.environments.all() });
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
          <FormActions onCancel={close} disabled={password === ""} loading={save.isPending} testId="env-set-password-save">
            Save
          </FormActions>
        </Stack>
      </form>
    </Modal>
  );
}

type QuickOutcome = { name: string; result?: ConnectionTest; error?: ApiError };

/** One click on Test: connects with the saved profile (15 s at most) and says what answered. */
function useQuickTest() {
  const [running, setRunning] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<QuickOutcome | null>(null);
  const run = async (name: string) => {
    setRunning(name);
    setOutcome(null);
    try {
      setOutcome({ name, result: await commands.envTest({ name, timeoutSecs: 15 }) });
    } catch (e) {
      const error = toApiError(e);
      if (!wasCancelled(error)) setOutcome({ name, error });
    } finally {
      setRunning(null);
    }
  };
  return { running, outcome, run, clear: () => setOutcome(null) };
}

function QuickTestOutcome({ outcome, onClose }: { outcome: QuickOutcome; onClose: () => void }) {
  return (
    <Stack gap={4} data-testid={`env-quicktest-result-${outcome.name}`}>
      <Group justify="space-between">
        <Text size="sm" fw={600}>
          Test of {outcome.name}
        </Text>
        <Button size="compact-xs" variant="subtle" onClick={onClose}>
          Close
        </Button>
      </Group>
      {outcome.result && <TestResult result={outcome.result} />}
      {outcome.error && <ErrorAlert error={outcome.error} />}
    </Stack>
  );
}
