import { Badge, Button, Code, Group, Stack, Switch, Table, Tabs, Text, Title } from "@mantine/core";
import { modals } from "@mantine/modals";
import { notifications } from "@mantine/notifications";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { IconPlus } from "@tabler/icons-react";
import { useState, type ReactNode } from "react";
import type { DictEntryRef } from "../bindings/DictEntryRef";
import type { Usage } from "../bindings/Usage";
import { commands } from "../bindings/commands";
import { FieldsModal, type FieldSpec } from "../components/FieldsModal";
import { Empty, ErrorAlert, Loading } from "../components/States";
import { toApiError } from "../lib/errors";
import { qk, refresh } from "../lib/queryKeys";
import { errorText } from "../lib/remedy";

type Editing = { title: string; fields: FieldSpec[]; initial: Record<string, string>; submit: (v: Record<string, string>) => Promise<unknown> } | null;

const ENGINES = ["google", "azure", "amazon", "elevenlabs"].map((v) => ({ value: v, label: v }));
const GENDERS = ["male", "female", "neutral"].map((v) => ({ value: v, label: v }));
const opt = (s: string | undefined) => (s === undefined || s.trim() === "" ? null : s.trim());

export function DictionariesScreen({ readOnly }: { readOnly: boolean }) {
  const qc = useQueryClient();
  const dicts = useQuery({ queryKey: qk.dict(), queryFn: () => commands.dictAll() });
  const [editing, setEditing] = useState<Editing>(null);

  const refreshDicts = () => refresh.dictionaries(qc);
  const toggle = (p: Promise<unknown>) =>
    p.then(refreshDicts).catch((e) => notifications.show({ color: "red", title: "Not changed", message: errorText(toApiError(e)) }));

  if (dicts.isPending) return <Loading />;
  if (dicts.isError) return <ErrorAlert error={dicts.error} onRetry={() => dicts.refetch()} />;
  const d = dicts.data;
  const languages = d.languages.map((l) => ({ value: l.languageCode, label: `${l.languageCode} — ${l.displayName}` }));
  const environments = d.environments.map((e) => ({ value: String(e.environmentId), label: `${e.code} — ${e.displayName}` }));

  const addButton = (label: string, e: Editing, testId: string) => (
    <Button size="xs" leftSection={<IconPlus size={14} />} disabled={readOnly} onClick={() => setEditing(e)} data-testid={testId}>
      {label}
    </Button>
  );
  /** A row's Edit (or Rename) button: opens the row's form. */
  const editButton = (label: string, e: Editing, testId: string) => (
    <Button key="e" size="compact-xs" variant="subtle" disabled={readOnly} data-testid={testId} onClick={() => setEditing(e)}>
      {label}
    </Button>
  );
  /**
   * Reactivating is one click. Deactivating first asks the backend where the entry is used; when
   * it is used, the count and where are shown and the user confirms.
   */
  const active = (on: boolean, change: (v: boolean) => Promise<unknown>, testId: string, entry: DictEntryRef, name: string) => (
    <Switch
      size="xs"
      checked={on}
      disabled={readOnly}
      onChange={(ev) => {
        const next = ev.currentTarget.checked;
        if (next) {
          toggle(change(true));
          return;
        }
        commands
          .dictUsage(entry)
          .then((usage) => (usage.total === 0 ? toggle(change(false)) : confirmDeactivate(name, usage, () => toggle(change(false)))))
          .catch((e) => notifications.show({ color: "red", title: "Not changed", message: errorText(toApiError(e)) }));
      }}
      data-testid={testId}
      aria-label="active"
    />
  );

  const langFields: FieldSpec[] = [
    { key: "languageCode", label: "Language code (BCP 47)", required: true, description: "e.g. nl-BE" },
    { key: "displayName", label: "Display name", required: true },
  ];
  const voiceFields: FieldSpec[] = [
    { key: "code", label: "Code", required: true },
    { key: "engine", label: "Engine", required: true, options: ENGINES },
    { key: "language", label: "Language", required: true, options: languages },
    { key: "gender", label: "Gender", options: GENDERS },
    { key: "displayName", label: "Display name", required: true },
  ];
  const projectFields: FieldSpec[] = [
    { key: "environmentId", label: "Environment", required: true, options: environments },
    { key: "customerId", label: "Customer id", required: true },
    { key: "projectId", label: "Project id", required: true },
    { key: "displayName", label: "Display name", required: true },
    { key: "oktaGroup", label: "Okta group" },
  ];

  return (
    <Stack>
      <Title order={3}>Dictionaries</Title>
      <Tabs defaultValue="languages" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="languages" data-testid="tab-languages">Languages ({d.languages.length})</Tabs.Tab>
          <Tabs.Tab value="voices" data-testid="tab-voices">Voices ({d.voices.length})</Tabs.Tab>
          <Tabs.Tab value="projects" data-testid="tab-projects">Company projects ({d.companyProjects.length})</Tabs.Tab>
          <Tabs.Tab value="environments" data-testid="tab-environments">Environments</Tabs.Tab>
          <Tabs.Tab value="keyTypes" data-testid="tab-keyTypes">Key types</Tabs.Tab>
          <Tabs.Tab value="segmentTypes" data-testid="tab-segmentTypes">Segment types</Tabs.Tab>
          <Tabs.Tab value="messageTypes" data-testid="tab-messageTypes">Message types</Tabs.Tab>
          <Tabs.Tab value="categories" data-testid="tab-categories">Message categories</Tabs.Tab>
        </Tabs.List>

        <Tabs.Panel value="languages" pt="sm">
          <Group justify="flex-end" mb="xs">
            {addButton("Add language", { title: "Add language", fields: langFields, initial: {}, submit: (v) => commands.dictLanguageAdd({ languageCode: v.languageCode ?? "", displayName: v.displayName ?? "" }) }, "language-add")}
          </Group>
          <SimpleTable
            testId="table-languages"
            rowIds={d.languages.map((l) => `language-row-${l.languageCode}`)}
            head={["Code", "Name", "Active", ""]}
            rows={d.languages.map((l) => [
              <Code key="c">{l.languageCode}</Code>,
              l.displayName,
              active(l.isActive, (on) => commands.dictLanguageSetActive({ code: l.languageCode, active: on }), `language-active-${l.languageCode}`, { kind: "language", languageCode: l.languageCode }, l.languageCode),
              editButton("Rename", { title: `Rename ${l.languageCode}`, fields: [langFields[1]], initial: { displayName: l.displayName }, submit: (v) => commands.dictLanguageRename({ code: l.languageCode, displayName: v.displayName ?? "" }) }, `language-rename-${l.languageCode}`),
            ])}
          />
        </Tabs.Panel>

        <Tabs.Panel value="voices" pt="sm">
          <Group justify="flex-end" mb="xs">
            {addButton("Add voice", { title: "Add voice", fields: voiceFields, initial: {}, submit: (v) => commands.dictVoiceAdd({ code: v.code ?? "", engine: v.engine ?? "", language: v.language ?? "", gender: opt(v.gender), displayName: v.displayName ?? "" }) }, "voice-add")}
          </Group>
          <SimpleTable
            testId="table-voices"
            rowIds={d.voices.map((v) => `voice-row-${v.code}`)}
            head={["Code", "Engine", "Language", "Gender", "Name", "Active", ""]}
            rows={d.voices.map((v) => [
              <Code key="c">{v.code}</Code>,
              v.engine,
              v.language,
              v.gender ?? "",
              v.displayName,
              active(v.isActive, (on) => commands.dictVoiceSetActive({ voiceId: v.voiceId, active: on }), `voice-active-${v.voiceId}`, { kind: "voice", voiceId: v.voiceId }, v.code),
              editButton(
                "Edit",
                {
                  title: `Edit voice ${v.code}`,
                  fields: voiceFields,
                  initial: { code: v.code, engine: v.engine, language: v.language, gender: v.gender ?? "", displayName: v.displayName },
                  submit: (x) => commands.dictVoiceEdit({ voiceId: v.voiceId, patch: { code: x.code ?? null, engine: x.engine ?? null, language: x.language ?? null, gender: x.gender ?? "", displayName: x.displayName ?? null } }),
                },
                `voice-edit-${v.code}`,
              ),
            ])}
          />
        </Tabs.Panel>

        <Tabs.Panel value="projects" pt="sm">
          <Group justify="flex-end" mb="xs">
            {addButton(
              "Add company project",
              {
                title: "Add company project",
                fields: projectFields,
                initial: {},
                submit: (v) => commands.dictProjectCreate({ environmentId: Number(v.environmentId ?? 0), customerId: v.customerId ?? "", projectId: v.projectId ?? "", displayName: v.displayName ?? "", oktaGroup: opt(v.oktaGroup) }),
              },
              "project-add",
            )}
          </Group>
          <SimpleTable
            testId="table-projects"
            rowIds={d.companyProjects.map((p) => `project-row-${p.customerId}/${p.projectId}`)}
            head={["Id", "Environment", "Customer / project", "Name", "Okta group", "Active", ""]}
            rows={d.companyProjects.map((p) => [
              p.companyProjectId,
              p.environmentCode ?? p.environmentId,
              `${p.customerId} / ${p.projectId}`,
              p.displayName,
              p.oktaGroup ?? "",
              active(p.isActive, (on) => commands.dictProjectSetActive({ companyProjectId: p.companyProjectId, active: on }), `project-active-${p.companyProjectId}`, { kind: "companyProject", companyProjectId: p.companyProjectId }, p.displayName),
              editButton(
                "Edit",
                {
                  title: `Edit ${p.displayName}`,
                  fields: projectFields,
                  initial: { environmentId: String(p.environmentId), customerId: p.customerId, projectId: p.projectId, displayName: p.displayName, oktaGroup: p.oktaGroup ?? "" },
                  submit: (x) =>
                    commands.dictProjectEdit({
                      companyProjectId: p.companyProjectId,
                      patch: { environmentId: x.environmentId ? Number(x.environmentId) : null, customerId: x.customerId ?? null, projectId: x.projectId ?? null, displayName: x.displayName ?? null, oktaGroup: x.oktaGroup ?? "" },
                    }),
                },
                `project-edit-${p.customerId}/${p.projectId}`,
              ),
            ])}
          />
        </Tabs.Panel>

        <Tabs.Panel value="environments" pt="sm">
          <SimpleTable testId="table-environments" head={["Id", "Code", "Name", "Active"]} rows={d.environments.map((e) => [e.environmentId, e.code, e.displayName, yes(e.isActive)])} />
        </Tabs.Panel>
        <Tabs.Panel value="keyTypes" pt="sm">
          <SimpleTable testId="table-keyTypes" head={["Id", "Code", "Name", "Active"]} rows={d.keyTypes.map((k) => [k.dicKeyTypeId, k.code, k.displayName, yes(k.isActive)])} />
        </Tabs.Panel>
        <Tabs.Panel value="segmentTypes" pt="sm">
          <SimpleTable
            testId="table-segmentTypes"
            head={["Code", "Name", "Category", "Terminal", "Keys"]}
            rows={d.segmentTypes.map((s) => [<Code key="c">{s.code}</Code>, s.displayName, s.category ?? "", yes(s.isTerminal), s.keys.map((k) => `${k.keyName}${k.isRequired ? "*" : ""}`).join(", ")])}
          />
        </Tabs.Panel>
        <Tabs.Panel value="messageTypes" pt="sm">
          <SimpleTable testId="table-messageTypes" head={["Code", "Name", "Has schema", "Active"]} rows={d.messageTypes.map((m) => [<Code key="c">{m.code}</Code>, m.displayName, yes(m.settingsSchema != null), yes(m.isActive)])} />
        </Tabs.Panel>
        <Tabs.Panel value="categories" pt="sm">
          <SimpleTable testId="table-categories" head={["Code", "Name", "Colour", "Active"]} rows={d.messageCategories.map((c) => [<Code key="c">{c.code}</Code>, c.displayName, c.color ?? "", yes(c.isActive)])} />
        </Tabs.Panel>
      </Tabs>
      {editing && (
        <FieldsModal
          title={editing.title}
          fields={editing.fields}
          initial={editing.initial}
          onSubmit={editing.submit}
          onDone={() => {
            refreshDicts();
            setEditing(null);
            notifications.show({ color: "green", title: "Saved", message: editing.title });
          }}
          onClose={() => setEditing(null)}
          testId="dict-modal"
        />
      )}
    </Stack>
  );
}

