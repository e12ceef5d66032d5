import { useForm } from "@mantine/form";
import { useDebouncedValue } from "@mantine/hooks";
import { useState } from "react";

/** The page sizes a paged list offers. */
export const PAGE_SIZES = [25, 50, 100];

/** Where a server-paged list is: its page (from 1) and page size, and the request's offset/limit. */
export type Paging = {
  page: number;
  pageSize: number;
  offset: number;
  limit: number;
  setPage: (page: number) => void;
  /** A new page size starts from the first page: the old page may not exist any more. */
  setPageSize: (size: number) => void;
  /** Back to the first page (a filter or the sort changed). */
  first: () => void;
};

/** The paging state of one server-paged list. */
export function usePaging(initialSize: number = PAGE_SIZES[0]): Paging {
  const [page, setPage] = useState(1);
  const [pageSize, setSize] = useState(initialSize);
  return {
    page,
    pageSize,
    offset: (page - 1) * pageSize,
    limit: pageSize,
    setPage,
    setPageSize: (size) => {
      setSize(size);
      setPage(1);
    },
    first: () => setPage(1),
  };
}

/**
 * A server-paged list with a filter bar: the filters as a @mantine/form form (inputs bind with
 * `form.getInputProps`), their debounced values for the query, and the list's paging, which goes
 * back to the first page whenever a filter changes (the old page may not exist any more).
 */
export function usePagedFilters<F extends Record<string, unknown>>(none: F, delay = 250) {
  const paging = usePaging();
  const form = useForm<F>({ mode: "controlled", initialValues: none, onValuesChange: () => paging.first() });
  const [debounced] = useDebouncedValue(form.values, delay);
  return { form, filters: form.values, debounced, paging, clear: () => form.reset() };
}
