import "@xyflow/react/dist/style.css";
import { ActionIcon, Group, Kbd, Modal, Table, Text, Tooltip } from "@mantine/core";
import { useHotkeys } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import { IconArrowBackUp, IconArrowForwardUp, IconFocus2, IconKeyboard, IconLayoutDistributeHorizontal, IconLayoutDistributeVertical, IconMaximize, IconSearch, IconTrash } from "@tabler/icons-react";
import {
  Background,
  Controls,
  EdgeLabelRenderer,
  ReactFlow,
  ReactFlowProvider,
  useOnSelectionChange,
  useReactFlow,
  useStore,
  type InternalNode,
  type ReactFlowProps,
  type ReactFlowState,
  type Connection,
  type FitViewOptions,
  type OnBeforeDelete,
  type OnNodeDrag,
} from "@xyflow/react";
import { useQuery } from "@tanstack/react-query";
import { memo, useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { ApiError } from "../bindings/ApiError";
import type { FlowRef } from "../bindings/FlowRef";
import type { FlowView } from "../bindings/FlowView";
import { errorTitle } from "../lib/errors";
import { errorText } from "../lib/remedy";
import type { SegmentCatalog } from "../bindings/SegmentCatalog";
import { FindingsPanel } from "./FindingsPanel";
import { FlowMiniMap } from "./FlowMiniMap";
import type { Direction } from "../bindings/Direction";
import type { EditOp } from "../bindings/EditOp";
import type { Finding } from "../bindings/Finding";
import type { LayoutOptions } from "../bindings/LayoutOptions";
import type { Segment } from "../bindings/Segment";
import { commands } from "../bindings/commands";
import { toApiError } from "../lib/errors";
import { qk } from "../lib/queryKeys";
import { isValidated } from "./api";
import { addBatch, connectBatch, deleteBatch, disconnectBatch, freeName, moveBatch, reconnectBatch, type TransitionKey } from "./gestures";
import { compactAt, drawnRegion, edgesPath, edgesToDraw, incomingKey, LARGE_FLOW, layoutOptions, nodesIn, openingView, sameButPosition, type SegmentNode as SegmentNodeType, type TransitionEdge } from "./graph";
import { Inspector } from "./Inspector";
import { MessageTextContext } from "./messages";
import type { MessageContext } from "./MessageKeyField";
import type { Focus } from "./session";
import { Palette } from "./Palette";
import { SearchBox } from "./SearchBox";
import { SegmentNode } from "./SegmentNode";
import { useDraftEditor } from "./useDraftEditor";

const nodeTypes = { segment: SegmentNode };
const PHYSICAL = { preventDefault: true, usePhysicalKeys: true };

export type DesignerProps = {
  /** The draft being edited, or null to show `view` read-only. */
  changeSetId: string | null;
  view: FlowView;
  catalog: SegmentCatalog;
  entries: string[];
  readOnly: boolean;
  messages: MessageContext;
  messageText?: (key: string) => string | undefined;
  reload: () => Promise<FlowView>;
  /** Every saved state (the workspace shows validation and enables publish from it). */
  onView?: (v: FlowView) => void;
  /** A segment to select and zoom to once the canvas has drawn it; `onFocused` says it was. */
  focus?: Focus | null;
  onFocused?: () => void;
};

/**
 * The canvas with its palette, inspector and findings; one per draft (or per read-only view).
 * Memoized: the workspace re-renders on every save (it shows the saved state too), the canvas
 * already has it.
 */
export const Designer = memo(function Designer(props: DesignerProps) {
  return (
    <ReactFlowProvider>
      <DesignerInner {...props} />
    </ReactFlowProvider>
  );
});

/** The last copied fragment, for pasting between drafts even when the system clipboard is unavailable. */
const clipboard: { text: string | null; inSystem: boolean } = { text: null, inSystem: false };

function DesignerInner({ changeSetId, view: initial, catalog, entries, readOnly, messages, messageText, reload, onView, focus, onFocused }: DesignerProps) {
  const rf = useReactFlow<SegmentNodeType, TransitionEdge>();
  const entrySet = useMemo(() => new Set(entries), [entries]);
  const ctx = useMemo(() => ({ catalog, entries: entrySet, readOnly }), [catalog, entrySet, readOnly]);
  const onError = useCallback((e: ApiError, label: string) => {
    notifications.show({ color: "red", title: `${errorTitle(e.code)}: ${label} was not saved`, message: errorText(e), autoClose: 8000 });
  }, []);
  const onSaved = useCallback((label: string, ms: number, backendMs: number) => {
    const w = window as unknown as { __designerSaves?: { label: string; ms: number; backendMs: number }[] };
    (w.__designerSaves ??= []).push({ label, ms, backendMs });
  }, []);
  const ed = useDraftEditor({ changeSetId, initial, ctx, onError, reload, onSaved });
  // The canvas benchmark (scripts/bench-canvas) drives the viewport through this handle.
  useEffect(() => {
    (window as unknown as { __ivrCanvas?: unknown }).__ivrCanvas = rf;
  }, [rf]);
  const { view, viewRef, apply, gesture, setNodes, addFindings } = ed;
  useEffect(() => onView?.(view), [view, onView]);

  // The validation, read once the graph is drawn (a save other than a move brings it too).
  const validated = isValidated(view);
  const shownRef = useMemo((): FlowRef => (changeSetId ? { kind: "draft", changeSetId } : { kind: "live", routingId: initial.routingId }), [changeSetId, initial.routingId]);
  const findings = useQuery({
    queryKey: qk.flows.findings(shownRef, view.revision),
    queryFn: () => commands.flowFindings(shownRef),
    enabled: !validated,
    staleTime: Infinity,
    gcTime: 0,
  });
  useEffect(() => {
    if (findings.data) addFindings(findings.data);
  }, [findings.data, addFindings]);
  const retryFindings = findings.refetch;
  const findingsState = useMemo(
    () => (validated ? null : { error: findings.isError ? toApiError(findings.error) : null, retry: () => void retryFindings() }),
    [validated, findings.isError, findings.error, retryFindings],
  );

  const [selected, setSelected] = useState<string[]>([]);
  const [focusKey, setFocusKey] = useState<string | null>(null);
  const [searchOpen, setSearchOpen] = useState(false);
  const [helpOpen, setHelpOpen] = useState(false);
  const pane = useRef<HTMLDivElement>(null);
  const editable = !readOnly && changeSetId !== null;

  const [edgesSelected, setEdgesSelected] = useState(0);
  useOnSelectionChange({
    onChange: useCallback(({ nodes, edges }: { nodes: SegmentNodeType[]; edges: TransitionEdge[] }) => {
      setSelected(nodes.map((n) => n.id));
      setEdgesSelected(edges.length);
      setFocusKey(null);
    }, []),
  });

  // ---------------------------------------------------------------- gestures → one batch each
  const onNodeDragStop: OnNodeDrag<SegmentNodeType> = useCallback(
    (_e, _node, dragged) => {
      const ops = moveBatch(viewRef.current.flow, dragged.map((n) => ({ id: n.id, position: n.position })));
      void apply(dragged.length === 1 ? `move ${dragged[0].id}` : `move ${dragged.length} segments`, ops);
    },
    [apply, viewRef],
  );

  const onConnect = useCallback(
    (c: Connection) => {
      if (!c.sourceHandle) return;
      void apply(`connect ${c.source}.${c.sourceHandle}`, connectBatch(viewRef.current.flow, c.source, c.sourceHandle, c.target));
    },
    [apply, viewRef],
  );

  // An edge dropped on empty canvas is disconnected; dropped on a handle, it is reconnected.
  const reconnected = useRef(false);
  const keyOf = (e: TransitionEdge): TransitionKey => ({ segment: e.source, result: e.data?.result ?? e.sourceHandle ?? "", contextKey: e.data?.contextKey ?? null });
  const onReconnectStart = useCallback(() => {
    reconnected.current = false;
  }, []);
  const onReconnect = useCallback(
    (old: TransitionEdge, c: Connection) => {
      reconnected.current = true;
      if (!c.sourceHandle) return;
      void apply(`reconnect ${old.source}.${old.sourceHandle}`, reconnectBatch(viewRef.current.flow, keyOf(old), { segment: c.source, result: c.sourceHandle, next: c.target }));
    },
    [apply, viewRef],
  );
  const onReconnectEnd = useCallback(
    (_e: unknown, edge: TransitionEdge) => {
      if (!reconnected.current) void apply(`disconnect ${edge.source}.${edge.sourceHandle}`, disconnectBatch([keyOf(edge)]));
    },
    [apply],
  );

  // Deletion is saved first and shown when stored: xyflow never removes anything itself.
  const onBeforeDelete: OnBeforeDelete<SegmentNodeType, TransitionEdge> = useCallback(
    async ({ nodes, edges }) => {
      if (!editable) return false;
      const names = nodes.map((n) => n.id);
      const ops = deleteBatch(viewRef.current.flow, names, edges.map(keyOf));
      const label = names.length > 0 ? `delete ${names.length === 1 ? names[0] : `${names.length} segments`}` : "disconnect";
      void apply(label, ops);
      return false;
    },
    [editable, apply, viewRef],
  );

  // The toolbar's Delete: what the Delete key does (xyflow hands the selection to onBeforeDelete).
  const deleteSelection = useCallback(() => {
    void rf.deleteElements({ nodes: rf.getNodes().filter((n) => n.selected), edges: rf.getEdges().filter((e) => e.selected) });
  }, [rf]);

  const selectOnly = useCallback(
    (names: string[]) => {
      const want = new Set(names);
      setNodes((ns) => ns.map((n) => (n.selected === want.has(n.id) ? n : { ...n, selected: want.has(n.id) })));
    },
    [setNodes],
  );

  const addAt = useCallback(
    (segmentType: string, at: { clientX: number; clientY: number } | null) => {
      const box = pane.current?.getBoundingClientRect();
      if (!box) return;
      let point = at;
      if (point && (point.clientX < box.left || point.clientX > box.right || point.clientY < box.top || point.clientY > box.bottom)) return;
      point ??= { clientX: box.left + box.width / 2, clientY: box.top + box.height / 2 };
      const pos = rf.screenToFlowPosition({ x: point.clientX, y: point.clientY });
      const name = freeName(viewRef.current.flow, segmentType);
      void apply(`add ${name}`, addBatch(name, segmentType, pos)).then((saved) => {
        if (saved) selectOnly([name]);
      });
    },
    [rf, selectOnly, apply, viewRef],
  );

  // ---------------------------------------------------------------- clipboard
  // The backend writes and reads the clipboard text (a flow fragment); the system clipboard gets
  // it when the webview allows, and this session keeps it in any case (paste into another draft).
  const copy = useCallback(
    (cut: boolean) => {
      if (selected.length === 0) return false;
      const names = [...selected];
      const from = changeSetId ? ({ kind: "draft", changeSetId } as const) : ({ kind: "live", routingId: viewRef.current.routingId } as const);
      void commands
        .flowCopy({ from, segments: names })
        .then(async (r) => {
          clipboard.text = r.text;
          clipboard.inSystem = await navigator.clipboard?.writeText(r.text).then(
            () => true,
            () => false,
          );
          notifications.show({ message: `${cut ? "Cut" : "Copied"} ${r.segments} segment${r.segments === 1 ? "" : "s"}`, autoClose: 1500 });
          if (cut && editable) void apply(`cut ${names.length} segment${names.length === 1 ? "" : "s"}`, deleteBatch(viewRef.current.flow, names, []));
        })
        .catch((e) => onError(toApiError(e), "copy"));
      return true;
    },
    [selected, changeSetId, editable, onError, apply, viewRef],
  );

  const paste = useCallback(
    (systemText: string | null) => {
      if (!editable) return;
      const text = clipboard.inSystem ? (systemText ?? clipboard.text) : (clipboard.text ?? systemText);
      const box = pane.current?.getBoundingClientRect();
      const at = box ? rf.screenToFlowPosition({ x: box.left + box.width / 3, y: box.top + box.height / 3 }) : null;
      void gesture("paste", (changeSetId, revision) => commands.flowPaste({ changeSetId, revision, text: text ?? "", at }).then((r) => ({ edit: r.edit, redo: r.ops, names: r.names })))
        .then((stored) => stored && selectOnly(stored.edit.changed.map((s) => s.name)));
    },
    [editable, rf, selectOnly, gesture],
  );

  const duplicate = useCallback(() => {
    if (!editable || selected.length === 0) return;
    const names = [...selected];
    void gesture(`duplicate ${names.length} segment${names.length === 1 ? "" : "s"}`, (changeSetId, revision) =>
        commands.flowDuplicate({ changeSetId, revision, segments: names, offset: null }).then((r) => ({ edit: r.edit, redo: r.ops })),
      )
      .then((stored) => stored && selectOnly(stored.edit.changed.map((s) => s.name)));
  }, [editable, selected, selectOnly, gesture]);

  // ---------------------------------------------------------------- auto-layout
  const [layingOut, setLayingOut] = useState(false);
  const autoLayout = useCallback(
    async (direction: Direction) => {
      if (!editable || !changeSetId) return;
      const only = selected.length > 1 ? [...selected] : null;
      const started = performance.now();
      setLayingOut(true);
      try {
        const options = layoutOptions(direction, rf.getNodes().map((n) => n.measured?.height ?? 0));
        (window as unknown as { __designerLayoutOptions?: LayoutOptions }).__designerLayoutOptions = options;
        const layout = await commands.flowLayout({ flow: { kind: "draft", changeSetId }, segments: only, options });
        const ops = moveBatch(
          viewRef.current.flow,
          layout.positions.map((p) => ({ id: p.segment, position: { x: p.x, y: p.y } })),
        );
        const stored = await apply(only ? `lay out ${only.length} segments` : "auto-layout", ops);
        if (stored) {
          (window as unknown as { __designerLayoutMs?: number }).__designerLayoutMs = performance.now() - started;
          if (!only) window.requestAnimationFrame(() => void rf.fitView({ duration: 200 }));
        }
      } catch (e) {
        onError(toApiError(e), "auto-layout");
      } finally {
        setLayingOut(false);
      }
    },
    [editable, changeSetId, selected, rf, onError, apply, viewRef],
  );

  // Ctrl+C / Ctrl+X / Ctrl+V outside input fields. WebKit does not always fire clipboard events
  // without a text selection, so the keys decide; a paste event that follows Ctrl+V brings the
  // system clipboard's text (another app, another window), else the session's copy is pasted.
  useEffect(() => {
    const inField = (t: EventTarget | null) => t instanceof HTMLElement && t.closest("input, textarea, [contenteditable=true]") !== null;
    let pending: number | null = null;
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey || inField(e.target)) return;
      const k = e.key.toLowerCase();
      if (k === "c" || k === "x") {
        if (copy(k === "x")) e.preventDefault();
      } else if (k === "v" && editable) {
        pending = window.setTimeout(() => {
          pending = null;
          paste(null);
        }, 80);
      }
    };
    const onPaste = (e: ClipboardEvent) => {
      if (pending === null || inField(e.target)) return;
      window.clearTimeout(pending);
      pending = null;
      e.preventDefault();
      paste(e.clipboardData?.getData("text/plain") || null);
    };
    document.addEventListener("keydown", onKey);
    document.addEventListener("paste", onPaste);
    return () => {
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("paste", onPaste);
      if (pending !== null) window.clearTimeout(pending);
    };
  }, [copy, paste, editable]);

  // ---------------------------------------------------------------- navigation
  const zoomToSelection = useCallback(() => {
    if (selected.length === 0) return;
    void rf.fitView({ nodes: selected.map((id) => ({ id })), duration: 200, maxZoom: 1.5 });
  }, [rf, selected]);
  const jumpTo = useCallback(
    (name: string, key?: string | null) => {
      selectOnly([name]);
      setSelected([name]);
      setFocusKey(key ?? null);
      void rf.fitView({ nodes: [{ id: name }], duration: 200, maxZoom: 1.2 });
    },
    [rf, selectOnly],
  );

  // The first view, once xyflow has its viewport: a segment another screen asked for, else the
  // whole flow, or for a large flow its entry (drawing every node of a large flow is slow; zoom
  // to fit shows them all, drawn compact). Nodes know their size before they are drawn (graph.ts).
  const [ready, setReady] = useState(false);
  // A large flow also goes without the dot grid: repainting it on every frame of a pan cost about
  // half the frame time at 2,000 segments here (WebKitGTK, software rendering).
  const [large] = useState(() => initial.flow.segments.length > LARGE_FLOW);
  const onInit = useCallback(() => setReady(true), []);
  const opened = useRef(false);
  useEffect(() => {
    if (!ready || opened.current) return;
    opened.current = true;
    if (focus) return;
    const first = openingView(viewRef.current.flow, entries, (name) => rf.getNode(name)?.position);
    const options: FitViewOptions<SegmentNodeType> = first ? { nodes: first.map((id) => ({ id })), maxZoom: 1, minZoom: 0.5 } : { maxZoom: 1 };
    void rf.fitView(options);
  }, [ready, focus, entries, rf, viewRef]);
  useEffect(() => {
    if (!focus || !ready) return;
    if (view.flow.segments.some((s) => s.name === focus.segment)) jumpTo(focus.segment, focus.key);
    else notifications.show({ color: "orange", message: `${focus.segment} is not a segment of this ${changeSetId ? "draft" : "flow"}.` });
    onFocused?.();
  }, [focus, ready, jumpTo, onFocused, view.flow.segments, changeSetId]);

  useHotkeys([
    ["mod+Z", () => editable && void ed.undo()],
    ["mod+shift+Z", () => editable && void ed.redo()],
    ["mod+Y", () => editable && void ed.redo()],
    ["mod+F", () => setSearchOpen(true)],
    ["mod+D", () => duplicate()],
    ["mod+L", () => void autoLayout("leftToRight")],
    // Mantine compares `event.key`, which with Shift is the character the key makes ("!" on a US
    // layout, "1" on a French one): zoom goes by the physical digit keys the help names, help by
    // the "?" character, wherever the layout puts it (with Shift or without).
    ["shift+digit1", () => void rf.fitView({ duration: 200 }), PHYSICAL],
    ["shift+digit2", () => zoomToSelection(), PHYSICAL],
    ["?", () => setHelpOpen(true)],
    ["shift+?", () => setHelpOpen(true)],
  ]);

  const found = selected.length === 1 ? view.flow.segments.find((s) => s.name === selected[0]) : undefined;
  // The inspector keeps the same segment object while only its position changed: the save of a
  // move then re-renders no inspector (a form of Mantine fields and editors: 30-230 ms here).
  const inspected = useRef<Segment | undefined>(undefined);
  const one = found && inspected.current && sameButPosition(inspected.current, found) ? inspected.current : found;
  useEffect(() => {
    inspected.current = one;
  }, [one]);
  const oneName = one?.name;
  const incomingLines = oneName === undefined ? "" : incomingKey(view.flow, oneName);
  const incoming = useMemo(() => (incomingLines === "" ? [] : incomingLines.split("\n")), [incomingLines]);
  const oneFindings = useMemo(
    () => (oneName === undefined ? [] : [...view.validation.errors, ...view.validation.warnings].filter((f) => f.segment === oneName)),
    [view.validation, oneName],
  );
  const closeSearch = useCallback(() => setSearchOpen(false), []);
  const pickFinding = useCallback((f: Finding) => f.segment && jumpTo(f.segment, f.key), [jumpTo]);
  const inspectorApply = useCallback(
    (label: string, ops: EditOp[]) =>
      apply(label, ops).then((saved) => {
        // A renamed segment stays selected under its new name.
        const renamed = ops.find((o) => o.op === "rename_segment");
        if (saved && renamed?.op === "rename_segment") selectOnly([renamed.newName]);
        return saved !== null;
      }),
    [selectOnly, apply],
  );

  return (
    <div className="designer" data-testid="designer" data-busy={ed.busy ? "true" : "false"}>
      <Group gap={4} className="designer-toolbar" data-testid="designer-toolbar">
        {editable && (
          <>
            <Tooltip label={`Undo${ed.history.past.length ? ` ${ed.history.past[ed.history.past.length - 1].label}` : ""} (Ctrl+Z)`}>
              <ActionIcon variant="default" aria-label="Undo" disabled={ed.history.past.length === 0} onClick={() => void ed.undo()} data-testid="undo">
                <IconArrowBackUp size={16} />
              </ActionIcon>
            </Tooltip>
            <Tooltip label={`Redo${ed.history.future.length ? ` ${ed.history.future[ed.history.future.length - 1].label}` : ""} (Ctrl+Shift+Z)`}>
              <ActionIcon variant="default" aria-label="Redo" disabled={ed.history.future.length === 0} onClick={() => void ed.redo()} data-testid="redo">
                <IconArrowForwardUp size={16} />
              </ActionIcon>
            </Tooltip>
            <Tooltip label="Delete the selected segments or transitions (Delete)">
              <ActionIcon variant="default" aria-label="Delete the selection" disabled={selected.length === 0 && edgesSelected === 0} onClick={deleteSelection} data-testid="delete-selection">
                <IconTrash size={16} />
              </ActionIcon>
            </Tooltip>
            <Tooltip label={selected.length > 1 ? "Lay out the selection, left to right" : "Lay out the flow, left to right"}>
              <ActionIcon variant="default" aria-label="Auto-layout" loading={layingOut} onClick={() => void autoLayout("leftToRight")} data-testid="auto-layout">
                <IconLayoutDistributeHorizontal size={16} />
              </ActionIcon>
            </Tooltip>
            <Tooltip label={selected.length > 1 ? "Lay out the selection, top to bottom" : "Lay out the flow, top to bottom"}>
              <ActionIcon variant="default" aria-label="Auto-layout top to bottom" loading={layingOut} onClick={() => void autoLayout("topToBottom")} data-testid="auto-layout-tb">
                <IconLayoutDistributeVertical size={16} />
              </ActionIcon>
            </Tooltip>
          </>
        )}
        <Tooltip label="Zoom to fit (Shift+1)">
          <ActionIcon variant="default" aria-label="Zoom to fit" onClick={() => void rf.fitView({ duration: 200 })} data-testid="zoom-fit">
            <IconMaximize size={16} />
          </ActionIcon>
        </Tooltip>
        <Tooltip label="Zoom to selection (Shift+2)">
          <ActionIcon variant="default" aria-label="Zoom to selection" disabled={selected.length === 0} onClick={zoomToSelection} data-testid="zoom-selection">
            <IconFocus2 size={16} />
          </ActionIcon>
        </Tooltip>
        <Tooltip label="Find a segment (Ctrl+F)">
          <ActionIcon variant="default" aria-label="Find a segment" onClick={() => setSearchOpen(true)} data-testid="search-open">
            <IconSearch size={16} />
          </ActionIcon>
        </Tooltip>
        <Tooltip label="Keyboard shortcuts (?)">
          <ActionIcon variant="default" aria-label="Keyboard shortcuts" onClick={() => setHelpOpen(true)} data-testid="help-open">
            <IconKeyboard size={16} />
          </ActionIcon>
        </Tooltip>
        <Text size="xs" c="dimmed" ml="xs" data-testid="designer-status">
          {ed.busy ? "saving…" : `${view.flow.segments.length} segments`}
        </Text>
      </Group>
      <div className="designer-body">
        {editable && <Palette catalog={catalog} onDrop={addAt} />}
        <div className="designer-canvas" ref={pane} data-testid="designer-canvas">
          <MessageTextContext.Provider value={messageText}>
            <NearEdgesFlow
              nodes={ed.nodes}
              edges={ed.edges}
              nodeTypes={nodeTypes}
              onNodesChange={ed.onNodesChange}
              onEdgesChange={ed.onEdgesChange}
              onNodeDragStop={onNodeDragStop}
              onConnect={onConnect}
              onReconnectStart={onReconnectStart}
              onReconnect={onReconnect}
              onReconnectEnd={onReconnectEnd}
              onBeforeDelete={onBeforeDelete}
              nodesDraggable={editable}
              nodesConnectable={editable}
              edgesReconnectable={editable}
              elementsSelectable
              deleteKeyCode={editable ? ["Delete", "Backspace"] : null}
              selectionKeyCode="Shift"
              multiSelectionKeyCode={["Shift", "Meta", "Control"]}
              onlyRenderVisibleElements
              minZoom={0.05}
              maxZoom={2}
              onInit={onInit}
              proOptions={{ hideAttribution: true }}
            >
              {!large && <DotGrid />}
              <FlowMiniMap nodes={ed.nodes} />
              <Controls showInteractive={false} />
            </NearEdgesFlow>
          </MessageTextContext.Provider>
        </div>
        {one && (
          <Inspector
            key={one.name}
            incoming={incoming}
            segment={one}
            catalog={catalog}
            findings={oneFindings}
            readOnly={!editable}
            focusKey={focusKey}
            messages={messages}
            apply={inspectorApply}
          />
        )}
      </div>
      <FindingsPanel validation={view.validation} onPick={pickFinding} reading={findingsState} />
      <SearchBox opened={searchOpen} onClose={closeSearch} flow={view.flow} onPick={jumpTo} />
      <ShortcutsHelp opened={helpOpen} onClose={() => setHelpOpen(false)} />
    </div>
  );
}

