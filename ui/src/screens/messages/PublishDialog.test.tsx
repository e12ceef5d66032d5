import { MantineProvider } from "@mantine/core";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Heard } from "../../bindings/Heard";
import type { PublishPreview } from "../../bindings/PublishPreview";
import type { StoreRow } from "../../bindings/StoreRow";
import { PublishDialog } from "./PublishDialog";

const heard = (version: number, content: string, voice: string | null, settings: string): Heard => ({
  version,
  language: "nl-BE",
  content,
  fellBack: false,
  settings,
  voice,
});
// Version 2 says the same as version 1 in both languages; nl-BE callers get another voice and rate.
const preview: PublishPreview = {
  storeId: 1,
  key: "WELCOME",
  version: 2,
  publishedVersion: 1,
  action: "publish",
  rowVersion: "rv1",
  missingLanguages: [],
  languages: [
    {
      language: "nl-BE",
      now: heard(1, "Welkom", "nl-BE-Wavenet-A", '{"rate":1}'),
      after: heard(2, "Welkom", "nl-BE-Wavenet-B", '{"rate":1.20,"voice":"nl-BE-Wavenet-B"}'),
      settingChanges: [
        { name: "voice", now: '"nl-BE-Wavenet-A"', after: '"nl-BE-Wavenet-B"' },
        { name: "rate", now: "1", after: "1.20" },
        { name: "pitch", now: "0", after: null },
      ],
      changed: true,
    },
    {
      language: "fr-BE",
      now: { ...heard(1, "Bienvenue", null, '{"rate":1}'), language: "fr-BE" },
      after: { ...heard(2, "Bienvenue", null, '{"rate":1}'), language: "fr-BE" },
      settingChanges: [],
      changed: false,
    },
  ],
};

vi.mock("../../bindings/commands", () => ({
  commands: { messagesPublishPreview: vi.fn(() => Promise.resolve(preview)) },
}));

afterEach(cleanup);

const store = { id: 1, name: "Main", allowedLanguages: ["nl-BE", "fr-BE"], defaultLanguage: "nl-BE", voices: [] } as unknown as StoreRow;

describe("PublishDialog", () => {
  it("shows a language whose text is the same but whose voice and settings change, with each difference", async () => {
    render(
      <MantineProvider>
        <QueryClientProvider client={new QueryClient()}>
          <PublishDialog store={store} keyName="WELCOME" version={2} onClose={() => undefined} />
        </QueryClientProvider>
      </MantineProvider>,
    );
    const nl = await screen.findByTestId("msg-publish-row-nl-BE");
    expect(nl.getAttribute("data-changed")).toBe("true");
    expect(screen.getByText(/1 of 2 languages change for callers/)).toBeTruthy();
    const lines = within(nl).getByTestId("msg-publish-settings-nl-BE").querySelectorAll("[data-setting]");
    expect([...lines].map((l) => l.textContent)).toEqual([
      "voice: nl-BE-Wavenet-A → nl-BE-Wavenet-B",
      "rate: 1 → 1.20",
      "pitch: 0 → not set",
    ]);
    expect(within(nl).getByTestId("msg-publish-now-nl-BE").textContent).toContain("voice nl-BE-Wavenet-A");
    const fr = screen.getByTestId("msg-publish-row-fr-BE");
    expect(fr.getAttribute("data-changed")).toBe("false");
    expect(within(fr).queryByTestId("msg-publish-settings-fr-BE")).toBeNull();
  });
});
