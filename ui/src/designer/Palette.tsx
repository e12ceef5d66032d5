import { Badge, ScrollArea, Stack, Text, TextInput } from "@mantine/core";
import { IconSearch } from "@tabler/icons-react";
import { memo, useMemo, useState } from "react";
import type { SegmentCatalog } from "../bindings/SegmentCatalog";
import type { SegmentTypeDef } from "../bindings/SegmentTypeDef";
import { paletteGroups } from "./palette";

export type DropHandler = (segmentType: string, at: { clientX: number; clientY: number } | null) => void;

/**
 * The segment types grouped by category, searchable. Drag one onto the canvas (pointer events,
 * so WebDriver can drive it) or double-click it to add it at the centre of the view.
 */
export const Palette = memo(function Palette({ catalog, onDrop }: { catalog: SegmentCatalog; onDrop: DropHandler }) {
  const [query, setQuery] = useState("");
  const [ghost, setGhost] = useState<{ t: SegmentTypeDef; x: number; y: number } | null>(null);
  const groups = useMemo(() => paletteGroups(catalog, query), [catalog, query]);

  const startDrag = (e: React.PointerEvent, t: SegmentTypeDef) => {
    if (e.button !== 0) return;
    e.preventDefault();
    const x0 = e.clientX;
    const y0 = e.clientY;
    let moved = false;
    const move = (ev: PointerEvent) => {
      if (!moved && Math.hypot(ev.clientX - x0, ev.clientY - y0) < 4) return;
      moved = true;
      setGhost({ t, x: ev.clientX, y: ev.clientY });
    };
    const up = (ev: PointerEvent) => {
      window.removeEventListener("pointermove", move);
      window.removeEventListener("pointerup", up);
      setGhost(null);
      if (moved) onDrop(t.code, { clientX: ev.clientX, clientY: ev.clientY });
    };
    window.addEventListener("pointermove", move);
    window.addEventListener("pointerup", up);
  };

  return (
    <Stack gap={6} className="designer-palette" data-testid="palette">
      <TextInput
        size="xs"
        placeholder="Search segment types"
        leftSection={<IconSearch size={14} />}
        value={query}
        onChange={(e) => setQuery(e.currentTarget.value)}
        data-testid="palette-search"
      />
      <ScrollArea style={{ flex: 1 }} type="auto">
        {groups.length === 0 && (
          <Text size="xs" c="dimmed">
            No segment type matches.
          </Text>
        )}
        {groups.map((g) => (
          <div key={g.category} className="palette-group">
            <Text size="xs" fw={700} tt="uppercase" c="dimmed" mt={6}>
              {g.category}
            </Text>
            {g.types.map((t) => (
              <div
                key={t.code}
                className="palette-item"
                data-testid={`palette-${t.code}`}
                title={`${t.displayName} (${t.code}) — drag onto the canvas or double-click to add`}
                onPointerDown={(e) => startDrag(e, t)}
                onDoubleClick={() => onDrop(t.code, null)}
              >
                <span>{t.displayName}</span>
                {t.terminal && (
                  <Badge size="xs" variant="light" color="gray">
                    end
                  </Badge>
                )}
              </div>
            ))}
          </div>
        ))}
      </ScrollArea>
      {ghost && (
        <div className="palette-ghost" style={{ left: ghost.x + 8, top: ghost.y + 8 }} data-testid="palette-ghost">
          {ghost.t.displayName}
        </div>
      )}
    </Stack>
  );
});
