import { Table } from "@mantine/core";

/** A table's header row from its column titles. */
export function TableHead({ cols }: { cols: string[] }) {
  return (
    <Table.Thead>
      <Table.Tr>
        {cols.map((c) => (
          <Table.Th key={c}>{c}</Table.Th>
        ))}
      </Table.Tr>
    </Table.Thead>
  );
}
