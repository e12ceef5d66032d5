import { json } from "@codemirror/lang-json";
import { linter, lintGutter, type Diagnostic } from "@codemirror/lint";
import { useMemo } from "react";
import { checkJson } from "../lib/json";
import { checkValue, problemText, type JsonSchema } from "../lib/schemaForm";
import { CodeField, type CodeFieldProps } from "./CodeField";

type Props = CodeFieldProps & {
  label: string;
  /** Error from the server (detail.fields) for this field. */
  error?: string;
  allowEmpty?: boolean;
  /** The value must be a JSON object (default); false accepts any JSON value. */
  requireObject?: boolean;
  /** Checked live once the text parses; its problems block saving like a syntax error. */
  schema?: JsonSchema;
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
export function JsonEditor({ error, allowEmpty, requireObject = true, schema, minHeight = "120px", ...field }: Props) {
  const local = problems(field.value, { allowEmpty, requireObject, schema });
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
    <CodeField
      {...field}
      error={shown}
      extensions={extensions}
      minHeight={minHeight}
      basicSetup={{ lineNumbers: true, foldGutter: false, highlightActiveLine: !field.readOnly }}
      boxProps={{ "data-valid": local ? "false" : "true" }}
    />
  );
}
