import { Handle, Position, useStore, type NodeProps, type ReactFlowState } from "@xyflow/react";
import { memo, useContext } from "react";
import { compactAt, glanceText, NODE, nodeHeight, resultCentre, type SegmentNode as SegmentNodeType } from "./graph";
import { MessageTextContext } from "./messages";

const compactZoom = (s: ReactFlowState) => compactAt(s.transform[2]);

/**
 * Where a compact node's edges end: a handle's box, as @xyflow/react measures it (the classes and
 * data attributes its `Handle` draws), without `Handle`'s component, store subscriptions and
 * connection gestures. Not shown (app.css): zoomed that far out no connection starts or ends on them.
 */
function measuredHandle(nodeId: string, type: "source" | "target", id: string | null, testId: string, top?: number) {
  const position = type === "source" ? "right" : "left";
  return (
    <div
      key={`${type}-${id ?? ""}`}
      className={`react-flow__handle react-flow__handle-${position} ${type} ${type === "source" ? "seg-out" : "seg-in"} seg-measured`}
      data-handleid={id ?? undefined}
      data-nodeid={nodeId}
      data-handlepos={position}
      data-testid={testId}
      style={top === undefined ? undefined : { top }}
    />
  );
}

/**
 * A segment on the canvas: name, type, key settings at a glance, entry and terminal markers, a
 * badge with its validation findings, one input handle and one output handle per result.
 * Memoized: xyflow passes the same `data` object until the segment changes (see `syncNodes`).
 * Zoomed far out (`compactAt`) it draws only its name on the same box, and its handles only as
 * boxes xyflow measures (where the edges end), without `Handle` components: cheap to mount,
 * which a pan or zoom over a large flow does for every node coming into view. It re-renders
 * only when the zoom crosses that line.
 */
export const SegmentNode = memo(function SegmentNode({ id, data, selected }: NodeProps<SegmentNodeType>) {
  const s = data.segment;
  const compact = useStore(compactZoom);
  const messageText = useContext(MessageTextContext);
  const badge = data.errors > 0 ? "error" : data.warnings > 0 ? "warning" : null;
  const className = `seg-node${compact ? " compact" : ""}${selected ? " selected" : ""}${data.errors > 0 ? " has-errors" : ""}`;
  if (compact) {
    return (
      <div className={className} style={{ height: nodeHeight(data.glance.length, data.results.length) }} data-testid={`node-${s.name}`} data-category={data.category ?? undefined}>
        {measuredHandle(id, "target", null, `in-${s.name}`)}
        <div className="seg-head">
          {data.entry && <span className="seg-entry">▶</span>}
          <span className="seg-name">{s.name}</span>
          {badge && <span className={`seg-badge ${badge}`}>{data.errors > 0 ? data.errors : data.warnings}</span>}
        </div>
        {data.results.map((r, i) => measuredHandle(id, "source", r.name, `handle-${s.name}-${r.name}`, resultCentre(data.glance.length, i) - NODE.border))}
      </div>
    );
  }
  return (
    <div className={className} data-testid={`node-${s.name}`} data-category={data.category ?? undefined}>
      <Handle type="target" position={Position.Left} className="seg-in" isConnectable={!data.readOnly} data-testid={`in-${s.name}`} />
      <div className="seg-head">
        {data.entry && (
          <span className="seg-entry" title="A routing entry starts the flow here" data-testid="node-entry">
            ▶
          </span>
        )}
        <span className="seg-name">{s.name}</span>
        {badge && (
          <span className={`seg-badge ${badge}`} title={data.findings.join("\n")} data-testid="node-findings">
            {data.errors > 0 ? data.errors : data.warnings}
          </span>
        )}
      </div>
      <div className="seg-type">
        {data.typeLabel}
        {data.terminal && <span className="seg-terminal"> · ends the call</span>}
      </div>
      {data.glance.length > 0 && (
        <div className="seg-glance">
          {data.glance.map((g) => {
            const text = glanceText(g, messageText);
            return (
              <div key={g.key} title={`${g.key}: ${text}`}>
                <span className="seg-key">{g.key}</span> {text}
              </div>
            );
          })}
        </div>
      )}
      {data.results.length > 0 && (
        <div className="seg-results">
          {data.results.map((r) => (
            <div
              key={r.name}
              className={`seg-result${r.connected ? " connected" : ""}${!r.known ? " unknown" : ""}${r.mustHandle && !r.connected ? " missing" : ""}`}
              data-testid={`result-${s.name}-${r.name}`}
            >
              <span>{r.name}</span>
              <Handle
                type="source"
                position={Position.Right}
                id={r.name}
                className="seg-out"
                isConnectable={!data.readOnly}
                data-testid={`handle-${s.name}-${r.name}`}
              />
            </div>
          ))}
        </div>
      )}
    </div>
  );
});
