// The comparison the designer issue asks for: elkjs's layered layout of the same generated flow the
// canvas benchmark lays out in Rust. Run by scripts/bench_canvas.py per size; prints one JSON line.
// Node (V8) rather than the app's WebKitGTK: elkjs is not part of the app, and the strict CSP of
// the app's page allows no injected script. Usage: node scripts/bench_elk.mjs FLOW.json OPTIONS
// where OPTIONS is the JSON of the layout options the app sent for that flow
// (`window.__designerLayoutOptions`: direction, node box, gaps), so elkjs gets the same box and gaps.
import { readFileSync } from "node:fs";
import ELK from "elkjs/lib/elk.bundled.js";

const [file, optionsJson] = process.argv.slice(2);
if (!file || !optionsJson) {
  console.error('usage: node scripts/bench_elk.mjs FLOW.json \'{"direction":"leftToRight","nodeWidth":200,"nodeHeight":120,"layerGap":90,"nodeGap":30}\'');
  process.exit(2);
}
const options = JSON.parse(optionsJson);
for (const k of ["nodeWidth", "nodeHeight", "layerGap", "nodeGap"])
  if (typeof options[k] !== "number") throw new Error(`layout options: ${k} must be a number`);
const flow = JSON.parse(readFileSync(file, "utf8"));
const names = new Set(flow.segments.map((s) => s.name));
const edges = [];
for (const s of flow.segments)
  for (const t of s.transitions ?? [])
    if (names.has(t.next)) edges.push({ id: `e${edges.length}`, sources: [s.name], targets: [t.next] });
// The Rust layout's gaps are free space between boxes, as elk's spacings are.
const graph = {
  id: "root",
  layoutOptions: {
    "elk.algorithm": "layered",
    "elk.direction": options.direction === "topToBottom" ? "DOWN" : "RIGHT",
    "elk.layered.spacing.nodeNodeBetweenLayers": String(options.layerGap),
    "elk.spacing.nodeNode": String(options.nodeGap),
  },
  children: flow.segments.map((s) => ({ id: s.name, width: options.nodeWidth, height: options.nodeHeight })),
  edges,
};
const elk = new ELK();
const t0 = performance.now();
await elk.layout(graph);
const ms = performance.now() - t0;
console.log(JSON.stringify({ segments: flow.segments.length, edges: edges.length, options, elk_ms: Math.round(ms) }));
