import { MantineProvider } from "@mantine/core";
import { act, cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import type { PlanItem } from "../../bindings/PlanItem";
import type { TextChange } from "../../bindings/TextChange";
import { ChangeTable } from "./Exchange";

afterEach(cleanup);

const change = (language: string, before: string | null, after: string): TextChange => ({ language, before, after });
const created = (key: string, line: number): PlanItem => ({
  line,
  key,
  action: "create_key",
  versions: [1],
  publish: null,
  changes: [change("nl-BE", null, `Tekst ${line}`), change("ar-SA", null, `نص ${line}`)],
});

function show(items: PlanItem[]) {
  const unchanged = items.filter((i) => i.action === "unchanged").length;
  render(
    <MantineProvider>
      <ChangeTable plan={{ items, unchanged }} />
    </MantineProvider>,
  );
}

const keys = () => [...document.querySelectorAll("[data-testid=msg-import-item]")].map((r) => r.getAttribute("data-key"));
/** Per changed language of the listed items: key, language, kind, the old text, the new one and its direction. */
const changes = () =>
  [...document.querySelectorAll("[data-testid=msg-import-change]")].map((c) => [
    c.closest("[data-testid=msg-import-item]")?.getAttribute("data-key"),
    c.getAttribute("data-language"),
    c.getAttribute("data-kind"),
    c.querySelector("[data-testid=msg-import-before]")?.textContent ?? null,
    c.querySelector("[data-testid=msg-import-after]")?.textContent,
    c.querySelector("[data-testid=msg-import-after]")?.getAttribute("dir"),
  ]);

describe("ChangeTable", () => {
  it("shows per key the languages that change, old and new text, in each language's direction", () => {
    show([
      { line: 2, key: "WELCOME", action: "new_version", versions: [3], publish: null, changes: [change("ar-SA", "مرحبا", "أهلا وسهلا"), change("nl-BE", "Welkom", "Welkom")] },
      { line: 3, key: "SAME", action: "unchanged", versions: [], publish: null, changes: [] },
      { ...created("NEW_KEY", 4), publish: 1 },
    ]);
    expect(keys()).toEqual(["WELCOME", "NEW_KEY"]);
    expect(changes()).toEqual([
      ["WELCOME", "ar-SA", "text", "مرحبا", "أهلا وسهلا", "rtl"],
      ["WELCOME", "nl-BE", "settings", null, "Welkom", "ltr"],
      ["NEW_KEY", "nl-BE", "new", null, "Tekst 4", "ltr"],
      ["NEW_KEY", "ar-SA", "new", null, "نص 4", "rtl"],
    ]);
    expect(screen.getByText("new version v3")).toBeTruthy();
    expect(screen.getByText("new key v1 (v1 published)")).toBeTruthy();
    expect(screen.getByText("same text; its settings change")).toBeTruthy();
    expect(screen.getAllByText("new")).toHaveLength(2);
  });

  it("lists the unchanged keys on request, saying nothing changes", async () => {
    show([created("A", 2), { line: 3, key: "SAME", action: "unchanged", versions: [], publish: null, changes: [] }]);
    expect(keys()).toEqual(["A"]);
    await act(async () => fireEvent.click(screen.getByLabelText("Also list the 1 unchanged key(s)")));
    expect(keys()).toEqual(["A", "SAME"]);
    expect(screen.getByText(/^no change/)).toBeTruthy();
  });

  // Rendering two pages of Mantine tables in jsdom takes seconds on a loaded machine: the limit
  // is the harness's, nothing here is timed.
  it("draws a file of thousands of keys a page at a time", { timeout: 60_000 }, async () => {
    show(Array.from({ length: 3000 }, (_, i) => created(`BULK_${String(i).padStart(5, "0")}`, i + 2)));
    const table = screen.getByTestId("msg-import-changes");
    expect(table.getAttribute("data-pages")).toBe("60");
    expect(keys()).toHaveLength(50);
    expect(document.querySelectorAll("[data-testid=msg-import-change]")).toHaveLength(100);
    await act(async () => fireEvent.click(screen.getByRole("button", { name: "60" })));
    expect(table.getAttribute("data-page")).toBe("60");
    expect(keys().at(-1)).toBe("BULK_02999");
    expect(keys()).toHaveLength(50);
  });
});
