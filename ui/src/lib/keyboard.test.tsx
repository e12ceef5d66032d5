import { fireEvent, render, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { rowKeys } from "./keyboard";

function Rows({ open }: { open: (n: number) => void }) {
  return (
    <table>
      <tbody>
        {[1, 2, 3].map((n) => (
          <tr key={n} data-testid={`r${n}`} {...rowKeys(n, open)}>
            <td>
              row {n} <button>act</button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

describe("rowKeys", () => {
  it("moves focus with the arrow keys and opens with Enter", () => {
    const open = vi.fn();
    render(<Rows open={open} />);
    const r1 = screen.getByTestId("r1");
    r1.focus();
    fireEvent.keyDown(r1, { key: "ArrowDown" });
    expect(document.activeElement).toBe(screen.getByTestId("r2"));
    fireEvent.keyDown(screen.getByTestId("r2"), { key: "ArrowDown" });
    fireEvent.keyDown(screen.getByTestId("r3"), { key: "ArrowDown" }); // stays on the last row
    expect(document.activeElement).toBe(screen.getByTestId("r3"));
    fireEvent.keyDown(screen.getByTestId("r3"), { key: "ArrowUp" });
    fireEvent.keyDown(screen.getByTestId("r2"), { key: "Enter" });
    expect(open).toHaveBeenCalledWith(2);
  });

  it("leaves keys typed inside a row's own controls alone", () => {
    const open = vi.fn();
    render(<Rows open={open} />);
    fireEvent.keyDown(screen.getAllByText("act")[0], { key: "Enter" });
    expect(open).not.toHaveBeenCalled();
  });
});
