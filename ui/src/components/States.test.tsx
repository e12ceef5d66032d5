import { MantineProvider } from "@mantine/core";
import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ErrorAlert } from "./States";

const wrap = (ui: React.ReactNode) => render(<MantineProvider>{ui}</MantineProvider>);
afterEach(cleanup);

describe("ErrorAlert", () => {
  it("words a busy database as 'try again', never as someone else's change, and offers the retry", () => {
    const retry = vi.fn();
    wrap(
      <ErrorAlert
        error={{ code: "BUSY", message: "the local database is busy with another writer; nothing was changed, try again" }}
        onRetry={retry}
      />,
    );
    const alert = screen.getByTestId("error-alert");
    expect(alert.getAttribute("data-code")).toBe("BUSY");
    expect(alert.textContent).toContain("Database busy, try again");
    expect(alert.textContent).not.toMatch(/someone else/i);
    fireEvent.click(screen.getByText("Try again"));
    expect(retry).toHaveBeenCalledOnce();
  });

  it("keeps 'changed by someone else' for a stale edit and 'already exists' for a duplicate", () => {
    wrap(<ErrorAlert error={{ code: "CONFLICT", message: "changed since you read it" }} />);
    expect(screen.getByTestId("error-alert").textContent).toContain("Changed by someone else");
    cleanup();
    wrap(<ErrorAlert error={{ code: "ALREADY_EXISTS", message: "a voice with code `x` already exists" }} />);
    const alert = screen.getByTestId("error-alert");
    expect(alert.textContent).toContain("Already exists");
    expect(alert.textContent).not.toMatch(/someone else/i);
  });

  it("shows the remedy in this app's words under the message", () => {
    wrap(
      <ErrorAlert
        error={{
          code: "MIGRATION_FAILED",
          message: "migration V2__x.sql failed earlier; fix the file, repair the migration history, then deploy again",
          detail: { versions: [2], remedy: { kind: "repairMigration" } },
        }}
      />,
    );
    expect(screen.getByTestId("error-remedy").textContent).toContain("Schema screen");
    cleanup();
    wrap(<ErrorAlert error={{ code: "NOT_FOUND", message: "no flow X" }} />);
    expect(screen.queryByTestId("error-remedy")).toBeNull();
  });
});
