import { Stack, Title } from "@mantine/core";
import { Empty } from "../components/States";
export function MessagesScreen() {
  return (
    <Stack>
      <Title order={3}>Messages</Title>
      <Empty title="Not available yet">This screen is wired up when its backend lands.</Empty>
    </Stack>
  );
}
