/** The server-side pagination props every paged DataTable of the app shares. */
export const PAGE_SIZES = [25, 50, 100];

export type Paging = {
  page: number;
  setPage: (p: number) => void;
  pageSize: number;
  setPageSize: (n: number) => void;
  total: number;
  fetching: boolean;
};

export function pagedTableProps(p: Paging) {
  return {
    withTableBorder: true,
    striped: true,
    highlightOnHover: true,
    minHeight: 180,
    fetching: p.fetching,
    totalRecords: p.total,
    recordsPerPage: p.pageSize,
    page: p.page,
    onPageChange: p.setPage,
    recordsPerPageOptions: PAGE_SIZES,
    onRecordsPerPageChange: (n: number) => {
      p.setPageSize(n);
      // A new page size starts from the first page: the old page may not exist any more.
      p.setPage(1);
    },
  };
}
