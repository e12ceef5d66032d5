import { cleanup, fireEvent, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { StoreCompleteness } from "../bindings/StoreCompleteness";
import { commands } from "../bindings/commands";
import { renderScreen, storeRow } from "../test/screens";
import { Completeness } from "./Messages";

const store = storeRow({ allowedLanguages: ["nl-BE", "fr-BE"] });
const complete: StoreCompleteness = {
  storeId: 7,
  activeKeys: 3,
  publishedKeys: 2,
  newerThanPublished: 1,
  unusedKeys: 1,
  languages: [
    { language: "nl-BE", published: 2, missing: 0 },
    { language: "fr-BE", published: 1, missing: 1 },
  ],
};

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe("Completeness", () => {
  it("says its query failed and offers to try again, instead of vanishing", async () => {
    const read = vi
      .spyOn(commands, "messagesStoreCompleteness")
      .mockRejectedValueOnce({ code: "CONNECTION", message: "the environment's database cannot be reached" })
      .mockResolvedValueOnce(complete);
    renderScreen(<Completeness store={store} />);
    const alert = await screen.findByTestId("error-alert");
    expect(alert.textContent).toContain("cannot be reached");
    expect(screen.queryByTestId("msg-completeness")).toBeNull();
    fireEvent.click(screen.getByText("Try again"));
    const pane = await screen.findByTestId("msg-completeness");
    expect(pane.getAttribute("data-published")).toBe("2");
    expect(screen.getByTestId("msg-complete-fr-BE").textContent).toBe("fr-BE 1/2");
    expect(screen.queryByTestId("error-alert")).toBeNull();
    expect(read).toHaveBeenCalledTimes(2);
  });
});
