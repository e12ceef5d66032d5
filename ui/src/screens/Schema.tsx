import { Accordion, Alert, Badge, Button, Checkbox, Code, Group, Modal, ScrollArea, Stack, Table, Tabs, Text, Title, Tooltip } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { listen } from "@tauri-apps/api/event";
import { IconDatabaseImport, IconLock, IconLockOpen, IconShieldCheck } from "@tabler/icons-react";
import { useEffect, useState } from "react";
import type { Progress } from "../bindings/Progress";
import { commands } from "../bindings/commands";
import { Empty, ErrorAlert, Loading, WorkProgress } from "../components/States";
import { driftSentence, pendingObjectSentence } from "../lib/drift";
import { toApiError } from "../lib/errors";
import { qk } from "../lib/queryKeys";
import { useSession } from "../lib/session";
import { tierLabel } from "../lib/tier";
import { applyProgress, initialProgress, percent, type DeployProgress } from "../lib/progress";
import { TableHead } from "../components/TableHead";

/** The event the backend emits for each migration a deploy starts, finishes or fails. */
export const PROGRESS_EVENT = "migration-progress";

export function SchemaScreen({ readOnly }: { readOnly: boolean }) {
  const qc = useQueryClient();
  const status = useQuery({ queryKey: qk.schema.status(), queryFn: () => commands.schemaStatus() });
  const [showPlan, setShowPlan] = useState(false);
  const plan = useQuery({ queryKey: qk.schema.plan(), queryFn: () => commands.schemaPlan(), enabled: showPlan });
  // Polled: a deploy from another window, the CLI or a pipeline holds the same lock.
  const lock = useQuery({ queryKey: qk.schema.lock(), queryFn: () => commands.schemaLock(), refetchInterval: 1000 });
  const [progress, setProgress] = useState<DeployProgress>(initialProgress);
  const [allowDestructive, setAllowDestructive] = useState(false);

  useEffect(() => {
    let unlisten: (() => void) | undefined;
    let gone = false;
    listen<Progress>(PROGRESS_EVENT, (e) => setProgress((p) => applyProgress(p, e.payload)))
      .then((u) => (gone ? u() : (unlisten = u)))
      .catch(() => undefined);
    return () => {
      gone = true;
      unlisten?.();
    };
  }, []);

  const session = useSession();
  const [reviewing, setReviewing] = useState(false);
  const verify = useMutation({ mutationFn: () => commands.schemaVerify() });
  const deploy = useMutation({
    mutationFn: () => {
      setProgress(initialProgress);
      return commands.schemaDeploy({ source: { kind: "embedded" }, allowDestructive, lockTimeoutSecs: null });
    },
    onSuccess: (r) => {
      notifications.show({ color: "green", title: "Deployed", message: `${r.applied.length} migration(s) applied` });
      void qc.invalidateQueries({ queryKey: qk.schema.all() });
      void qc.invalidateQueries({ queryKey: qk.audit.all() });
      // An earlier verify report no longer describes the database.
      verify.reset();
    },
    onSettled: () => qc.invalidateQueries({ queryKey: qk.schema.all() }),
  });

  if (status.isPending) return <Loading label="Reading the schema history…" />;
  if (status.isError) return <ErrorAlert error={status.error} onRetry={() => status.refetch()} />;
  const s = status.data;
  const refusal = s.failed.length > 0 || s.unknown.length > 0 || s.checksumMismatches.length > 0;

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={3}>Schema</Title>
        <Text size="sm" c="dimmed">
          {s.engine} · {s.database} · newest known V{s.latestKnown ?? "—"}
        </Text>
      </Group>
      <Group>
        <Badge color="green" variant="light" data-testid="applied-count">{s.applied.length} applied</Badge>
        <Badge color={s.pending.length ? "orange" : "gray"} variant="light" data-testid="pending-count">{s.pending.length} pending</Badge>
        {s.failed.length > 0 && <Badge color="red">{s.failed.length} failed</Badge>}
        {s.unknown.length > 0 && <Badge color="red">{s.unknown.length} unknown to this build</Badge>}
        {s.checksumMismatches.length > 0 && <Badge color="red">{s.checksumMismatches.length} changed after applying</Badge>}
        {lock.data && (
          <Tooltip label={lock.data.held ? "Only one deploy runs at a time; a deploy started now waits for this one" : "No deploy is running on this database"}>
            <Badge
              color={lock.data.held ? "red" : "gray"}
              variant={lock.data.held ? "filled" : "light"}
              leftSection={lock.data.held ? <IconLock size={12} /> : <IconLockOpen size={12} />}
              data-testid="lock-state"
              data-held={String(lock.data.held)}
            >
              {!lock.data.held ? "migration lock free" : lock.data.byThisWindow ? "locked by this window's deploy" : "locked by another deploy"}
            </Badge>
          </Tooltip>
        )}
      </Group>

      <Tabs defaultValue={s.pending.length ? "pending" : "applied"} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="applied" data-testid="tab-applied">Applied</Tabs.Tab>
          <Tabs.Tab value="pending" data-testid="tab-pending">Pending / deploy</Tabs.Tab>
          <Tabs.Tab value="verify" data-testid="tab-verify">Verify / drift</Tabs.Tab>
        </Tabs.List>

        <Tabs.Panel value="applied" pt="sm">
          {s.applied.length === 0 ? (
            <Empty title="No migration applied yet" />
          ) : (
            <Table striped withTableBorder data-testid="applied-table">
              <TableHead cols={["Version", "Name", "Applied", "By", "ms", "Checksum"]} />
              <Table.Tbody>
                {s.applied.map((a) => (
                  <Table.Tr key={a.version} data-testid={`applied-${a.version}`}>
                    <Table.Td><Code>{a.version}</Code></Table.Td>
                    <Table.Td>{a.name}</Table.Td>
                    <Table.Td><Text size="xs">{a.appliedAt.replace("T", " ").slice(0, 19)}</Text></Table.Td>
                    <Table.Td>{a.appliedBy}</Table.Td>
                    <Table.Td>{a.executionMs}</Table.Td>
                    <Table.Td>{a.checksumOk ? <Badge size="xs" color="green" variant="light">ok</Badge> : <Badge size="xs" color="red">changed</Badge>}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Tabs.Panel>

        <Tabs.Panel value="pending" pt="sm">
          <Stack>
            {refusal && (
              <Alert color="red" title="Deploy is refused until this is resolved">
                {s.failed.map((f) => <Text size="sm" key={`f${f.version}`}>V{f.version} {f.name} failed at {f.appliedAt}: fix the file and run repair.</Text>)}
                {s.unknown.map((f) => <Text size="sm" key={`u${f.version}`}>V{f.version} {f.name} is unknown to this build: use a newer IVR Studio.</Text>)}
                {s.checksumMismatches.map((m) => <Text size="sm" key={`c${m.version}`}>{m.fileName} changed after it was applied.</Text>)}
              </Alert>
            )}
            {s.pending.length === 0 ? (
              <Empty title="Up to date">Every migration this build knows is applied.</Empty>
            ) : (
              <Accordion variant="separated" data-testid="pending-list">
                {s.pending.map((p) => (
                  <Accordion.Item key={p.version} value={String(p.version)}>
                    <Accordion.Control data-testid={`pending-${p.version}`}>
                      <Group gap="xs">
                        <Code>{p.fileName}</Code>
                        {p.outOfOrder && <Badge color="red" size="xs">out of order</Badge>}
                        {p.noTransaction && <Badge color="orange" size="xs">no transaction</Badge>}
                        {p.findings.length > 0 && <Badge color="orange" size="xs">{p.findings.length} destructive statement(s)</Badge>}
                      </Group>
                    </Accordion.Control>
                    <Accordion.Panel>
                      {p.findings.map((f, i) => (
                        <Text size="sm" c="orange.8" key={i}>line {f.line}: {f.message}</Text>
                      ))}
                      {!showPlan ? (
                        <Button size="xs" variant="light" mt="xs" onClick={() => setShowPlan(true)} data-testid={`show-sql-${p.version}`}>Show SQL</Button>
                      ) : plan.isPending ? (
                        <Loading label="Preparing the plan…" />
                      ) : plan.isError ? (
                        <ErrorAlert error={plan.error} />
                      ) : (
                        <ScrollArea.Autosize mah={300} data-testid={`sql-${p.version}`}>
                          {plan.data.planned.filter((x) => x.version === p.version).flatMap((x) => x.batches).map((b, i) => (
                            <Code block key={i} mb="xs">{`-- lines ${b.start_line}–${b.end_line}\n${b.sql}`}</Code>
                          ))}
                        </ScrollArea.Autosize>
                      )}
                    </Accordion.Panel>
                  </Accordion.Item>
                ))}
              </Accordion>
            )}
            {(deploy.isPending || progress.total > 0) && (
              <WorkProgress
                testId="deploy-progress"
                barTestId="deploy-bar"
                textTestId="deploy-progress-text"
                value={percent(progress)}
                running={deploy.isPending}
                failed={progress.failed !== null}
                size="lg"
                text={
                  progress.current
                    ? `Applying ${progress.current}…`
                    : (progress.log[progress.log.length - 1] ?? (lock.data?.held ? "Waiting for the migration lock: another deploy is running…" : "Starting…"))
                }
              />
            )}
            {deploy.isError && <ErrorAlert error={deploy.error} />}
            <Group>
              {s.pending.some((p) => p.findings.length > 0) && (
                <Checkbox label="I reviewed the destructive statements; let them run" checked={allowDestructive} onChange={(e) => setAllowDestructive(e.currentTarget.checked)} />
              )}
              <Button
                leftSection={<IconDatabaseImport size={16} />}
                disabled={readOnly || s.pending.length === 0 || refusal || deploy.isPending}
                loading={deploy.isPending}
                onClick={() => (session.data?.deployNeedsReview ? setReviewing(true) : deploy.mutate())}
                data-testid="deploy"
              >
                {session.data?.deployNeedsReview ? `Review and deploy ${s.pending.length} migration(s)…` : `Deploy ${s.pending.length} migration(s)`}
              </Button>
              {readOnly && <Text size="sm" c="dimmed">Read-only: unlock the environment to deploy.</Text>}
            </Group>
          </Stack>
        </Tabs.Panel>

        <Tabs.Panel value="verify" pt="sm">
          <Stack>
            <Group>
              <Button leftSection={<IconShieldCheck size={16} />} loading={verify.isPending} onClick={() => verify.mutate()} data-testid="verify">
                Verify checksums and drift
              </Button>
            </Group>
            {verify.isError && <ErrorAlert error={verify.error} />}
            {verify.data && (
              <Stack data-testid="verify-report">
                <Alert color={verify.data.clean ? "green" : "orange"} title={verify.data.clean ? "Clean" : "Differences found"}>
                  {verify.data.checksumMismatches.length} changed file(s), {verify.data.failed.length} failed, {verify.data.unknown.length} unknown, {verify.data.pending.length} pending, {verify.data.drift.length} drift item(s).
                </Alert>
                {verify.data.pendingObjects.length > 0 && (
                  <Alert color="blue" title="Will be created by pending migrations (not drift)" data-testid="pending-objects">
                    <Stack gap={2}>
                      {verify.data.pendingObjects.map((p, i) => (
                        <Text size="sm" key={i} data-testid={`pending-object-${p.item.name}`}>
                          {pendingObjectSentence(p.item)} — {p.fileName}
                        </Text>
                      ))}
                    </Stack>
                  </Alert>
                )}
                {verify.data.drift.length > 0 && (
                  <Table withTableBorder striped data-testid="drift-table">
                    <TableHead cols={["Kind", "Finding"]} />
                    <Table.Tbody>
                      {verify.data.drift.map((d, i) => (
                        <Table.Tr key={i} data-testid={`drift-${d.object}-${d.name}`}>
                          <Table.Td><Badge size="xs" color={d.kind === "missing" ? "red" : d.kind === "extra" ? "orange" : "yellow"}>{d.kind}</Badge></Table.Td>
                          <Table.Td><Text size="sm">{driftSentence(d)}</Text></Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                )}
              </Stack>
            )}
          </Stack>
        </Tabs.Panel>
      </Tabs>
      {reviewing && session.data && (
        <DeployReview
          envName={session.data.name}
          tier={session.data.tier}
          allowDestructive={allowDestructive}
          onCancel={() => setReviewing(false)}
          onConfirm={() => {
            setReviewing(false);
            deploy.mutate();
          }}
        />
      )}
      {deploy.isError && toApiError(deploy.error).code === "MIGRATION_LOCKED" && (
        <Alert color="orange">Another deploy is running on this database. Wait for it to finish.</Alert>
      )}
    </Stack>
  );
}

type ReviewProps = { envName: string; tier: string; allowDestructive: boolean; onCancel: () => void; onConfirm: () => void };

/**
 * Before a deploy to acc or prd: every pending migration's SQL and lint findings, from the same
 * dry run the deploy will repeat, then an explicit confirmation. (prd must be unlocked first:
 * the deploy button stays disabled while it is read-only.)
 */
function DeployReview({ envName, tier, allowDestructive, onCancel, onConfirm }: ReviewProps) {
  const plan = useQuery({ queryKey: qk.schema.plan(), queryFn: () => commands.schemaPlan() });
  const planned = plan.data?.planned ?? [];
  const flagged = planned.some((p) => p.findings.length > 0);
  return (
    <Modal opened onClose={onCancel} size="xl" title={`Deploy to ${envName} (${tierLabel(tier)})`} data-testid="deploy-review">
      <Stack gap="sm">
        {plan.isPending && <Loading label="Preparing the plan…" />}
        {plan.isError && <ErrorAlert error={plan.error} />}
        {plan.isSuccess && (
          <>
            <Text size="sm">
              {planned.length} migration(s) will run on <b>{envName}</b>, each in its own transaction, in this order. Read the SQL and the lint findings before you
              confirm.
            </Text>
            <ScrollArea.Autosize mah={420}>
              <Stack gap="sm">
                {planned.map((p) => (
                  <Stack key={p.version} gap={4} data-testid={`review-${p.version}`}>
                    <Group gap="xs">
                      <Code>{p.fileName}</Code>
                      {p.findings.length > 0 ? (
                        <Badge color="orange" size="sm">{p.findings.length} lint finding(s)</Badge>
                      ) : (
                        <Badge color="green" variant="light" size="sm">no lint findings</Badge>
                      )}
                    </Group>
                    {p.findings.map((f, i) => (
                      <Text size="sm" c="orange.8" key={i} data-testid="review-finding">
                        line {f.line}: {f.message}
                      </Text>
                    ))}
                    {p.batches.map((b, i) => (
                      <Code block key={i} data-testid="review-sql">{`-- lines ${b.start_line}–${b.end_line}\n${b.sql}`}</Code>
                    ))}
                  </Stack>
                ))}
              </Stack>
            </ScrollArea.Autosize>
            {flagged && !allowDestructive && (
              <Alert color="orange" py={6}>
                Some statements are destructive: tick “I reviewed the destructive statements” on the Pending tab, or the deploy is refused.
              </Alert>
            )}
          </>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel} data-testid="review-cancel">
            Cancel
          </Button>
          <Button color={tier === "prd" ? "red" : "orange"} disabled={!plan.isSuccess || planned.length === 0} onClick={onConfirm} data-testid="review-confirm">
            Deploy {planned.length} migration(s) to {envName}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