const yes = (b: boolean) => (b ? <Badge size="xs" color="green" variant="light">yes</Badge> : <Text size="xs" c="dimmed">no</Text>);

function SimpleTable({ head, rows, testId, rowIds }: { head: string[]; rows: ReactNode[][]; testId: string; rowIds?: string[] }) {
  if (rows.length === 0) return <Empty title="Nothing here yet" />;
  return (
    <Table striped highlightOnHover withTableBorder data-testid={testId}>
      <Table.Thead>
        <Table.Tr>
          {head.map((h, i) => (
            <Table.Th key={i}>{h}</Table.Th>
          ))}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((r, i) => (
          <Table.Tr key={rowIds?.[i] ?? i} data-testid={rowIds?.[i]}>
            {r.map((c, j) => (
              <Table.Td key={j}>{c}</Table.Td>
            ))}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** Shows where an entry is used (count, where, examples) and deactivates only when confirmed. */
function confirmDeactivate(name: string, usage: Usage, onConfirm: () => void) {
  modals.openConfirmModal({
    title: `Deactivate ${name}?`,
    size: "lg",
    children: (
      <Stack gap="xs" data-testid="deactivate-impact">
        <Text size="sm">
          <b>{name}</b> is in use: {usage.total} {usage.total === 1 ? "place refers" : "places refer"} to it.
        </Text>
        {usage.places.map((p) => (
          <Stack gap={0} key={p.place} data-testid={`impact-${p.place}`}>
            <Text size="sm" fw={600}>
              {p.count} {p.label}
            </Text>
            <Text size="xs" c="dimmed">
              {p.examples.join(", ")}
              {p.examples.length < p.count ? ", …" : ""}
            </Text>
            <Text size="xs">{p.consequence.charAt(0).toUpperCase() + p.consequence.slice(1)}.</Text>
          </Stack>
        ))}
      </Stack>
    ),
    labels: { confirm: "Deactivate", cancel: "Keep it active" },
    confirmProps: { color: "red", "data-testid": "confirm-deactivate" } as Record<string, string>,
    cancelProps: { "data-testid": "cancel-deactivate" } as Record<string, string>,
    onConfirm,
  });
}
