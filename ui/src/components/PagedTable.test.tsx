import { MantineProvider } from "@mantine/core";
import { QueryClient, QueryClientProvider, keepPreviousData, useQuery } from "@tanstack/react-query";
import { act, cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { PagedTable } from "./PagedTable";
import { usePaging } from "./paging";

type Row = { id: number; name: string };
const ROWS: Row[] = Array.from({ length: 60 }, (_, i) => ({ id: i + 1, name: `row ${i + 1}` }));

afterEach(cleanup);

/** A list paged by a "server" that answers from ROWS (or refuses, while `fail.now`). */
function List({ fail, seen }: { fail: { now: boolean }; seen: { offset: number; limit: number }[] }) {
  const paging = usePaging(25);
  const q = useQuery({
    queryKey: ["rows", paging.offset, paging.limit],
    queryFn: async () => {
      seen.push({ offset: paging.offset, limit: paging.limit });
      if (fail.now) throw { code: "BUSY", message: "the database is busy" };
      return { items: ROWS.slice(paging.offset, paging.offset + paging.limit), total: ROWS.length };
    },
    placeholderData: keepPreviousData,
    retry: false,
  });
  return <PagedTable testId="rows" query={q} paging={paging} idAccessor="id" noRecordsText="none" columns={[{ accessor: "name" }]} rowAttributes={(r) => ({ "data-row": r.id })} />;
}

function mount(fail = { now: false }) {
  const seen: { offset: number; limit: number }[] = [];
  const qc = new QueryClient();
  render(
    <MantineProvider>
      <QueryClientProvider client={qc}>
        <List fail={fail} seen={seen} />
      </QueryClientProvider>
    </MantineProvider>,
  );
  return seen;
}

const rowIds = () => [...document.querySelectorAll("[data-row]")].map((r) => Number(r.getAttribute("data-row")));

describe("PagedTable", () => {
  it("asks the server for the page shown and shows its rows and total", async () => {
    const seen = mount();
    await waitFor(() => expect(rowIds()).toHaveLength(25));
    expect(rowIds()[0]).toBe(1);
    expect(document.querySelector(".mantine-datatable-pagination-text")?.textContent).toMatch(/1\D+25\D+60/);
    await act(async () => fireEvent.click(screen.getByRole("button", { name: "3" })));
    await waitFor(() => expect(rowIds()[0]).toBe(51));
    expect(rowIds()).toHaveLength(10);
    expect(seen.at(-1)).toEqual({ offset: 50, limit: 25 });
  });

  it("shows the server's refusal with Try again above the table", async () => {
    const fail = { now: true };
    const seen = mount(fail);
    const alert = await screen.findByTestId("error-alert");
    expect(alert.getAttribute("data-code")).toBe("BUSY");
    fail.now = false;
    await act(async () => fireEvent.click(screen.getByText("Try again")));
    await waitFor(() => expect(rowIds()).toHaveLength(25));
    expect(screen.queryByTestId("error-alert")).toBeNull();
    expect(seen).toHaveLength(2);
  });
});
