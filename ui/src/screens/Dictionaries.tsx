import { Stack, Text, Title } from "@mantine/core";
import { Empty } from "../components/States";

export function DictionariesScreen({ readOnly }: { readOnly: boolean }) {
  return (
    <Stack>
      <Title order={3}>Dictionaries</Title>
      {readOnly && <Text c="dimmed">read-only</Text>}
      <Empty title="Not available yet">This screen is wired up when its backend lands.</Empty>
    </Stack>
  );
}
