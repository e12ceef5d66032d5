/**
 * `content::check_ssml` as the editor runs it. The backend reads SSML with quick-xml (a reader that
 * checks end names, comments, attributes and entities, but neither names nor namespaces), so this
 * is that reader's grammar written out, not the host's XML parser: WebKit and jsdom would refuse
 * `<amazon:effect>` (an undeclared prefix) and accept things the backend refuses. Every delimiter
 * is ASCII, so reading UTF-16 units finds what quick-xml finds in UTF-8 bytes. Which problem is
 * named first may differ from the backend; whether one is found may not (check_cases.json).
 */

/** quick-xml's whitespace inside markup: space, tab, CR, LF. */
const isMarkupSpace = (c: string | undefined): boolean => c === " " || c === "\t" || c === "\n" || c === "\r";
/** `u8::is_ascii_whitespace`, what may stand outside `<speak>`: markup whitespace and form feed. */
const ASCII_SPACE = /^[ \t\n\f\r]*$/;
const PREDEFINED = new Set(["amp", "lt", "gt", "quot", "apos"]);

/** Characters before `at` (what the user counts), for "near character N". */
const charsBefore = (s: string, at: number): number => [...s.slice(0, at)].length;

/** `escape::parse_number`: `#` then decimal digits or `x` and hex digits, a Unicode scalar value but not 0. */
function charRefOk(num: string): boolean {
  const hex = num.startsWith("x");
  const digits = hex ? num.slice(1) : num;
  if (!(hex ? /^[0-9a-fA-F]+$/ : /^[0-9]+$/).test(digits)) return false;
  const code = Number.parseInt(digits, hex ? 16 : 10);
  return code !== 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff);
}

/** A reference's name between `&` and `;`: predefined, or a character reference. */
const refOk = (name: string): boolean => PREDEFINED.has(name) || (name.startsWith("#") && charRefOk(name.slice(1)));

/** `escape::unescape`: each `&` must end at a `;` (before any other `&`) and name a known entity. */
function valueProblem(value: string): string | null {
  for (let amp = value.indexOf("&"); amp !== -1; ) {
    let end = amp + 1;
    while (end < value.length && value[end] !== "&" && value[end] !== ";") end++;
    if (value[end] !== ";") return "a & that is not an entity";
    if (!refOk(value.slice(amp + 1, end))) return `the unknown entity &${value.slice(amp + 1, end)};`;
    amp = value.indexOf("&", end + 1);
  }
  return null;
}

/** `Attributes::with_checks(true)` in XML mode: `key="value"` or `key='value'`, each key once. */
function attributesProblem(tag: string, from: number): string | null {
  const keys = new Set<string>();
  let i = from;
  for (;;) {
    while (isMarkupSpace(tag[i])) i++;
    if (i >= tag.length) return null;
    const start = i++;
    while (i < tag.length && tag[i] !== "=" && !isMarkupSpace(tag[i])) i++;
    const key = tag.slice(start, i);
    while (isMarkupSpace(tag[i])) i++;
    if (tag[i] !== "=") return `the attribute ${key} has no ="value"`;
    if (keys.has(key)) return `the attribute ${key} is given twice`;
    keys.add(key);
    i++;
    while (isMarkupSpace(tag[i])) i++;
    const quote = tag[i];
    if (quote !== '"' && quote !== "'") return `the value of ${key} is not in quotes`;
    const end = tag.indexOf(quote, i + 1);
    if (end === -1) return `the value of ${key} has no closing quote`;
    const p = valueProblem(tag.slice(i + 1, end));
    if (p) return `the value of ${key} has ${p} (write & as &amp;)`;
    i = end + 1;
  }
}

/** quick-xml's `ElementParser`: the first `>` outside single or double quotes, from `from`. */
function tagEnd(s: string, from: number): number {
  let quote: string | null = null;
  for (let i = from; i < s.length; i++) {
    const c = s[i];
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === ">") return i;
    else if (c === '"' || c === "'") quote = c;
  }
  return -1;
}

/** The first word of a tag's content (up to markup whitespace): quick-xml's `name_len`. */
function nameOf(tag: string): string {
  let n = 0;
  while (n < tag.length && !isMarkupSpace(tag[n])) n++;
  return tag.slice(0, n);
}

