import { Alert, Badge, Button, Code, Group, Stack, Tabs, Text, Tooltip } from "@mantine/core";
import { modals } from "@mantine/modals";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { IconArrowLeft, IconLock } from "@tabler/icons-react";
import { useCallback, useMemo, useState } from "react";
import type { ApiError } from "../bindings/ApiError";
import type { FlowView } from "../bindings/FlowView";
import { commands } from "../bindings/commands";
import { ErrorAlert, Loading } from "../components/States";
import { errorTitle, toApiError } from "../lib/errors";
import { errorText } from "../lib/remedy";
import { shortTime } from "../lib/messages";
import { draftConflict, emptyView, isValidated, loadCatalog, unvalidated } from "./api";
import { Designer } from "./Designer";
import { DiffDialog, PublishDialog } from "./dialogs";
import { forgetHistory } from "./history";
import type { MessageContext } from "./MessageKeyField";
import { lastOpen, type Focus, type Mode } from "./session";
import { qk, refresh } from "../lib/queryKeys";
import { DraftsTable, SegmentsTable, TransitionsTable, VersionsTable } from "./tables";
import { useMessageTexts } from "./useMessageTexts";

/** The change set of a view that is a draft. */
function draftIdOf(v: FlowView): string {
  if (!v.draft) throw { code: "INTERNAL", message: "the backend answered with a flow that is not a draft" };
  return v.draft.changeSetId;
}

type Props = {
  routingId: string;
  readOnly: boolean;
  actor: string;
  onBack: () => void;
  openMessages?: MessageContext["open"];
};

