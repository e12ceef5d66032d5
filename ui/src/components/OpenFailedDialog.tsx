import { Button, CopyButton, Group, Modal, Stack, Text, Textarea } from "@mantine/core";
import type { ApiError } from "../bindings/ApiError";
import { errorTitle } from "../lib/errors";
import { errorText } from "../lib/remedy";

/** A failed open, in text that can be selected and copied (not a toast that disappears). */
export function OpenFailedDialog({ name, error, onClose }: { name: string; error: ApiError; onClose: () => void }) {
  const text = `Could not open ${name}: ${errorTitle(error.code)} (${error.code})\n${errorText(error)}`;
  return (
    <Modal opened onClose={onClose} title={`Could not open ${name}`} size="lg" data-testid="open-failed">
      <Stack gap="sm">
        <Text size="sm">The environment that was open stays open. What went wrong (select it, or copy it for a colleague or a ticket):</Text>
        <Textarea readOnly autosize minRows={3} value={text} data-testid="open-failed-text" onFocus={(e) => e.currentTarget.select()} />
        <Group justify="flex-end">
          <CopyButton value={text}>
            {({ copied, copy }) => (
              <Button variant="default" onClick={copy} data-testid="open-failed-copy">
                {copied ? "Copied" : "Copy"}
              </Button>
            )}
          </CopyButton>
          <Button onClick={onClose} data-autofocus>
            Close
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
