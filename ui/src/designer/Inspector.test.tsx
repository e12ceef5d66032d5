import { MantineProvider } from "@mantine/core";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { act, cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { EditOp } from "../bindings/EditOp";
import type { Segment } from "../bindings/Segment";
import type { SegmentCatalog } from "../bindings/SegmentCatalog";
import { Inspector } from "./Inspector";

const catalog: SegmentCatalog = {
  types: [
    {
      id: 1,
      code: "transfer",
      displayName: "Transfer",
      category: "routing",
      terminal: false,
      keys: [
        { id: 1, name: "destination", keyType: "string", required: true, default: null, defaultValue: null, schema: { type: "string" } },
        { id: 2, name: "messageKey", keyType: "string", required: false, default: null, defaultValue: null, schema: { type: "string" } },
      ],
      results: [],
    },
  ],
};
const segment: Segment = { name: "agent", segmentType: "transfer", config: { destination: "+3225550199", messageKey: "HOLD" }, transitions: [] };

/** The inspector of `agent`, whose saves resolve as `saved` says (false: refused). */
function inspect(saved: boolean) {
  let answer: (ok: boolean) => void = () => undefined;
  const apply = vi.fn<(label: string, ops: EditOp[]) => Promise<boolean>>(() => new Promise<boolean>((r) => (answer = r)));
  render(
    <MantineProvider>
      <QueryClientProvider client={new QueryClient()}>
        <Inspector incoming={[]} segment={segment} catalog={catalog} findings={[]} readOnly={false} focusKey={null} messages={{ storeId: null }} apply={apply} />
      </QueryClientProvider>
    </MantineProvider>,
  );
  return { apply, answer: () => act(async () => answer(saved)) };
}

const input = (id: string) => screen.getByTestId(id) as HTMLInputElement;
const enter = (id: string, value: string) => {
  fireEvent.change(input(id), { target: { value } });
  fireEvent.keyDown(input(id), { key: "Enter" });
};

afterEach(cleanup);

describe("Inspector: a refused save", () => {
  it.each([
    ["inspector-name", "bye", "agent", { op: "rename_segment", name: "agent", newName: "bye" }],
    ["inspector-field-destination", "sip:nowhere", "+3225550199", { op: "set_config", segment: "agent", key: "destination", value: "sip:nowhere" }],
    ["inspector-field-messageKey-input", "NO_SUCH", "HOLD", { op: "set_config", segment: "agent", key: "messageKey", value: "NO_SUCH" }],
  ])("puts %s back to the stored value", async (id, typed, stored, op) => {
    const { apply, answer } = inspect(false);
    enter(id, typed);
    expect(apply).toHaveBeenCalledTimes(1);
    expect(apply.mock.calls[0][1]).toEqual([op]);
    expect(input(id).value).toBe(typed);
    await answer();
    expect(input(id).value).toBe(stored);
  });

  it("keeps what was typed while the save is stored (the segment then changes)", async () => {
    const { answer } = inspect(true);
    enter("inspector-field-destination", "+3225550100");
    await answer();
    expect(input("inspector-field-destination").value).toBe("+3225550100");
  });
});
