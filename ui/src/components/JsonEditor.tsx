import { Input } from "@mantine/core";
import { useComputedColorScheme } from "@mantine/core";
import { json } from "@codemirror/lang-json";
import { linter, lintGutter, type Diagnostic } from "@codemirror/lint";
import CodeMirror from "@uiw/react-codemirror";
import { useMemo } from "react";
import { checkJson } from "../lib/json";

type Props = {
  label: string;
  value: string;
  onChange: (v: string) => void;
  /** Error from the server (detail.fields) for this field. */
  error?: string;
  description?: string;
  allowEmpty?: boolean;
  readOnly?: boolean;
  testId?: string;
  minHeight?: string;
};

/** A JSON field with live syntax checking; the message under it is what blocks saving. */
export function JsonEditor({ label, value, onChange, error, description, allowEmpty, readOnly, testId, minHeight = "120px" }: Props) {
  const scheme = useComputedColorScheme("light");
  const check = checkJson(value, { allowEmpty, requireObject: true });
  const localError = check.ok ? undefined : check.message;
  const extensions = useMemo(
    () => [
      json(),
      lintGutter(),
      linter((view): Diagnostic[] => {
        const text = view.state.doc.toString();
        const r = checkJson(text, { allowEmpty, requireObject: true });
        if (r.ok) return [];
        const from = Math.min(r.offset, text.length);
        return [{ from, to: Math.min(from + 1, text.length), severity: "error", message: r.message }];
      }, { delay: 150 }),
    ],
    [allowEmpty],
  );
  const shown = localError ?? error;
  return (
    <Input.Wrapper label={label} description={description} error={shown} data-testid={testId}>
      <div className={`json-editor${shown ? " invalid" : ""}`} data-valid={check.ok ? "true" : "false"}>
        <CodeMirror
          value={value}
          onChange={onChange}
          extensions={extensions}
          theme={scheme === "dark" ? "dark" : "light"}
          editable={!readOnly}
          readOnly={readOnly}
          minHeight={minHeight}
          maxHeight="320px"
          basicSetup={{ lineNumbers: true, foldGutter: false, highlightActiveLine: !readOnly }}
        />
      </div>
    </Input.Wrapper>
  );
}
