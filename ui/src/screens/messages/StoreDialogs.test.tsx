import { MantineProvider } from "@mantine/core";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Dictionaries } from "../../bindings/Dictionaries";
import type { StoreRow } from "../../bindings/StoreRow";
import { commands } from "../../bindings/commands";
import { EditStoreDialog } from "./StoreDialogs";

const store: StoreRow = {
  id: 7,
  name: "care",
  companyProjectId: 1,
  customerId: "acme",
  projectId: "care",
  allowedLanguages: ["nl-BE", "fr-BE", "en-US"],
  defaultLanguage: "nl-BE",
  isActive: true,
  keyCount: 3,
  createdAt: "2026-01-01T10:00:00.000Z",
  createdBy: "Ada",
  updatedAt: null,
  updatedBy: null,
  voices: [],
};
const dict = {
  languages: ["nl-BE", "fr-BE", "en-US"].map((languageCode) => ({ languageCode, displayName: languageCode, isActive: true })),
  voices: [],
  companyProjects: [],
} as unknown as Dictionaries;

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

/** The error shown under the default-language field (Mantine links it by aria-describedby). */
function defaultFieldError(): string | null {
  const input = screen.getByTestId("msg-store-default");
  const ids = (input.getAttribute("aria-describedby") ?? "").split(" ").filter((id) => id.endsWith("-error"));
  return ids.length ? (document.getElementById(ids[0])?.textContent ?? null) : null;
}

describe("EditStoreDialog", () => {
  it("shows at the default field at once when the default is removed from the allowed languages, and clears it when another default is chosen", async () => {
    vi.spyOn(commands, "dictAll").mockResolvedValue(dict);
    render(
      <MantineProvider>
        <QueryClientProvider client={new QueryClient()}>
          <EditStoreDialog store={store} opened onClose={() => undefined} />
        </QueryClientProvider>
      </MantineProvider>,
    );
    const languages = screen.getByTestId("msg-store-languages").closest(".mantine-MultiSelect-root") as HTMLElement;
    // The pills appear once the dictionary's languages are there.
    const pill = await waitFor(() => within(languages).getByText("nl-BE — nl-BE").closest(".mantine-Pill-root") as HTMLElement);
    expect(defaultFieldError()).toBeNull();
    fireEvent.click(pill.querySelector(".mantine-Pill-remove") as HTMLElement);
    await waitFor(() => expect(defaultFieldError()).toContain("nl-BE is not one of the allowed languages (fr-BE, en-US)"));
    // Choosing another default (a change of the default field itself) clears it.
    fireEvent.click(screen.getByTestId("msg-store-default"));
    fireEvent.click(await screen.findByRole("option", { name: "fr-BE", hidden: true }));
    await waitFor(() => expect(defaultFieldError()).toBeNull());
  });
});
