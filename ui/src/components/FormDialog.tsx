import { Modal, Text, type ModalProps } from "@mantine/core";
import { getHotkeyHandler } from "@mantine/hooks";
import { modals } from "@mantine/modals";
import type { KeyboardEvent, ReactNode } from "react";

type Props = Omit<ModalProps, "onClose" | "opened"> & {
  opened?: boolean;
  /** Closes the dialog (after the user agreed to drop changes, when there are any). */
  onClose: () => void;
  /** The form holds input that closing would lose: closing asks first. */
  dirty: boolean;
  /** Ctrl+S (⌘S) from anywhere in the dialog, inside inputs and the JSON editor too. */
  onSave?: () => void;
  children: ReactNode;
};

/**
 * A dialog holding a form, so nothing typed is lost by accident:
 * - Esc closes only the innermost thing: an open dropdown or autocomplete list, or the JSON
 *   editor's own popups, take it first; only an Esc nobody used closes the dialog;
 * - closing a dialog with changes (Esc, the × button, a click outside) asks first;
 * - Ctrl+S saves from any field;
 * - the first field takes the focus (mark it `data-autofocus`).
 */
export function FormDialog({ opened = true, onClose, dirty, onSave, children, ...rest }: Props) {
  const requestClose = () => {
    if (!dirty) {
      onClose();
      return;
    }
    modals.openConfirmModal({
      title: "Discard your changes?",
      children: <Text size="sm">What you typed in this dialog has not been saved. Closing it loses it.</Text>,
      labels: { confirm: "Discard changes", cancel: "Keep editing" },
      confirmProps: { color: "red", "data-testid": "discard-changes" } as Record<string, string>,
      cancelProps: { "data-testid": "keep-editing" } as Record<string, string>,
      onConfirm: onClose,
    });
  };
  const saveKeys = getHotkeyHandler(onSave ? [["mod+S", () => onSave()]] : []);
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    saveKeys(e);
    if (e.key !== "Escape" || e.defaultPrevented || e.nativeEvent.isComposing) return;
    // A Mantine dropdown that is open marks its input; CodeMirror handles (and prevents) the Esc
    // that closes its own popups. Either way the Esc was for the inner thing.
    const target = e.target as HTMLElement | null;
    if (target?.getAttribute("data-mantine-stop-propagation") === "true") return;
    e.stopPropagation();
    requestClose();
  };
  return (
    <Modal opened={opened} onClose={requestClose} closeOnEscape={false} {...rest}>
      <div onKeyDown={onKeyDown}>{children}</div>
    </Modal>
  );
}