/**
 * `content::check_ssml`: exactly one `<speak>` root (not `<speak/>`), tags closed in order,
 * attributes quoted and once each, only the five predefined entities and character references,
 * comments without `--`, no DOCTYPE, nothing but whitespace outside the root. `null` when fine.
 */
export function ssmlProblem(content: string): string | null {
  const bad = (at: number, what: string) => `the SSML is not well-formed near character ${charsBefore(content, at)}: ${what}`;
  const outside = "SSML has text outside <speak>…</speak>";
  const open: string[] = [];
  let roots = 0;
  // quick-xml drops a byte-order mark at the start.
  let i = content.startsWith("\uFEFF") ? 1 : 0;
  while (i < content.length) {
    let next = i;
    while (next < content.length && content[next] !== "<" && content[next] !== "&") next++;
    if (open.length === 0 && !ASCII_SPACE.test(content.slice(i, next))) return outside;
    if (next >= content.length) break;
    if (content[next] === "&") {
      let end = next + 1;
      while (end < content.length && !"&<;".includes(content[end])) end++;
      if (content[end] !== ";") return bad(next, "a & that starts no entity; write & as &amp;");
      if (open.length === 0) return outside;
      const name = content.slice(next + 1, end);
      if (!refOk(name)) return `SSML uses the unknown entity &${name};: write & as &amp;`;
      i = end + 1;
      continue;
    }
    const at = next + 1;
    const c = content[at];
    if (c === undefined) return bad(next, "a < that opens no tag");
    if (c === "!") {
      const kind = content[at + 1];
      if (kind === "-") {
        // The first `>` after at least `!--` and two more characters, preceded by `--`.
        let end = content.indexOf(">", at + 5);
        while (end !== -1 && !content.slice(at, end).endsWith("--")) end = content.indexOf(">", end + 1);
        if (end === -1) return bad(next, "a comment is not closed with -->");
        const body = content.slice(at, end);
        if (!body.startsWith("!--")) return bad(next, "a comment must start with <!--");
        // `--` inside a comment, or a comment ending `--->`, is refused (check_comments).
        if (body.slice(3, -1).includes("--")) return bad(next, "a comment contains --");
        i = end + 1;
      } else if (kind === "[") {
        let end = content.indexOf(">", at);
        while (end !== -1 && !content.slice(at, end).endsWith("]]")) end = content.indexOf(">", end + 1);
        if (end === -1 || !content.startsWith("![CDATA[", at)) return bad(next, "a CDATA section is not written <![CDATA[…]]>");
        if (open.length === 0) return outside;
        i = end + 1;
      } else if (kind === "D" || kind === "d") {
        return "SSML must not contain a DOCTYPE";
      } else {
        return bad(next, "<! starts no comment or CDATA section");
      }
      continue;
    }
    if (c === "?") {
      let end = content.indexOf(">", at + 1);
      while (end !== -1 && content[end - 1] !== "?") end = content.indexOf(">", end + 1);
      // `<?>` is refused: its `?` opens and cannot also close.
      if (end === -1 || end - at < 2) return bad(next, "a processing instruction is not closed with ?>");
      i = end + 1;
      continue;
    }
    const end = tagEnd(content, at);
    if (end === -1) return bad(next, "a tag is not closed with >");
    const tag = content.slice(at, end);
    i = end + 1;
    if (c === "/") {
      // Spaces after the name are dropped, unless there is nothing else (quick-xml's trim).
      const name = tag.slice(1).replace(/[ \t\r\n]+$/, "") || tag.slice(1);
      const expected = open.pop();
      if (expected === undefined) return bad(next, `</${name}> closes no open tag`);
      if (name !== expected) return bad(next, `<${expected}> is closed by </${name}>`);
      continue;
    }
    const empty = tag.endsWith("/");
    const inner = empty ? tag.slice(0, -1) : tag;
    const name = nameOf(inner);
    if (open.length === 0) {
      roots++;
      if (empty || name !== "speak" || roots > 1) return `SSML must have exactly one root element <speak>; found <${name}${empty ? "/" : ""}> at the top level`;
    }
    const attr = attributesProblem(inner, name.length);
    if (attr) return name === "" ? bad(next, "a < that starts no tag; write < as &lt;") : `the SSML tag <${name}> is malformed: ${attr}`;
    if (!empty) open.push(name);
  }
  if (open.length > 0) return `the SSML ends before <${open[open.length - 1]}> is closed`;
  if (roots === 0) return "SSML must have a <speak> root element";
  return null;
}
