// The comparison the designer issue asks for: elkjs's layered layout of the same generated flow the
// canvas benchmark lays out in Rust. Run by scripts/bench_canvas.py per size; prints one JSON line.
// Node (V8) rather than the app's WebKitGTK: elkjs is not part of the app, and the strict CSP of
// the app's page allows no injected script. Same node box and gaps as the Rust layout's defaults.
import { readFileSync } from "node:fs";
import ELK from "elkjs/lib/elk.bundled.js";

const flow = JSON.parse(readFileSync(process.argv[2], "utf8"));
const names = new Set(flow.segments.map((s) => s.name));
const edges = [];
for (const s of flow.segments)
  for (const t of s.transitions ?? [])
    if (names.has(t.next)) edges.push({ id: `e${edges.length}`, sources: [s.name], targets: [t.next] });
const graph = {
  id: "root",
  layoutOptions: {
    "elk.algorithm": "layered",
    "elk.direction": "RIGHT",
    "elk.layered.spacing.nodeNodeBetweenLayers": "80",
    "elk.spacing.nodeNode": "32",
  },
  children: flow.segments.map((s) => ({ id: s.name, width: 240, height: 96 })),
  edges,
};
const elk = new ELK();
const t0 = performance.now();
await elk.layout(graph);
const ms = performance.now() - t0;
console.log(JSON.stringify({ segments: flow.segments.length, edges: edges.length, elk_ms: Math.round(ms) }));