/** An edge is drawn when one of its ends is within this many view sizes of the view (see `edgesToDraw`). */
const EDGE_MARGIN = 1;
const NOTHING: string[] = [];
const NO_EDGES: TransitionEdge[] = [];
const boxOf = (n: InternalNode) => ({ id: n.id, x: n.internals.positionAbsolute.x, y: n.internals.positionAbsolute.y, width: n.measured.width ?? 0, height: n.measured.height ?? 0 });
const nearIds = (s: ReactFlowState): string[] => (s.width && s.height ? nodesIn(s.nodeLookup.values(), boxOf, drawnRegion(s.width, s.height, s.transform, EDGE_MARGIN)) : NOTHING);
const sameIds = (a: string[], b: string[]) => a.length === b.length && a.every((id, i) => id === b[i]);
const nodeCount = (s: ReactFlowState) => s.nodeLookup.size;
const compactZoom = (s: ReactFlowState) => compactAt(s.transform[2]);

/**
 * @xyflow/react's canvas, handed only the edges near the view (see `edgesToDraw`): they change when
 * a segment comes near or goes far, not on every frame of a pan. Zoomed far out (`compactAt`) it
 * draws only the selected ones; the others are one SVG path under the nodes (`edgesPath`), not
 * clickable: at that zoom an edge is a hairline.
 */