/** One flow: its canvas (live or a draft), segments, transitions, drafts and versions; the draft lifecycle. */
export function Workspace({ routingId, readOnly, actor, onBack, openMessages }: Props) {
  const qc = useQueryClient();
  const [mode, setModeState] = useState<Mode>(lastOpen.routingId === routingId ? lastOpen.mode : { kind: "live" });
  const setMode = useCallback(
    (m: Mode) => {
      lastOpen.routingId = routingId;
      lastOpen.mode = m;
      setModeState(m);
    },
    [routingId],
  );
  // A segment another screen asked for: the canvas focuses it once, then the user's view is kept.
  const [focus, setFocus] = useState<Focus | null>(() => (lastOpen.routingId === routingId ? lastOpen.focus : null));
  const focused = useCallback(() => {
    lastOpen.focus = null;
    setFocus(null);
  }, []);
  const catalog = useQuery({ queryKey: qk.flows.catalog(), queryFn: loadCatalog, staleTime: Infinity });
  // The graph first, its validation after (the designer reads the findings once it has drawn).
  const live = useQuery({ queryKey: qk.flows.show(routingId), queryFn: () => commands.flowGraph({ kind: "live", routingId }).then(unvalidated), retry: false });
  const drafts = useQuery({ queryKey: qk.flows.drafts(routingId), queryFn: () => commands.flowDrafts({ routingId }) });
  const versions = useQuery({ queryKey: qk.flows.versions(routingId), queryFn: () => commands.flowVersions({ routingId }) });
  const draftId = mode.kind === "draft" ? mode.changeSetId : null;
  const draft = useQuery({
    queryKey: qk.flows.draft(draftId),
    queryFn: () => commands.flowGraph({ kind: "draft", changeSetId: draftId! }).then(unvalidated),
    enabled: draftId !== null,
    staleTime: Infinity,
    gcTime: 0,
  });
  const routing = useQuery({
    queryKey: qk.routing.forFlow(routingId),
    queryFn: () => commands.routingList({ search: routingId, companyProjectId: null, includeInactive: false, sort: null, offset: 0, limit: 50 }),
  });
  const storeId = routing.data?.items.find((r) => r.routingId === routingId && r.messageStoreId !== null)?.messageStoreId ?? null;
  const messages: MessageContext = useMemo(() => ({ storeId, open: openMessages }), [storeId, openMessages]);

  // The latest saved state of the open draft (publish and the header read it).
  const [current, setCurrent] = useState<FlowView | null>(null);
  const messageText = useMessageTexts(storeId, current?.flow ?? (draftId ? draft.data : live.data)?.flow);
  const [diffOpen, setDiffOpen] = useState(false);
  const [publishOpen, setPublishOpen] = useState(false);
  const [conflict, setConflict] = useState<ApiError | null>(null);
  // Bumped when the open draft was read again after a refused publish: the canvas starts afresh from it.
  const [loaded, setLoaded] = useState(0);

  const refreshLists = () => {
    refresh.flowLists(qc);
  };

  const mine = (drafts.data ?? []).filter((d) => d.createdBy === actor);
  const open = useMutation({
    mutationFn: async (): Promise<string> => mine[0]?.changeSetId ?? draftIdOf(await commands.flowDraftOpen({ routingId, description: null })),
    onSuccess: (id) => {
      setMode({ kind: "draft", changeSetId: id });
      refreshLists();
    },
    onError: (e) => notifications.show({ color: "red", title: "Could not open a draft", message: errorText(toApiError(e)) }),
  });
  const discard = useMutation({
    mutationFn: (id: string) => commands.flowDraftDiscard({ changeSetId: id }),
    onSuccess: (_r, id) => {
      forgetHistory(id);
      setMode({ kind: "live" });
      refreshLists();
      notifications.show({ message: "Draft discarded" });
    },
    onError: (e) => notifications.show({ color: "red", title: "Not discarded", message: errorText(toApiError(e)) }),
  });
  const publish = useMutation({
    mutationFn: (id: string) => commands.flowPublish({ changeSetId: id, revision: current?.revision ?? null }),
    onSuccess: (r) => {
      forgetHistory(r.changeSetId);
      setPublishOpen(false);
      setMode({ kind: "live" });
      refreshLists();
      notifications.show({ color: "green", title: `Published version ${r.version}`, message: `${r.routingId} v${r.version} is live.` });
    },
    onError: (e, id) => {
      const err = toApiError(e);
      const c = draftConflict(err);
      if (c?.kind === "publishedFirst") setConflict(err);
      else {
        setPublishOpen(false);
        if (c?.kind === "stale") {
          // Changed in another window since the canvas read it: what was on screen was not what
          // is stored. The canvas reloads it (its undo history went with the old content).
          forgetHistory(id);
          void draft.refetch().then(() => setLoaded((n) => n + 1));
          notifications.show({
            color: "orange",
            title: "Not published: draft reloaded",
            message: "The draft was changed in another window after you loaded it; the canvas shows it as stored now. Check it, then publish again.",
            autoClose: 10000,
          });
        } else {
          const title = c?.kind === "closed" ? `Not published: this draft was ${c.status}` : `${errorTitle(err.code)}: not published`;
          notifications.show({ color: "red", title, message: errorText(err), autoClose: 10000 });
        }
      }
      refreshLists();
    },
  });
  const rollback = useMutation({
    mutationFn: async (version: number) => ({ version, id: draftIdOf(await commands.flowVersionOpen({ routingId, version, description: null })) }),
    onSuccess: ({ version, id }) => {
      setMode({ kind: "draft", changeSetId: id });
      refreshLists();
      notifications.show({ message: `A draft holding version ${version} is open; publish it to roll back.` });
    },
    onError: (e) => notifications.show({ color: "red", title: "Could not open the version as a draft", message: errorText(toApiError(e)) }),
  });

  const reload = useCallback(async () => {
    const v = await commands.flowDraft({ changeSetId: draftId! });
    notifications.show({ color: "orange", title: "Draft reloaded", message: "It was changed in another window; the canvas shows it as stored now.", autoClose: 8000 });
    return v;
  }, [draftId]);

  const liveMissing = live.isError && toApiError(live.error).code === "NOT_FOUND";
  const liveView: FlowView | null = live.data ?? (liveMissing ? emptyView(routingId) : null);
  const shown = mode.kind === "draft" ? draft.data : liveView;
  const liveVersion = liveView?.liveVersion ?? 0;
  const entryKey = (shown?.entries ?? []).map((e) => e.initSegment).join("\n");
  const entries = useMemo(() => [...new Set(entryKey.split("\n").filter((e) => e !== ""))], [entryKey]);

  return (
    <Stack gap="xs" data-testid="flow-detail">
      <Group gap="xs" justify="space-between">
        <Group gap="xs">
          <Button variant="subtle" size="compact-sm" leftSection={<IconArrowLeft size={14} />} onClick={onBack} data-testid="flow-back">
            Flows
          </Button>
          <Code fz="md">{routingId}</Code>
          <Badge variant="light" data-testid="flow-live-version">
            {liveVersion === 0 ? "unpublished" : `live v${liveVersion}`}
          </Badge>
          {mode.kind === "draft" && draft.data?.draft && (
            <Badge color="orange" variant="light" data-testid="flow-mode">
              draft by {draft.data.draft.createdBy} on {draft.data.draft.basedOnVersion === null ? "a new flow" : `v${draft.data.draft.basedOnVersion}`}
            </Badge>
          )}
          {mode.kind === "live" && (
            <Badge color="gray" variant="light" data-testid="flow-mode">
              live, read-only
            </Badge>
          )}
        </Group>
        <Group gap="xs">
          {mode.kind === "live" ? (
            <Tooltip label={readOnly ? "This environment is read-only" : mine.length > 0 ? `Resume your draft from ${shortTime(mine[0].createdAt)}` : "Open a draft of this flow"}>
              <Button size="xs" onClick={() => open.mutate()} loading={open.isPending} disabled={readOnly || drafts.isPending} data-testid="flow-edit">
                {mine.length > 0 ? "Resume draft" : "Edit"}
              </Button>
            </Tooltip>
          ) : (
            <>
              <Button size="xs" variant="default" onClick={() => setMode({ kind: "live" })} data-testid="flow-show-live">
                Show live
              </Button>
              <Button size="xs" variant="default" onClick={() => setDiffOpen(true)} data-testid="flow-diff">
                Compare
              </Button>
              <Button
                size="xs"
                color="red"
                variant="light"
                disabled={readOnly}
                onClick={() =>
                  modals.openConfirmModal({
                    title: "Discard this draft?",
                    children: <Text size="sm">Its changes are lost; the draft is closed (the audit keeps who discarded it and when).</Text>,
                    labels: { confirm: "Discard", cancel: "Keep" },
                    confirmProps: { color: "red", "data-testid": "discard-confirm" } as never,
                    onConfirm: () => draftId && discard.mutate(draftId),
                  })
                }
                data-testid="flow-discard"
              >
                Discard
              </Button>
              <Button
                size="xs"
                color="green"
                disabled={readOnly || !current || !isValidated(current)}
                onClick={() => {
                  setConflict(null);
                  setPublishOpen(true);
                }}
                data-testid="flow-publish"
              >
                Publish
              </Button>
            </>
          )}
        </Group>
      </Group>
      {liveMissing && (
        <Text size="sm" c="dimmed" data-testid="flow-draft-only">
          Nothing of this flow is published yet and no routing entry uses it: only its drafts exist.
        </Text>
      )}
      {readOnly && (
        <Alert color="gray" icon={<IconLock size={16} />} p="xs" data-testid="flow-read-only">
          This environment is read-only: flows can be viewed, not edited. Unlock it from the banner to edit.
        </Alert>
      )}
      <Tabs defaultValue="canvas" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="canvas" data-testid="flow-tab-graph">
            Canvas
          </Tabs.Tab>
          <Tabs.Tab value="segments" data-testid="flow-tab-segments">
            Segments
          </Tabs.Tab>
          <Tabs.Tab value="transitions" data-testid="flow-tab-transitions">
            Transitions
          </Tabs.Tab>
          <Tabs.Tab value="drafts" data-testid="flow-tab-drafts">
            Drafts {drafts.data ? `(${drafts.data.length})` : ""}
          </Tabs.Tab>
          <Tabs.Tab value="versions" data-testid="flow-tab-versions">
            Versions
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="canvas" pt="xs">
          {(mode.kind === "draft" ? draft.isPending : live.isPending) || catalog.isPending ? (
            <Loading />
          ) : mode.kind === "draft" && draft.isError ? (
            <ErrorAlert error={draft.error} onRetry={() => setMode({ kind: "live" })} />
          ) : live.isError && !liveMissing && mode.kind === "live" ? (
            <ErrorAlert error={live.error} onRetry={() => live.refetch()} />
          ) : catalog.isError ? (
            <ErrorAlert error={catalog.error} onRetry={() => catalog.refetch()} />
          ) : shown ? (
            <Designer
              key={draftId ? `${draftId}/${loaded}` : `live-${liveVersion}`}
              changeSetId={draftId}
              view={shown}
              catalog={catalog.data}
              entries={entries}
              readOnly={readOnly || mode.kind === "live"}
              messages={messages}
              messageText={messageText}
              reload={reload}
              onView={setCurrent}
              focus={focus}
              onFocused={focused}
            />
          ) : null}
        </Tabs.Panel>
        <Tabs.Panel value="segments" pt="xs">
          {shown && <SegmentsTable view={current ?? shown} entrySegments={new Set(entries)} />}
        </Tabs.Panel>
        <Tabs.Panel value="transitions" pt="xs">
          {shown && <TransitionsTable view={current ?? shown} />}
        </Tabs.Panel>
        <Tabs.Panel value="drafts" pt="xs">
          <DraftsTable q={drafts} liveVersion={liveVersion} actor={actor} onOpen={(id) => setMode({ kind: "draft", changeSetId: id })} />
        </Tabs.Panel>
        <Tabs.Panel value="versions" pt="xs">
          <VersionsTable q={versions} liveVersion={liveVersion} readOnly={readOnly} pending={rollback.isPending} onRollback={(v) => rollback.mutate(v)} />
        </Tabs.Panel>
      </Tabs>
      {draftId && (
        <DiffDialog opened={diffOpen} onClose={() => setDiffOpen(false)} routingId={routingId} target={{ kind: "draft", changeSetId: draftId }} versions={versions.data ?? []} />
      )}
      {draftId && current && (
        <PublishDialog
          opened={publishOpen}
          onClose={() => setPublishOpen(false)}
          view={current}
          changeSetId={draftId}
          onPublish={() => publish.mutate(draftId)}
          pending={publish.isPending}
          conflict={conflict}
        />
      )}
    </Stack>
  );
}
