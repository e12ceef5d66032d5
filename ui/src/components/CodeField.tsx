import { Input, useComputedColorScheme } from "@mantine/core";
import CodeMirror, { type BasicSetupOptions, type Extension } from "@uiw/react-codemirror";
import type { ReactNode } from "react";

export type CodeFieldProps = {
  label: ReactNode;
  value: string;
  onChange: (v: string) => void;
  /** Called when the editor loses focus (forms that save when a field is left). */
  onBlur?: () => void;
  /** The message under the field (it also marks the editor's border). */
  error?: ReactNode;
  description?: ReactNode;
  required?: boolean;
  readOnly?: boolean;
  testId?: string;
};

type Props = CodeFieldProps & {
  extensions: Extension[];
  minHeight: string;
  basicSetup: BasicSetupOptions;
  /** More attributes of the field's wrapper (e.g. `dir`, `data-*`). */
  wrapperProps?: Record<string, string>;
  /** More attributes of the box around the editor. */
  boxProps?: Record<string, string>;
};

/** A CodeMirror editor as a Mantine form field: label, description and error, the app's colour scheme. */
export function CodeField({ label, value, onChange, onBlur, error, testId, description, required, readOnly, extensions, minHeight, basicSetup, wrapperProps, boxProps }: Props) {
  const scheme = useComputedColorScheme("light");
  return (
    <Input.Wrapper label={label} description={description} error={error} required={required} data-testid={testId} {...wrapperProps}>
      <div className={`json-editor${error ? " invalid" : ""}`} {...boxProps}>
        <CodeMirror
          value={value}
          onChange={onChange}
          onBlur={onBlur}
          extensions={extensions}
          theme={scheme === "dark" ? "dark" : "light"}
          editable={!readOnly}
          readOnly={readOnly}
          minHeight={minHeight}
          maxHeight="320px"
          basicSetup={basicSetup}
        />
      </div>
    </Input.Wrapper>
  );
}