function NearEdgesFlow({ edges, nodes, children, ...props }: ReactFlowProps<SegmentNodeType, TransitionEdge> & { edges: TransitionEdge[]; nodes: SegmentNodeType[] }) {
  const ids = useStore(nearIds, sameIds);
  const count = useStore(nodeCount);
  const compact = useStore(compactZoom);
  const near = useMemo(() => edgesToDraw(edges, new Set(ids), count) as TransitionEdge[], [edges, ids, count]);
  const byId = useMemo(() => new Map(nodes.map((n) => [n.id, n])), [nodes]);
  const selectedOnly = useMemo(() => (compact ? near.filter((e) => e.selected) : near), [compact, near]);
  const drawn = compact && selectedOnly.length === 0 ? NO_EDGES : selectedOnly;
  const lines = useMemo(() => (compact ? edgesPath(near.filter((e) => !e.selected), byId) : null), [compact, near, byId]);
  return (
    <ReactFlow<SegmentNodeType, TransitionEdge> {...props} nodes={nodes} edges={drawn}>
      {children}
      {lines !== null && (
        <EdgeLabelRenderer>
          <svg className="compact-edges" data-testid="compact-edges">
            <path d={lines} />
          </svg>
        </EdgeLabelRenderer>
      )}
    </ReactFlow>
  );
}

