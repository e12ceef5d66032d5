import { xml } from "@codemirror/lang-xml";
import { Decoration, EditorView, MatchDecorator, ViewPlugin, placeholder as placeholderText, type DecorationSet, type ViewUpdate } from "@codemirror/view";
import { useMemo } from "react";
import { CodeField, type CodeFieldProps } from "../../components/CodeField";
import { isSsml } from "../../lib/messageChecks";

/** `{name}` placeholders (the rule of `messageChecks.placeholders`) marked so they stand out. */
const placeholderMatcher = new MatchDecorator({ regexp: /\{[A-Za-z_][A-Za-z0-9_]*\}/g, decoration: Decoration.mark({ class: "cm-message-placeholder" }) });
const placeholderMarks = ViewPlugin.fromClass(
  class {
    marks: DecorationSet;
    constructor(view: EditorView) {
      this.marks = placeholderMatcher.createDeco(view);
    }
    update(u: ViewUpdate) {
      this.marks = placeholderMatcher.updateDeco(u, this.marks);
    }
  },
  { decorations: (p) => p.marks },
);

type Props = CodeFieldProps & {
  language: string;
  dir: "ltr" | "rtl";
  placeholder: string;
  testId: string;
};

/**
 * A message text in CodeMirror: SSML highlighted as XML once the text starts with `<speak>`,
 * placeholders marked, the language's writing direction. Its checks are the form's (the error
 * under it), the same rules as the backend.
 */
export function TextEditor({ language, dir, placeholder, ...field }: Props) {
  const ssml = isSsml(field.value);
  const extensions = useMemo(
    () => [
      // Tags are not closed for the user: what is typed is what is checked and saved.
      ...(ssml ? [xml({ autoCloseTags: false })] : []),
      placeholderMarks,
      placeholderText(placeholder),
      EditorView.lineWrapping,
      EditorView.contentAttributes.of({ dir, lang: language }),
    ],
    [ssml, placeholder, dir, language],
  );
  return (
    <CodeField
      {...field}
      extensions={extensions}
      minHeight="72px"
      basicSetup={{ lineNumbers: false, foldGutter: false, highlightActiveLine: false, autocompletion: false, closeBrackets: false }}
      wrapperProps={{ dir, "data-ssml": ssml ? "true" : "false" }}
    />
  );
}
