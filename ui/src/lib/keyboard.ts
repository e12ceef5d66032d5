import type { KeyboardEvent } from "react";

/**
 * Keyboard for table rows: each row is focusable, ArrowDown/ArrowUp move the focus to the next or
 * previous row, Enter opens the row. Spread the result into a row's attributes
 * (`customRowAttributes` of mantine-datatable, or a `<tr>`).
 */
export function rowKeys<T>(record: T, open: (record: T) => void) {
  return {
    tabIndex: 0,
    "data-row-nav": "true",
    onKeyDown: (e: KeyboardEvent<HTMLElement>) => {
      if (e.target !== e.currentTarget) return; // a key inside a button or input of the row is its own
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        e.preventDefault();
        const next = sibling(e.currentTarget, e.key === "ArrowDown" ? 1 : -1);
        next?.focus();
      } else if (e.key === "Enter") {
        e.preventDefault();
        open(record);
      }
    },
  };
}

function sibling(row: HTMLElement, step: 1 | -1): HTMLElement | null {
  let el: Element | null = row;
  do {
    el = step === 1 ? el.nextElementSibling : el.previousElementSibling;
  } while (el && !(el instanceof HTMLElement && el.dataset.rowNav === "true"));
  return el as HTMLElement | null;
}

/** Digits 1…n with the platform modifier (Ctrl, ⌘ on macOS), as the screen switcher's hotkeys. */
export function screenHotkey(index: number): string {
  return `mod+${index + 1}`;
}
