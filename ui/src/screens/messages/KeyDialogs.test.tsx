import { cleanup, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { KeyWithVersions } from "../../bindings/KeyWithVersions";
import type { WhereUsed } from "../../bindings/WhereUsed";
import { commands } from "../../bindings/commands";
import { renderScreen, storeRow } from "../../test/screens";
import { DeleteKeyDialog } from "./KeyDialogs";

const store = storeRow({ allowedLanguages: ["nl-BE"], keyCount: 1 });
const detail = { id: 3, storeId: 7, key: "WELCOME", versions: [], publishedVersion: null, isActive: true, rowVersion: "r1" } as unknown as KeyWithVersions;
/** A published flow of another store's routing entries that names a WELCOME of its own. */
const otherStoresFlow: WhereUsed = { routingId: "globex-sales-main", segmentName: "hello", changeSetId: null, segmentType: "play", configKey: "messageKey" };

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe("DeleteKeyDialog", () => {
  it("asks for the flows of this store's routing entries only: another store's same-named key does not force the second confirmation", async () => {
    const whereUsed = vi.spyOn(commands, "messagesWhereUsed").mockImplementation(async (req) => (req.allFlows ? [otherStoresFlow] : []));
    renderScreen(<DeleteKeyDialog store={store} detail={detail} onClose={() => undefined} onDeleted={() => undefined} />);
    await screen.findByTestId("msg-delete-unused");
    expect(whereUsed).toHaveBeenCalledWith({ storeId: 7, key: "WELCOME", allFlows: false });
    expect(screen.queryByText(/globex-sales-main/)).toBeNull();
    expect(screen.getByTestId("msg-delete-confirm")).toBeTruthy();
    expect(screen.queryByTestId("msg-delete-next")).toBeNull();
  });
});
