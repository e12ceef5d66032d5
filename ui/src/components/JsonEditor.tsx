import { Input } from "@mantine/core";
import { useComputedColorScheme } from "@mantine/core";
import { json } from "@codemirror/lang-json";
import { linter, lintGutter, type Diagnostic } from "@codemirror/lint";
import CodeMirror from "@uiw/react-codemirror";
import { useMemo } from "react";
import { checkJson } from "../lib/json";
import { checkValue, problemText, type JsonSchema } from "../lib/schemaForm";

type Props = {
  label: string;
  value: string;
  onChange: (v: string) => void;
  /** Called when the editor loses focus (forms that save when a field is left). */
  onBlur?: () => void;
  /** Error from the server (detail.fields) for this field. */
  error?: string;
  description?: string;
  allowEmpty?: boolean;
  /** The value must be a JSON object (default); false accepts any JSON value. */
  requireObject?: boolean;
  /** Checked live once the text parses; its problems block saving like a syntax error. */
  schema?: JsonSchema;
  required?: boolean;
  readOnly?: boolean;
  testId?: string;
  minHeight?: string;
};

/** What is wrong with the text: syntax first, then the schema. */
function problems(text: string, opts: { allowEmpty?: boolean; requireObject: boolean; schema?: JsonSchema }) {
  const r = checkJson(text, opts);
  if (!r.ok) return { message: r.message, offset: r.offset };
  if (opts.schema && !(opts.allowEmpty && text.trim() === "")) {
    const message = problemText(checkValue(opts.schema, r.value));
    if (message) return { message, offset: 0 };
  }
  return null;
}

/** A JSON field with live syntax (and schema) checking; the message under it is what blocks saving. */
export function JsonEditor({ label, value, onChange, onBlur, error, description, allowEmpty, requireObject = true, schema, required, readOnly, testId, minHeight = "120px" }: Props) {
  const scheme = useComputedColorScheme("light");
  const local = problems(value, { allowEmpty, requireObject, schema });
  const extensions = useMemo(
    () => [
      json(),
      lintGutter(),
      linter((view): Diagnostic[] => {
        const text = view.state.doc.toString();
        const p = problems(text, { allowEmpty, requireObject, schema });
        if (!p) return [];
        const from = Math.min(p.offset, text.length);
        return [{ from, to: Math.min(from + 1, text.length), severity: "error", message: p.message }];
      }, { delay: 150 }),
    ],
    [allowEmpty, requireObject, schema],
  );
  const shown = local?.message ?? error;
  return (
    <Input.Wrapper label={label} description={description} error={shown} required={required} data-testid={testId}>
      <div className={`json-editor${shown ? " invalid" : ""}`} data-valid={local ? "false" : "true"}>
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
          basicSetup={{ lineNumbers: true, foldGutter: false, highlightActiveLine: !readOnly }}
        />
      </div>
    </Input.Wrapper>
  );
}
