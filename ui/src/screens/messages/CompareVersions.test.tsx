import { MantineProvider } from "@mantine/core";
import { cleanup, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import type { KeyWithVersions } from "../../bindings/KeyWithVersions";
import type { StoreRow } from "../../bindings/StoreRow";
import { CompareVersions } from "./CompareVersions";

afterEach(cleanup);

const store = { id: 1, name: "Main", allowedLanguages: ["nl-BE", "ar-SA"], defaultLanguage: "nl-BE", voices: [] } as unknown as StoreRow;
const version = (n: number, nl: string, ar: string, arSettings: string | null = null) => ({
  id: `v${n}`,
  keyId: 1,
  version: n,
  name: null,
  createdAt: "2026-01-01T00:00:00Z",
  createdBy: "Ada",
  contents: [
    { language: "nl-BE", content: nl },
    { language: "ar-SA", content: ar, typeSettings: arSettings },
  ],
});
const detail = {
  key: "WELCOME",
  publishedVersion: 1,
  versions: [version(1, "Welkom bij ons", "مرحبا بكم في خدمة العملاء"), version(2, "Welkom bij ons", "أهلا بكم في خدمة العملاء", '{"rate":0.9}')],
} as unknown as KeyWithVersions;

describe("CompareVersions", () => {
  it("shows an Arabic change right to left with the changed word marked, and its settings", () => {
    render(
      <MantineProvider>
        <CompareVersions store={store} detail={detail} initial={["published", "2"]} />
      </MantineProvider>,
    );
    expect(screen.getByTestId("msg-compare-summary").textContent).toBe("Different in ar-SA.");
    expect(screen.getByTestId("msg-compare-nl-BE").getAttribute("data-changed")).toBe("false");
    const ar = screen.getByTestId("msg-compare-ar-SA");
    expect(ar.getAttribute("data-changed")).toBe("true");
    const text = within(ar).getByTestId("diff-field-ar-SA");
    const lines = text.querySelectorAll(".diff-line");
    expect([...lines].map((l) => l.getAttribute("dir"))).toEqual(["rtl", "rtl"]);
    expect([...text.querySelectorAll("del")].map((e) => e.textContent)).toEqual(["مرحبا"]);
    expect([...text.querySelectorAll("ins")].map((e) => e.textContent)).toEqual(["أهلا"]);
    expect(lines[1].textContent).toBe("+ أهلا بكم في خدمة العملاء");
    const settings = within(ar).getByTestId("diff-field-TypeSettings");
    expect(settings.textContent).toContain('"rate": 0.9');
  });
});
