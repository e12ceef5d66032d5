import { cleanup, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Dictionaries } from "../../bindings/Dictionaries";
import { commands } from "../../bindings/commands";
import { renderScreen, storeRow } from "../../test/screens";
import { EditStoreDialog, StoreVoices } from "./StoreDialogs";

const store = storeRow();
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
    renderScreen(<EditStoreDialog store={store} opened onClose={() => undefined} />);
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

describe("StoreVoices", () => {
  it("shows a refused voice at its language's row, and clears it when that row is changed", async () => {
    const voice = (code: string, language: string) => ({ voiceId: code.length, code, engine: "azure", language, gender: "female", displayName: code, isActive: true });
    vi.spyOn(commands, "dictAll").mockResolvedValue({ ...dict, voices: [voice("nl-BE-Dena", "nl-BE"), voice("fr-BE-Charline", "fr-BE"), voice("fr-BE-Gerard", "fr-BE")] } as unknown as Dictionaries);
    const setVoice = vi
      .spyOn(commands, "messagesStoreVoice")
      .mockRejectedValueOnce({ code: "VALIDATION", message: "voice fr-BE-Charline is not an active voice of the dictionary; voices for fr-BE: fr-BE-Gerard" })
      .mockResolvedValueOnce(store);
    renderScreen(<StoreVoices store={store} />);
    const rowError = (language: string) => within(screen.getByTestId(`msg-voice-row-${language}`)).queryByText(/not an active voice/);
    const pick = async (language: string, code: string) => {
      fireEvent.click(await screen.findByTestId(`msg-voice-${language}`));
      fireEvent.click(await screen.findByRole("option", { name: new RegExp(code), hidden: true }));
    };
    await pick("fr-BE", "fr-BE-Charline");
    await waitFor(() => expect(rowError("fr-BE")).not.toBeNull());
    expect(rowError("nl-BE")).toBeNull();
    expect(screen.queryByTestId("error-alert")).toBeNull();
    await pick("fr-BE", "fr-BE-Gerard");
    await waitFor(() => expect(setVoice).toHaveBeenCalledTimes(2));
    await waitFor(() => expect(rowError("fr-BE")).toBeNull());
  });
});
