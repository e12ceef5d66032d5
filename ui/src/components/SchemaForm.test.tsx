import { MantineProvider } from "@mantine/core";
import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { JsonSchema } from "../lib/schemaForm";
import { SchemaForm } from "./SchemaForm";

const wrap = (ui: React.ReactNode) => render(<MantineProvider>{ui}</MantineProvider>);
afterEach(cleanup);

const schema: JsonSchema = {
  type: "object",
  required: ["messageKey"],
  properties: {
    messageKey: { type: "string", pattern: "^[A-Z][A-Z0-9_]{0,63}$", description: "prompt" },
    timeoutSeconds: { type: "integer", minimum: 1, maximum: 60, default: 5 },
    interruptible: { type: "boolean", default: false },
  },
};

const input = (id: string) => screen.getByTestId(id) as HTMLInputElement;

describe("SchemaForm", () => {
  it("marks required fields and shows defaults", () => {
    wrap(<SchemaForm schema={schema} value={{}} onChange={() => undefined} testId="f" />);
    expect(screen.getByText("messageKey").parentElement?.textContent).toContain("*");
    expect(input("f-timeoutSeconds").placeholder).toBe("5");
    expect(screen.getByText(/default: 5/)).toBeTruthy();
    expect(screen.getByText("required")).toBeTruthy();
  });

  it("checks a pattern as the user types and commits on blur only when asked to", () => {
    const onChange = vi.fn();
    wrap(<SchemaForm schema={schema} value={{ messageKey: "MENU" }} onChange={onChange} commit="blur" testId="f" />);
    fireEvent.change(input("f-messageKey"), { target: { value: "menu" } });
    expect(screen.getByText(/must match the pattern/)).toBeTruthy();
    expect(onChange).not.toHaveBeenCalled();
    fireEvent.change(input("f-messageKey"), { target: { value: "MAIN_MENU" } });
    fireEvent.blur(input("f-messageKey"));
    expect(onChange).toHaveBeenCalledWith({ messageKey: "MAIN_MENU" }, "messageKey");
  });

  it("flags an integer out of its bounds and removes a cleared value", () => {
    const onChange = vi.fn();
    wrap(<SchemaForm schema={schema} value={{ messageKey: "M", timeoutSeconds: 9 }} onChange={onChange} testId="f" />);
    fireEvent.change(input("f-timeoutSeconds"), { target: { value: "61" } });
    expect(screen.getByText("must be at most 60")).toBeTruthy();
    fireEvent.change(input("f-timeoutSeconds"), { target: { value: "" } });
    expect(onChange).toHaveBeenLastCalledWith({ messageKey: "M" }, "timeoutSeconds");
  });

  it("toggles a boolean and lets a custom renderer take a field over", () => {
    const onChange = vi.fn();
    wrap(
      <SchemaForm
        schema={schema}
        value={{ messageKey: "M" }}
        onChange={onChange}
        testId="f"
        renderField={(f, c) => (f.name === "messageKey" ? <span data-testid="custom">{String(c.value)}</span> : undefined)}
      />,
    );
    expect(screen.getByTestId("custom").textContent).toBe("M");
    fireEvent.click(input("f-interruptible"));
    expect(onChange).toHaveBeenCalledWith({ messageKey: "M", interruptible: true }, "interruptible");
  });

  it("is read-only when asked", () => {
    wrap(<SchemaForm schema={schema} value={{ messageKey: "M" }} onChange={() => undefined} readOnly testId="f" />);
    expect(input("f-messageKey").readOnly).toBe(true);
    expect(input("f-interruptible").disabled).toBe(true);
  });
});
