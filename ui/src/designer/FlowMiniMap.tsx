import { Panel, useStore, useStoreApi, type ReactFlowState } from "@xyflow/react";
import { XYMinimap, type XYMinimapInstance } from "@xyflow/system";
import { memo, useEffect, useMemo, useRef } from "react";
import { NODE, type Box, type SegmentNode } from "./graph";
import { boundsOf, canvasTransform, frameOf, panelMapping, union } from "./minimap";

const WIDTH = 140;
const HEIGHT = 90;

const boxOfNode = (n: SegmentNode): Box => ({ x: n.position.x, y: n.position.y, width: n.measured?.width ?? NODE.width, height: n.measured?.height ?? 0 });
const viewOf = (s: ReactFlowState): Box => ({ x: -s.transform[0] / s.transform[2], y: -s.transform[1] / s.transform[2], width: s.width / s.transform[2], height: s.height / s.transform[2] });
const sameBox = (a: Box, b: Box) => a.x === b.x && a.y === b.y && a.width === b.width && a.height === b.height;
const panZoomOf = (s: ReactFlowState) => s.panZoom;
const extentOf = (s: ReactFlowState) => s.translateExtent;
const widthOf = (s: ReactFlowState) => s.width;
const heightOf = (s: ReactFlowState) => s.height;

/**
 * The canvas's minimap: the segments as marks and the view as the window in a mask, pannable and
 * zoomable (@xyflow/react's minimap interaction, `XYMinimap`). Unlike @xyflow/react's MiniMap,
 * whose every mark is an SVG element with its own store subscription (2,000 of them ran and
 * repainted on every frame of a pan at 2,000 segments), the marks are painted into a canvas when
 * the segments change, and a frame of a pan moves only the mask (and scales the canvas when the
 * view reaches past the segments).
 */
export const FlowMiniMap = memo(function FlowMiniMap({ nodes }: { nodes: SegmentNode[] }) {
  const store = useStoreApi();
  const view = useStore(viewOf, sameBox);
  const panZoom = useStore(panZoomOf);
  const translateExtent = useStore(extentOf);
  const flowWidth = useStore(widthOf);
  const flowHeight = useStore(heightOf);
  const bounds = useMemo(() => boundsOf(nodes.map(boxOfNode)), [nodes]);
  const painted = useMemo(() => (bounds ? frameOf(bounds, WIDTH, HEIGHT) : null), [bounds]);
  const content = union(view, bounds);
  const shown = frameOf(content, WIDTH, HEIGHT);
  // Flow units per minimap pixel, as XYMinimap reads it while panning.
  const unit = useRef(1);
  unit.current = Math.max(content.width / WIDTH, content.height / HEIGHT);

  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const c = canvas.current;
    const ctx = c?.getContext("2d");
    if (!c || !ctx) return;
    const ratio = window.devicePixelRatio || 1;
    c.width = Math.round(WIDTH * ratio);
    c.height = Math.round(HEIGHT * ratio);
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, WIDTH, HEIGHT);
    if (!painted) return;
    const m = panelMapping(painted, WIDTH, HEIGHT);
    ctx.fillStyle = getComputedStyle(c).getPropertyValue("--xy-minimap-node-background-color-default").trim() || "#e2e2e2";
    for (const n of nodes) {
      const b = boxOfNode(n);
      // Whole pixels: crisp marks, as the SVG ones were (crispEdges).
      const x = Math.round((b.x - painted.x) * m.scale + m.dx);
      const y = Math.round((b.y - painted.y) * m.scale + m.dy);
      ctx.fillRect(x, y, Math.max(1, Math.round(b.width * m.scale)), Math.max(1, Math.round(b.height * m.scale)));
    }
  }, [nodes, painted]);

  const svg = useRef<SVGSVGElement>(null);
  const minimap = useRef<XYMinimapInstance | null>(null);
  useEffect(() => {
    if (!svg.current || !panZoom) return;
    const instance = XYMinimap({ domNode: svg.current, panZoom, getTransform: () => store.getState().transform, getViewScale: () => unit.current });
    minimap.current = instance;
    return () => {
      instance.destroy();
      minimap.current = null;
    };
  }, [panZoom, store]);
  useEffect(() => {
    minimap.current?.update({ translateExtent, width: flowWidth, height: flowHeight, pannable: true, zoomable: true });
  }, [panZoom, translateExtent, flowWidth, flowHeight]);

  const t = painted ? canvasTransform(painted, shown, WIDTH, HEIGHT) : null;
  const pad = shown.width; // the mask reaches well past the panel
  return (
    <Panel position="bottom-right" className="react-flow__minimap designer-minimap" data-testid="minimap">
      <canvas
        ref={canvas}
        width={WIDTH}
        height={HEIGHT}
        style={{ width: WIDTH, height: HEIGHT, transform: t ? `translate(${t.x}px, ${t.y}px) scale(${t.scale})` : undefined }}
      />
      <svg ref={svg} width={WIDTH} height={HEIGHT} viewBox={`${shown.x} ${shown.y} ${shown.width} ${shown.height}`} className="react-flow__minimap-svg" role="img" aria-label="Minimap">
        <path
          className="react-flow__minimap-mask"
          d={`M${shown.x - pad},${shown.y - pad}h${shown.width + 2 * pad}v${shown.height + 2 * pad}h${-shown.width - 2 * pad}z M${view.x},${view.y}h${view.width}v${view.height}h${-view.width}z`}
          fillRule="evenodd"
          pointerEvents="none"
        />
      </svg>
    </Panel>
  );
});
