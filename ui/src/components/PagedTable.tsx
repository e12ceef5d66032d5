import type { MantineSize, MantineStyleProp } from "@mantine/core";
import type { UseQueryResult } from "@tanstack/react-query";
import { DataTable, type DataTableColumn, type DataTableProps, type DataTableRowClickHandler, type DataTableSortStatus } from "mantine-datatable";
import { PAGE_SIZES, type Paging } from "./paging";
import type { Page } from "../bindings/Page";
import { ErrorAlert } from "./States";

type Props<T> = {
  /** The page's query (keep the previous page while the next loads: `placeholderData: keepPreviousData`). */
  query: UseQueryResult<Pick<Page<T>, "items" | "total">>;
  paging: Paging;
  columns: DataTableColumn<T>[];
  idAccessor: keyof T & string;
  noRecordsText: string;
  testId: string;
  /** The sizes offered; `null`: the page size is fixed (no choice shown). */
  pageSizes?: number[] | null;
  /** False when the screen shows the query's error itself (e.g. at the filter it is about). */
  showError?: boolean;
  onRowClick?: DataTableRowClickHandler<T>;
  rowAttributes?: (record: T) => Record<string, unknown>;
  rowStyle?: (record: T) => MantineStyleProp | undefined;
  sort?: { status: DataTableSortStatus<T>; onChange: (s: DataTableSortStatus<T>) => void };
  height?: string | number;
  minHeight?: number;
  verticalSpacing?: MantineSize | number;
  fz?: MantineSize;
  pinLastColumn?: boolean;
};

/**
 * A server-paged list: the pager (page, page size, total), a loading overlay while a page is
 * read (the previous rows stay under it), the empty text, and the query's error with "Try again"
 * above the rows. Every list the backend pages is shown with it.
 */
export function PagedTable<T>({ query, paging, pageSizes = PAGE_SIZES, showError = true, testId, rowAttributes, sort, ...rest }: Props<T>) {
  const table = {
    ...rest,
    withTableBorder: true,
    striped: true,
    highlightOnHover: true,
    minHeight: rest.minHeight ?? 180,
    "data-testid": testId,
    fetching: query.isFetching,
    records: query.data?.items ?? [],
    totalRecords: query.data?.total ?? 0,
    page: paging.page,
    onPageChange: paging.setPage,
    recordsPerPage: paging.pageSize,
    ...(pageSizes ? { recordsPerPageOptions: pageSizes, onRecordsPerPageChange: paging.setPageSize } : {}),
    ...(sort ? { sortStatus: sort.status, onSortStatusChange: sort.onChange } : {}),
    ...(rowAttributes ? { customRowAttributes: rowAttributes } : {}),
  } as DataTableProps<T>;
  return (
    <>
      {showError && query.isError && <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />}
      <DataTable {...table} />
    </>
  );
}
