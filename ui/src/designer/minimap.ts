import type { Box } from "./graph";

/**
 * The minimap's geometry (pure, so it is unit-tested). It frames what @xyflow/react's own MiniMap
 * frames: the nodes and the view together, fitted into the panel with a small margin. The nodes'
 * marks are painted once into a canvas framed on the nodes alone; when the view reaches past them,
 * the canvas is scaled and moved (a CSS transform) instead of painted again.
 */

/** The smallest box holding every box given (null when there is none). */
export function boundsOf(boxes: Iterable<Box>): Box | null {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const b of boxes) {
    x0 = Math.min(x0, b.x);
    y0 = Math.min(y0, b.y);
    x1 = Math.max(x1, b.x + b.width);
    y1 = Math.max(y1, b.y + b.height);
  }
  return x0 === Infinity ? null : { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

export function union(a: Box, b: Box | null): Box {
  return b ? (boundsOf([a, b]) as Box) : a;
}

/** Margin around the framed content, in panel pixels (@xyflow/react's MiniMap `offsetScale`). */
const MARGIN_PX = 5;

/** The flow area a `panelWidth` × `panelHeight` panel shows to hold `content`, centred, with a margin (the MiniMap's viewBox). */
export function frameOf(content: Box, panelWidth: number, panelHeight: number): Box {
  const unit = Math.max(content.width / panelWidth, content.height / panelHeight) || 1;
  const width = unit * panelWidth;
  const height = unit * panelHeight;
  const margin = MARGIN_PX * unit;
  return { x: content.x - (width - content.width) / 2 - margin, y: content.y - (height - content.height) / 2 - margin, width: width + 2 * margin, height: height + 2 * margin };
}

/** Where flow point (x, y) of `frame` lands in the panel: `(x - frame.x) * scale + dx` (an SVG viewBox, "xMidYMid meet"). */
export function panelMapping(frame: Box, panelWidth: number, panelHeight: number): { scale: number; dx: number; dy: number } {
  const scale = Math.min(panelWidth / frame.width, panelHeight / frame.height);
  return { scale, dx: (panelWidth - frame.width * scale) / 2, dy: (panelHeight - frame.height * scale) / 2 };
}

/**
 * The CSS transform (origin top-left: translate, then scale) that shows a canvas painted for frame
 * `painted` where frame `shown` puts it, both in a `panelWidth` × `panelHeight` panel.
 */
export function canvasTransform(painted: Box, shown: Box, panelWidth: number, panelHeight: number): { scale: number; x: number; y: number } {
  const p = panelMapping(painted, panelWidth, panelHeight);
  const s = panelMapping(shown, panelWidth, panelHeight);
  const scale = s.scale / p.scale;
  return { scale, x: (painted.x - shown.x) * s.scale + s.dx - p.dx * scale, y: (painted.y - shown.y) * s.scale + s.dy - p.dy * scale };
}
