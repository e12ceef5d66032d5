import { Anchor, Autocomplete, Badge, Group, Stack, Text } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { commands } from "../bindings/commands";
import { qk } from "../lib/queryKeys";
import type { FieldControl } from "../components/SchemaForm";
import { keyProblem } from "../lib/messageChecks";
import { checkValue, problemText, showDefault, type FieldSpec } from "../lib/schemaForm";

/** The message store of the flow's routing entries (where its message keys are looked up). */
export type MessageContext = {
  storeId: number | null;
  /** Opens the key on the Messages screen. */
  open?: (storeId: number, key: string) => void;
};

/**
 * A message-key field: suggestions from the store's keys, the published text in every language
 * under it, and a flag when the key does not exist or has no published version.
 */
export function MessageKeyField({ field: f, control, messages }: { field: FieldSpec; control: FieldControl; messages: MessageContext }) {
  const outside = typeof control.value === "string" ? control.value : "";
  const [text, setText] = useState(outside);
  useEffect(() => setText(outside), [outside]);
  const [typed] = useDebouncedValue(text, 200);
  const { storeId } = messages;
  const suggestions = useQuery({
    queryKey: qk.messages.suggest(storeId, typed),
    queryFn: () =>
      commands.messagesKeyList({
        storeId: storeId!,
        filter: { text: typed.trim() || null, category: null, messageType: null, missingLanguage: false, newerThanPublished: false, includeDeleted: false, offset: 0, limit: 20 },
      }),
    enabled: storeId !== null && !control.readOnly,
  });
  // A name that is not a message key cannot exist: it is not looked up.
  const wellFormed = outside !== "" && keyProblem(outside) === null;
  const key = useQuery({
    queryKey: qk.messages.texts(storeId, outside),
    queryFn: () => commands.messagesKeyTexts({ storeId: storeId!, keys: [outside] }),
    enabled: storeId !== null && wellFormed,
    retry: false,
  });
  const state = key.data?.keys[0]?.state;
  const save = (v: string) => {
    if (v !== outside) control.onChange(v === "" ? undefined : v);
  };
  const live = text === "" ? undefined : problemText(checkValue(f.schema, text));
  const missing = storeId !== null && outside !== "" && (!wellFormed || state?.kind === "unknown");
  const texts = state?.kind === "published" ? state.contents : [];
  return (
    <Stack gap={2} data-testid={control.testId}>
      <Autocomplete
        label={f.label}
        description={f.description}
        required={f.required}
        readOnly={control.readOnly}
        placeholder={f.default !== undefined ? showDefault(f.default) : undefined}
        value={text}
        data={(suggestions.data?.items ?? []).map((k) => k.key)}
        onChange={setText}
        onOptionSubmit={(v) => {
          setText(v);
          save(v);
        }}
        onBlur={() => save(text)}
        onKeyDown={(e) => e.key === "Enter" && save(text)}
        error={live ?? (text === outside ? control.error : undefined)}
        comboboxProps={{ withinPortal: true }}
        data-testid={`${control.testId}-input`}
      />
      {outside !== "" && storeId === null && (
        <Text size="xs" c="dimmed">
          No routing entry of this flow names a message store: the key cannot be checked.
        </Text>
      )}
      {missing && (
        <Badge color="red" variant="light" data-testid="message-missing">
          {outside} does not exist in the flow's message store
        </Badge>
      )}
      {state?.kind === "unpublished" && (
        <Badge color="orange" variant="light" data-testid="message-unpublished">
          {outside} has no published version: callers hear nothing
        </Badge>
      )}
      {texts.length > 0 && (
        <Stack gap={0} data-testid="message-texts">
          {texts.map((t) => (
            <Text key={t.language} size="xs">
              <Text span c="dimmed" size="xs">
                {t.language}
              </Text>{" "}
              {t.content}
            </Text>
          ))}
        </Stack>
      )}
      {storeId !== null && outside !== "" && !missing && messages.open && (
        <Group>
          <Anchor size="xs" onClick={() => messages.open?.(storeId, outside)} data-testid="message-open">
            Open {outside} in Messages
          </Anchor>
        </Group>
      )}
    </Stack>
  );
}
