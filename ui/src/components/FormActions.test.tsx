import { MantineProvider } from "@mantine/core";
import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { sameNames } from "../lib/formErrors";
import { FormActions, FormError } from "./FormActions";

const wrap = (ui: React.ReactNode) => render(<MantineProvider>{ui}</MantineProvider>);
const refused = (fields: { field: string; message: string }[]) => ({ code: "VALIDATION", message: "not saved", detail: { fields } });
afterEach(cleanup);

describe("FormError", () => {
  it("shows nothing without an error, or when every field problem is at its input", () => {
    wrap(<FormError error={null} fields={sameNames("name")} />);
    expect(screen.queryByTestId("error-alert")).toBeNull();
    wrap(<FormError error={refused([{ field: "name", message: "is required" }])} fields={sameNames("name")} />);
    expect(screen.queryByTestId("error-alert")).toBeNull();
  });

  it("shows the whole message when a problem has no input here", () => {
    wrap(<FormError error={refused([{ field: "name", message: "bad" }, { field: "other", message: "odd" }])} fields={sameNames("name")} />);
    expect(screen.getByTestId("error-alert").getAttribute("data-code")).toBe("VALIDATION");
  });
});

describe("FormActions", () => {
  it("cancels, and submits the form with its own button", () => {
    const cancel = vi.fn();
    const submit = vi.fn((e: React.FormEvent) => e.preventDefault());
    wrap(
      <form onSubmit={submit}>
        <FormActions onCancel={cancel} testId="save">
          Save
        </FormActions>
      </form>,
    );
    fireEvent.click(screen.getByText("Cancel"));
    expect(cancel).toHaveBeenCalledOnce();
    expect(submit).not.toHaveBeenCalled();
    fireEvent.click(screen.getByTestId("save"));
    expect(submit).toHaveBeenCalledOnce();
  });
});
