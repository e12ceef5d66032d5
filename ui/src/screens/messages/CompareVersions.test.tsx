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
    // Side by side, each side right to left with its own changed word marked inside the line.
    const [old, now] = [screen.getByTestId("msg-compare-ar-SA-a"), screen.getByTestId("msg-compare-ar-SA-b")];
    expect([old, now].map((e) => e.getAttribute("dir"))).toEqual(["rtl", "rtl"]);
    expect([...old.querySelectorAll("del")].map((e) => e.textContent)).toEqual(["مرحبا"]);
    expect(old.querySelectorAll("ins")).toHaveLength(0);
    expect([...now.querySelectorAll("ins")].map((e) => e.textContent)).toEqual(["أهلا"]);
    expect(now.querySelectorAll("del")).toHaveLength(0);
    expect(now.textContent).toBe("أهلا بكم في خدمة العملاء");
    // The same language unchanged: plain text, nothing marked.
    expect(screen.getByTestId("msg-compare-nl-BE-b").querySelectorAll("del, ins")).toHaveLength(0);
    const settings = within(ar).getByTestId("diff-field-TypeSettings");
    expect(settings.textContent).toContain('"rate": 0.9');
    expect(within(screen.getByTestId("msg-compare-nl-BE")).queryByTestId("diff-field-TypeSettings")).toBeNull();
  });

  it("says which version alone has a language, and when every language is the same", () => {
    const partial = { ...detail, versions: [detail.versions[0], { ...detail.versions[1], contents: [detail.versions[1].contents[0]] }] } as unknown as KeyWithVersions;
    render(
      <MantineProvider>
        <CompareVersions store={store} detail={partial} initial={["2", "1"]} />
      </MantineProvider>,
    );
    const ar = screen.getByTestId("msg-compare-ar-SA");
    expect(ar.textContent).toContain("only in version 1");
    // "missing" is the app's word, not Arabic text: not set right to left.
    expect(screen.getByTestId("msg-compare-ar-SA-a").textContent).toBe("missing");
    expect(screen.getByTestId("msg-compare-ar-SA-a").getAttribute("dir")).toBeNull();
    expect(screen.getByTestId("msg-compare-ar-SA-b").getAttribute("dir")).toBe("rtl");
    expect(screen.getByTestId("msg-compare-ar-SA-b").querySelectorAll("del, ins")).toHaveLength(0);
    cleanup();
    render(
      <MantineProvider>
        <CompareVersions store={store} detail={detail} initial={["1", "published"]} />
      </MantineProvider>,
    );
    expect(screen.getByTestId("msg-compare-summary").textContent).toBe("Same content in every language.");
  });
});