/** The dot grid, while nodes are readable: zoomed far out it is a dense pattern to repaint on every frame. */
function DotGrid() {
  return useStore(compactZoom) ? null : <Background gap={20} />;
}

const SHORTCUTS: [string, string][] = [
  ["Ctrl+Z", "Undo"],
  ["Ctrl+Shift+Z / Ctrl+Y", "Redo"],
  ["Delete / Backspace", "Delete the selected segments or transitions"],
  ["Ctrl+C / Ctrl+X / Ctrl+V", "Copy, cut, paste segments (also into another draft)"],
  ["Ctrl+D", "Duplicate the selection"],
  ["Ctrl+L", "Lay out the flow (or the selection) left to right"],
  ["Shift+drag", "Select with a box"],
  ["Shift+click", "Add to the selection"],
  ["Ctrl+F", "Find a segment by name, type or message key"],
  ["Shift+1", "Zoom to fit"],
  ["Shift+2", "Zoom to the selection"],
  ["?", "This help"],
];

function ShortcutsHelp({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  return (
    <Modal opened={opened} onClose={onClose} title="Keyboard shortcuts" data-testid="shortcuts-help">
      <Table data-testid="shortcuts-table">
        <Table.Tbody>
          {SHORTCUTS.map(([k, what]) => (
            <Table.Tr key={k}>
              <Table.Td>
                <Kbd size="xs">{k}</Kbd>
              </Table.Td>
              <Table.Td>{what}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Modal>
  );
}
