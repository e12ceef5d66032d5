import { Alert, Button, Group, Loader, Modal, Select, Stack, Switch, Text, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import type { ApiError } from "../bindings/ApiError";
import type { FlowRef } from "../bindings/FlowRef";
import type { FlowVersion } from "../bindings/FlowVersion";
import type { FlowView } from "../bindings/FlowView";
import type { RoutingFields } from "../bindings/RoutingFields";
import { commands } from "../bindings/commands";
import { FormActions, FormError } from "../components/FormActions";
import { ErrorAlert } from "../components/States";
import { placeServerErrors } from "../lib/formErrors";
import { qk } from "../lib/queryKeys";
import type { SegmentCatalog } from "../bindings/SegmentCatalog";
import { draftConflict } from "./api";
import { diffFromNothing } from "./diff";
import { FlowDiffView } from "./FlowDiffView";

/** Compares a draft (or live) with live or any published version. */
export function DiffDialog({ opened, onClose, routingId, target, versions }: { opened: boolean; onClose: () => void; routingId: string; target: FlowRef; versions: FlowVersion[] }) {
  const [against, setAgainst] = useState<string>("live");
  const from: FlowRef = against === "live" ? { kind: "live", routingId } : { kind: "version", routingId, version: Number(against) };
  const diff = useQuery({ queryKey: qk.flows.diff(from, target), queryFn: () => commands.flowDiff({ from, to: target }), enabled: opened });
  return (
    <Modal opened={opened} onClose={onClose} title="Compare" size="lg" data-testid="diff-dialog">
      <Stack>
        <Select
          label="Compare with"
          data={[{ value: "live", label: "live (what callers get now)" }, ...versions.map((v) => ({ value: String(v.version), label: `version ${v.version}${v.description ? ` — ${v.description}` : ""}` }))]}
          value={against}
          onChange={(v) => v && setAgainst(v)}
          allowDeselect={false}
          data-testid="diff-against"
          comboboxProps={{ withinPortal: true }}
        />
        {diff.isPending ? <Loader size="sm" /> : diff.isError ? <ErrorAlert error={diff.error} /> : <FlowDiffView diff={diff.data} />}
      </Stack>
    </Modal>
  );
}

export type PublishOutcome = { kind: "published"; version: number } | { kind: "conflict"; error: ApiError };

/**
 * Publishing a draft: what changes for callers (the semantic diff; layout apart), errors that
 * block it, warnings that don't. A CONFLICT shows what the other publish changed; the draft stays.
 */
export function PublishDialog({
  opened,
  onClose,
  view,
  changeSetId,
  onPublish,
  pending,
  conflict,
}: {
  opened: boolean;
  onClose: () => void;
  view: FlowView;
  changeSetId: string;
  onPublish: () => void;
  pending: boolean;
  conflict: ApiError | null;
}) {
  const routingId = view.routingId;
  const diff = useQuery({
    queryKey: qk.flows.publishDiff(changeSetId, view),
    queryFn: () => commands.flowDiff({ from: { kind: "live", routingId }, to: { kind: "draft", changeSetId } }),
    enabled: opened,
  });
  // Only "someone published first" is shown here; a stale or closed draft is the workspace's.
  const c = draftConflict(conflict);
  const first = c?.kind === "publishedFirst" ? c : null;
  const base = first?.basedOnVersion ?? null;
  const theirs = useQuery({
    queryKey: qk.flows.conflictDiff(routingId, base, first?.liveVersion),
    // A new flow's draft has no base version: all that is live now came from the other publishes.
    queryFn: () =>
      base !== null
        ? commands.flowDiff({ from: { kind: "version", routingId, version: base }, to: { kind: "live", routingId } })
        : commands.flowGraph({ kind: "live", routingId }).then((g) => diffFromNothing(g.flow)),
    enabled: opened && first !== null,
  });
  const errors = view.validation.errors;
  const warnings = view.validation.warnings;
  return (
    <Modal opened={opened} onClose={onClose} title={`Publish ${routingId}`} size="lg" data-testid="publish-dialog">
      <Stack>
        {conflict && first ? (
          <Alert color="orange" title="Someone published first" data-testid="publish-conflict">
            <Stack gap="xs">
              <Text size="sm">{conflict.message}</Text>
              <Text size="sm">
                Your draft is kept.{" "}
                {base !== null
                  ? `What version ${first.liveVersion} changed since version ${base}:`
                  : `Your draft was opened as a new flow; what is live now (version ${first.liveVersion}), all published since:`}
              </Text>
              {theirs.isPending ? <Loader size="xs" /> : theirs.isError ? <ErrorAlert error={theirs.error} /> : <FlowDiffView diff={theirs.data} testId="conflict-diff" />}
            </Stack>
          </Alert>
        ) : (
          <>
            <Text size="sm" fw={500}>
              What changes for callers (live v{view.liveVersion} → v{view.liveVersion + 1})
            </Text>
            {diff.isPending ? <Loader size="sm" /> : diff.isError ? <ErrorAlert error={diff.error} /> : <FlowDiffView diff={diff.data} testId="publish-diff" />}
          </>
        )}
        {errors.length > 0 && (
          <Alert color="red" title={errors.length === 1 ? "1 error blocks publishing" : `${errors.length} errors block publishing`} data-testid="publish-errors">
            {errors.slice(0, 8).map((f, i) => (
              <Text key={i} size="xs">
                {f.segment ? `${f.segment}: ` : ""}
                {f.message}
              </Text>
            ))}
          </Alert>
        )}
        {errors.length === 0 && warnings.length > 0 && (
          <Text size="xs" c="dimmed" data-testid="publish-warnings">
            {warnings.length} warning{warnings.length === 1 ? "" : "s"} (they don't block publishing).
          </Text>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {first ? "Close" : "Cancel"}
          </Button>
          {!first && (
            <Button color="green" onClick={onPublish} loading={pending} disabled={errors.length > 0} data-testid="publish-confirm">
              Publish
            </Button>
          )}
        </Group>
      </Stack>
    </Modal>
  );
}

export type NewFlow = { routingId: string; entryName: string; entryType: string; routingEntry: RoutingFields | null };

type NewFlowValues = { routingId: string; entryName: string; entryType: string; withEntry: boolean; sourceId: string; companyProjectId: string | null; languageCode: string | null };

/** The backend's fields of a new flow and of its routing entry, on the dialog's inputs. */
const NEW_FLOW_FIELD = (field: string): string | null => {
  const f = field.replace(/^routingEntry\./, "");
  return f === "initSegment" ? "entryName" : ["routingId", "sourceId", "companyProjectId", "languageCode"].includes(f) ? f : null;
};

/** A brand-new flow: its RoutingId and entry segment, and optionally the routing entry that enters it. */
export function NewFlowDialog({
  opened,
  onClose,
  catalog,
  onCreate,
  pending,
  error,
  initial,
}: {
  opened: boolean;
  onClose: () => void;
  catalog: SegmentCatalog | undefined;
  onCreate: (f: NewFlow) => void;
  pending: boolean;
  error: ApiError | null;
  /** Prefilled RoutingId and entry segment (a flow routing entries already name). */
  initial?: { routingId: string; entryName: string };
}) {
  const form = useForm<NewFlowValues>({
    mode: "controlled",
    initialValues: { routingId: initial?.routingId ?? "", entryName: initial?.entryName ?? "start", entryType: "play_message", withEntry: false, sourceId: "", companyProjectId: null, languageCode: null },
  });
  const f = form.values;
  // A refusal's field problems go next to their inputs; the rest is shown whole below.
  const { setErrors } = form;
  useEffect(() => {
    if (error) placeServerErrors({ setErrors }, error, NEW_FLOW_FIELD);
  }, [error, setErrors]);
  const dict = useQuery({ queryKey: qk.dict(), queryFn: () => commands.dictAll(), enabled: opened && f.withEntry });
  const stores = useQuery({ queryKey: qk.messages.stores(), queryFn: () => commands.messagesStoreList(), enabled: opened && f.withEntry });
  const routingEntry = (v: NewFlowValues): RoutingFields | null => {
    if (!v.withEntry) return null;
    const projectId = Number(v.companyProjectId);
    return {
      sourceId: v.sourceId.trim(),
      routingId: v.routingId.trim(),
      companyProjectId: projectId,
      messageStoreId: stores.data?.find((st) => st.companyProjectId === projectId && st.isActive)?.id ?? null,
      languageCode: v.languageCode ?? "",
      initSegment: v.entryName.trim(),
      config: null,
      featureFlags: null,
    };
  };
  return (
    <Modal opened={opened} onClose={onClose} title="New flow" data-testid="new-flow-dialog">
      <form onSubmit={form.onSubmit((v) => onCreate({ routingId: v.routingId.trim(), entryName: v.entryName.trim(), entryType: v.entryType, routingEntry: routingEntry(v) }))}>
        <Stack>
          <TextInput label="RoutingId" required data-autofocus {...form.getInputProps("routingId")} data-testid="new-flow-routing-id" />
          <TextInput label="Entry segment" required {...form.getInputProps("entryName")} data-testid="new-flow-entry-name" />
          <Select
            label="Entry segment type"
            data={(catalog?.types ?? []).map((t) => ({ value: t.code, label: t.displayName }))}
            {...form.getInputProps("entryType")}
            onChange={(v) => v && form.setFieldValue("entryType", v)}
            allowDeselect={false}
            data-testid="new-flow-entry-type"
            comboboxProps={{ withinPortal: true }}
          />
          <Switch label="Also create the routing entry that enters it" {...form.getInputProps("withEntry", { type: "checkbox" })} data-testid="new-flow-with-entry" />
          {f.withEntry && (
            <>
              <TextInput label="SourceId" required {...form.getInputProps("sourceId")} data-testid="new-flow-source-id" />
              <Select
                label="Company project"
                required
                data={(dict.data?.companyProjects ?? []).filter((p) => p.isActive).map((p) => ({ value: String(p.companyProjectId), label: `${p.customerId}/${p.projectId}` }))}
                {...form.getInputProps("companyProjectId")}
                data-testid="new-flow-project"
                comboboxProps={{ withinPortal: true }}
              />
              <Select
                label="Language"
                required
                data={(dict.data?.languages ?? []).filter((l) => l.isActive).map((l) => ({ value: l.languageCode, label: `${l.languageCode} ${l.displayName}` }))}
                {...form.getInputProps("languageCode")}
                data-testid="new-flow-language"
                comboboxProps={{ withinPortal: true }}
              />
            </>
          )}
          <FormError error={error} fields={NEW_FLOW_FIELD} />
          <FormActions onCancel={onClose} loading={pending} disabled={f.routingId.trim() === "" || f.entryName.trim() === ""} testId="new-flow-create">
            Create draft
          </FormActions>
        </Stack>
      </form>
    </Modal>
  );
}
