import { Badge, Button, Collapse, Group, ScrollArea, Table, Text, UnstyledButton } from "@mantine/core";
import { IconChevronDown, IconChevronUp } from "@tabler/icons-react";
import { memo, useMemo, useState } from "react";
import type { ApiError } from "../bindings/ApiError";
import type { Finding } from "../bindings/Finding";
import { errorText } from "../lib/remedy";
import type { ValidationReport } from "../bindings/ValidationReport";

/** Rows drawn at first (a large flow can have thousands of findings); "Show more" adds as many again. */
export const FINDINGS_PAGE = 100;

/** The findings while they are being read (the canvas draws the graph first), or why they could not be. */
export type FindingsReading = { error: ApiError | null; retry: () => void };

/**
 * Live validation of the shown flow: errors block publishing, warnings don't. Click one to go
 * there. Memoized (it changes with the validation, not with a drag). While `reading`, the
 * validation is not known yet: "validating…" (or the error, with a retry) instead of "valid".
 */
export const FindingsPanel = memo(function FindingsPanel({ validation, onPick, reading = null }: { validation: ValidationReport; onPick: (f: Finding) => void; reading?: FindingsReading | null }) {
  const [open, setOpen] = useState(true);
  const [limit, setLimit] = useState(FINDINGS_PAGE);
  const all = useMemo(() => [...validation.errors, ...validation.warnings], [validation]);
  const { errors, warnings } = validation;
  return (
    <div className="designer-findings" data-testid="findings">
      <UnstyledButton onClick={() => setOpen((o) => !o)} w="100%" data-testid="findings-toggle">
        <Group gap="xs" px="xs" py={4}>
          {open ? <IconChevronDown size={14} /> : <IconChevronUp size={14} />}
          <Text size="sm" fw={500}>
            Validation
          </Text>
          {reading?.error ? (
            <Badge color="red" variant="light" data-testid="findings-failed">
              not validated
            </Badge>
          ) : reading ? (
            <Badge color="gray" variant="light" data-testid="findings-reading">
              validating…
            </Badge>
          ) : all.length === 0 ? (
            <Badge color="green" variant="light" data-testid="findings-valid">
              valid
            </Badge>
          ) : (
            <>
              {errors.length > 0 && (
                <Badge color="red" variant="light" data-testid="findings-errors">
                  {errors.length} error{errors.length === 1 ? "" : "s"}
                </Badge>
              )}
              {warnings.length > 0 && (
                <Badge color="yellow" variant="light" data-testid="findings-warnings">
                  {warnings.length} warning{warnings.length === 1 ? "" : "s"}
                </Badge>
              )}
              <Text size="xs" c="dimmed">
                {errors.length > 0 ? "errors block publishing" : "warnings don't block publishing"}
              </Text>
            </>
          )}
        </Group>
      </UnstyledButton>
      {reading?.error && (
        <Group gap="xs" px="xs" pb={4}>
          <Text size="xs" c="red">
            {errorText(reading.error)}
          </Text>
          <Button variant="subtle" size="compact-xs" onClick={reading.retry} data-testid="findings-retry">
            Retry
          </Button>
        </Group>
      )}
      <Collapse in={open && all.length > 0}>
        <ScrollArea.Autosize mah={120}>
          <Table verticalSpacing={2} highlightOnHover data-testid="findings-table">
            <Table.Tbody>
              {all.slice(0, limit).map((f, i) => (
                <Table.Tr key={i} onClick={() => onPick(f)} style={{ cursor: f.segment ? "pointer" : undefined }} data-testid="finding-row">
                  <Table.Td w={80}>
                    <Badge size="xs" color={f.severity === "error" ? "red" : "yellow"} variant="light">
                      {f.severity}
                    </Badge>
                  </Table.Td>
                  <Table.Td w={180}>
                    <Text size="xs" ff="monospace">
                      {f.segment ?? ""}
                      {f.key ? `.${f.key}` : ""}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs">{f.message}</Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {all.length > limit && (
            <Button variant="subtle" size="compact-xs" m={4} onClick={() => setLimit((l) => l + FINDINGS_PAGE)} data-testid="findings-more">
              Show {Math.min(FINDINGS_PAGE, all.length - limit)} more ({all.length - limit} not shown)
            </Button>
          )}
        </ScrollArea.Autosize>
      </Collapse>
    </div>
  );
});
