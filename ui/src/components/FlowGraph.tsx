import { ActionIcon, Badge, Card, Code, Group, ScrollArea, Stack, Text, Tooltip } from "@mantine/core";
import { IconZoomIn, IconZoomOut, IconZoomReset } from "@tabler/icons-react";
import { useMemo, useState } from "react";
import type { Flow } from "../bindings/Flow";
import { NODE, bounds, edgePath, graphElements } from "../lib/flows";
import { ConfigList, TransitionList } from "./SegmentParts";

const ZOOMS = [0.5, 0.75, 1, 1.25, 1.5];

/**
 * The published flow drawn read-only at its saved canvas positions (a layered layout for segments
 * without one). Plain SVG: graph libraries built on d3 break under the app's frozen prototypes.
 * Click a segment to read its configuration and highlight its transitions.
 */
export function FlowGraph({ flow, entries }: { flow: Flow; entries: string[] }) {
  const [selected, setSelected] = useState<string | null>(null);
  // null = fit the width of the panel.
  const [zoom, setZoom] = useState<number | null>(null);
  const { nodes, edges, box } = useMemo(() => {
    const g = graphElements(flow, entries);
    return { ...g, box: bounds(g.nodes) };
  }, [flow, entries]);
  const at = new Map(nodes.map((n) => [n.id, n.position]));
  const segment = flow.segments.find((s) => s.name === selected);
  const step = (d: number) => setZoom((z) => ZOOMS[Math.min(ZOOMS.length - 1, Math.max(0, ZOOMS.indexOf(z ?? 1) + d))]);

  return (
    <Group align="flex-start" gap="xs" wrap="nowrap">
      <Stack gap={4} style={{ flex: 1, minWidth: 0 }}>
        <Group gap={4}>
          <Tooltip label="Zoom out">
            <ActionIcon variant="default" size="sm" onClick={() => step(-1)} aria-label="Zoom out">
              <IconZoomOut size={14} />
            </ActionIcon>
          </Tooltip>
          <Tooltip label="Zoom in">
            <ActionIcon variant="default" size="sm" onClick={() => step(1)} aria-label="Zoom in">
              <IconZoomIn size={14} />
            </ActionIcon>
          </Tooltip>
          <Tooltip label="Fit the width">
            <ActionIcon variant="default" size="sm" onClick={() => setZoom(null)} aria-label="Fit">
              <IconZoomReset size={14} />
            </ActionIcon>
          </Tooltip>
          <Text size="xs" c="dimmed">
            {zoom === null ? "fit" : `${Math.round(zoom * 100)}%`} · click a segment for its configuration
          </Text>
        </Group>
        <ScrollArea h={560} type="auto" style={{ border: "1px solid var(--mantine-color-default-border)", borderRadius: 4 }}>
          <svg
            data-testid="flow-graph"
            viewBox={`${box.x} ${box.y} ${box.w} ${box.h}`}
            width={zoom === null ? "100%" : box.w * zoom}
            height={zoom === null ? undefined : box.h * zoom}
            style={{ display: "block", fontFamily: "var(--mantine-font-family)" }}
            onClick={() => setSelected(null)}
          >
            <defs>
              <marker id="flow-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                <path d="M 0 0 L 10 5 L 0 10 z" fill="var(--mantine-color-dimmed)" />
              </marker>
              <marker id="flow-arrow-on" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                <path d="M 0 0 L 10 5 L 0 10 z" fill="var(--mantine-primary-color-filled)" />
              </marker>
            </defs>
            {edges.map((e) => {
              const a = at.get(e.source);
              const b = at.get(e.target);
              if (!a || !b) return null;
              const p = edgePath(a, b);
              const on = selected !== null && (e.source === selected || e.target === selected);
              return (
                <g key={e.id} data-testid="graph-edge" opacity={selected === null || on ? 1 : 0.35}>
                  <path
                    d={p.d}
                    fill="none"
                    stroke={on ? "var(--mantine-primary-color-filled)" : "var(--mantine-color-dimmed)"}
                    strokeWidth={on ? 2 : 1.2}
                    markerEnd={`url(#${on ? "flow-arrow-on" : "flow-arrow"})`}
                  />
                  <text
                    x={p.label.x}
                    y={p.label.y}
                    textAnchor="middle"
                    dominantBaseline="middle"
                    fontSize={11}
                    fill="var(--mantine-color-text)"
                    stroke="var(--mantine-color-body)"
                    strokeWidth={4}
                    paintOrder="stroke"
                  >
                    {e.label}
                  </text>
                </g>
              );
            })}
            {nodes.map((n) => {
              const colour = n.entry ? "var(--mantine-color-grape-6)" : n.terminal ? "var(--mantine-color-gray-6)" : "var(--mantine-color-blue-6)";
              return (
                <g
                  key={n.id}
                  data-testid={`graph-node-${n.id}`}
                  transform={`translate(${n.position.x} ${n.position.y})`}
                  style={{ cursor: "pointer" }}
                  onClick={(ev) => {
                    ev.stopPropagation();
                    setSelected(n.id);
                  }}
                >
                  <rect width={NODE.w} height={NODE.h} rx={6} fill="var(--mantine-color-body)" stroke={colour} strokeWidth={n.id === selected ? 3 : 1.5} />
                  <text x={10} y={19} fontSize={12} fontWeight={600} fontFamily="var(--mantine-font-family-monospace)" fill="var(--mantine-color-text)">
                    {n.id}
                  </text>
                  <text x={10} y={36} fontSize={11} fill="var(--mantine-color-dimmed)">
                    {n.segmentType}
                    {n.entry ? " · entry" : ""}
                  </text>
                </g>
              );
            })}
          </svg>
        </ScrollArea>
      </Stack>
      {segment && (
        <Card withBorder padding="xs" w={280} data-testid="flow-graph-selected">
          <Stack gap={4}>
            <Code>{segment.name}</Code>
            <Badge variant="light" size="sm">
              {segment.segmentType}
            </Badge>
            <ConfigList segment={segment} />
            <TransitionList segment={segment} />
          </Stack>
        </Card>
      )}
    </Group>
  );
}
