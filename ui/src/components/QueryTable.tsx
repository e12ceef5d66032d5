import { Table } from "@mantine/core";
import type { UseQueryResult } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { Loaded } from "./Loaded";
import { TableHead } from "./TableHead";

/**
 * A list query as a table: its loading, error and empty states (see `Loaded`), then the header
 * and one row (a `Table.Tr` with its key) per item. Lists the backend pages use `PagedTable`.
 */
export function QueryTable<T>({ q, empty, testId, cols, row }: { q: UseQueryResult<T[]>; empty: ReactNode; testId: string; cols: string[]; row: (item: T) => ReactNode }) {
  return (
    <Loaded q={q} isEmpty={(d) => d.length === 0} empty={empty}>
      {(list) => (
        <Table striped withTableBorder data-testid={testId}>
          <TableHead cols={cols} />
          <Table.Tbody>{list.map((item) => row(item))}</Table.Tbody>
        </Table>
      )}
    </Loaded>
  );
}
