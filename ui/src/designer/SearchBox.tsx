import { Modal, NavLink, ScrollArea, Text, TextInput } from "@mantine/core";
import { IconSearch } from "@tabler/icons-react";
import { memo, useState } from "react";
import type { Flow } from "../bindings/Flow";
import { searchSegments } from "./search";

/** Ctrl+F: find a segment by name, type or message key; Enter or a click jumps to it. */
export const SearchBox = memo(function SearchBox({ opened, onClose, flow, onPick }: { opened: boolean; onClose: () => void; flow: Flow; onPick: (name: string) => void }) {
  const [query, setQuery] = useState("");
  const [active, setActive] = useState(0);
  const hits = searchSegments(flow, query);
  const pick = (name: string) => {
    onPick(name);
    onClose();
  };
  return (
    <Modal opened={opened} onClose={onClose} title="Find a segment" data-testid="search-modal">
      <TextInput
        data-autofocus
        placeholder="Name, type or message key"
        leftSection={<IconSearch size={14} />}
        value={query}
        onChange={(e) => {
          setQuery(e.currentTarget.value);
          setActive(0);
        }}
        onKeyDown={(e) => {
          if (e.key === "ArrowDown") setActive((a) => Math.min(a + 1, hits.length - 1));
          if (e.key === "ArrowUp") setActive((a) => Math.max(a - 1, 0));
          if (e.key === "Enter" && hits[active]) pick(hits[active].name);
        }}
        data-testid="search-input"
      />
      <ScrollArea.Autosize mah={320} mt="xs">
        {query.trim() !== "" && hits.length === 0 && (
          <Text size="sm" c="dimmed">
            No segment matches.
          </Text>
        )}
        {hits.map((h, i) => (
          <NavLink
            key={h.name}
            active={i === active}
            label={h.name}
            description={`${h.segmentType}${h.why === "name" || h.why === "type" ? "" : ` · ${h.why}`}`}
            onClick={() => pick(h.name)}
            data-testid={`search-hit-${h.name}`}
          />
        ))}
      </ScrollArea.Autosize>
    </Modal>
  );
});
