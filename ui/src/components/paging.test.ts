import { act, renderHook } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { usePagedFilters } from "./paging";

describe("usePagedFilters", () => {
  it("goes back to the first page when a filter changes or the filters are cleared", () => {
    const { result } = renderHook(() => usePagedFilters({ text: "", deleted: false }, 0));
    act(() => result.current.paging.setPage(3));
    expect(result.current.paging.page).toBe(3);

    act(() => result.current.form.setFieldValue("text", "MENU"));
    expect(result.current.filters).toEqual({ text: "MENU", deleted: false });
    expect(result.current.paging.page).toBe(1);

    act(() => result.current.paging.setPage(2));
    // What a checkbox bound with getInputProps calls when it is ticked.
    const box = Object.assign(document.createElement("input"), { type: "checkbox", checked: true });
    act(() => result.current.form.getInputProps("deleted", { type: "checkbox" }).onChange({ nativeEvent: new Event("change"), currentTarget: box }));
    expect(result.current.filters.deleted).toBe(true);
    expect(result.current.paging.page).toBe(1);

    act(() => result.current.paging.setPage(2));
    act(() => result.current.clear());
    expect(result.current.filters).toEqual({ text: "", deleted: false });
    expect(result.current.paging.page).toBe(1);
  });
});
