/**
 * The message store's rules as the editor checks them while a person types. They are the
 * backend's rules (`ivr_domain::message` and `message::content`), written again only so problems
 * show before saving: the backend still enforces every one of them, and its field errors are shown
 * on the same fields. `messageChecks.test.ts` runs the cases the backend's unit tests run (check_cases.json).
 */

import type { LanguageContent } from "../bindings/LanguageContent";
import { ssmlProblem } from "./ssml";

export { ssmlProblem };

/** Versions per key (`ivr_domain::message::MAX_VERSIONS`). */
export const MAX_VERSIONS = 10;
/** `msg_MessageKey.MessageKey VARCHAR(64)`. */
export const MAX_KEY_LEN = 64;
/** Display names and version names: NVARCHAR(200). */
export const MAX_NAME_LEN = 200;

/** Characters as the backend counts them (Unicode scalar values, not UTF-16 units). */
export function charCount(s: string): number {
  return [...s].length;
}

function shorten(s: string): string {
  const chars = [...s];
  return chars.length <= 80 ? s : `${chars.slice(0, 77).join("")}...`;
}

/** `ids::upper_snake_problem`: A–Z first, then A–Z, 0–9 and single `_` between words. */
export function upperSnakeProblem(key: string): string | null {
  if (key === "") return "is required (UPPER_SNAKE_CASE, e.g. WELCOME_MESSAGE)";
  if (!/^[A-Z]/.test(key)) return `\`${key}\` must start with an uppercase letter A–Z`;
  const bad = [...key].find((c) => !/^[A-Z0-9_]$/.test(c));
  if (bad !== undefined) return `\`${key}\` may only contain A–Z, 0–9 and \`_\` (found \`${bad}\`); write it UPPER_SNAKE_CASE`;
  if (key.includes("__") || key.endsWith("_")) return `\`${key}\`: underscores separate words; no double or trailing underscore`;
  return null;
}

/** `message::check_message_key`: required, at most 64 characters, UPPER_SNAKE_CASE. */
export function keyProblem(key: string): string | null {
  if (key === "") return "a message key is required";
  const len = charCount(key);
  if (len > MAX_KEY_LEN) return `'${shorten(key)}' has ${len} characters; a message key has at most ${MAX_KEY_LEN}`;
  const p = upperSnakeProblem(key);
  return p === null ? null : `a message key is UPPER_SNAKE_CASE (e.g. WELCOME_MAIN): ${p}`;
}

/** `message::check_name` for an optional name. */
export function nameProblem(value: string, required = false): string | null {
  if (required && rustTrim(value) === "") return "is required";
  if (charCount(value) > MAX_NAME_LEN) return `has more than ${MAX_NAME_LEN} characters`;
  return null;
}

export type ContentKind = "tts" | "audio_url" | "llm_message" | "llm_prompt" | "other";

/** `ContentKind::from_code`. */
export function contentKind(typeCode: string): ContentKind {
  switch (typeCode) {
    case "tts":
    case "audio_url":
    case "llm_message":
    case "llm_prompt":
      return typeCode;
    default:
      return "other";
  }
}

/**
 * Rust's `str::trim`: Unicode White_Space at both ends. JavaScript's `trim` differs (it removes
 * U+FEFF and keeps U+0085), and the backend decides what is empty and what is around a URL.
 */
export function rustTrim(s: string): string {
  return s.replace(/^\p{White_Space}+|\p{White_Space}+$/gu, "");
}

/** True when the text is checked as SSML (it starts with `<speak`, spaces before it allowed: `trim_start`). */
export function isSsml(content: string): boolean {
  return content.replace(/^\p{White_Space}+/u, "").startsWith("<speak");
}

/** `content::check_content`: one language's content for its type; `null` when fine. */
export function contentProblem(kind: ContentKind, content: string): string | null {
  const blank = rustTrim(content) === "";
  switch (kind) {
    case "tts":
      if (blank) return "text to speak is empty";
      return isSsml(content) ? ssmlProblem(content) : null;
    case "audio_url":
      return httpsUrlProblem(content);
    case "llm_message":
      return blank ? "the LLM message is empty" : null;
    case "llm_prompt":
      return blank ? "the LLM prompt is empty" : null;
    default:
      return blank ? "the content is empty" : null;
  }
}

/** `content::check_https_url`: an absolute https URL with a host, nothing around it. */
export function httpsUrlProblem(content: string): string | null {
  const text = rustTrim(content);
  if (text !== content) return "the audio URL has spaces or line breaks around it; remove them";
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    return "the audio URL is not an absolute URL; write it as https://host/path/file.wav";
  }
  if (u.protocol === "https:" && u.hostname !== "") return null;
  return `the audio URL must be an absolute https URL (https://host/file.wav), not ${u.protocol === "https:" ? "one without a host" : u.protocol}`;
}

/** `content::placeholders`: `{name}` with a letter or `_` first, then letters, digits, `_` (ASCII). */
export function placeholders(content: string): string[] {
  const out = new Set<string>();
  const word = (c: string | undefined) => c !== undefined && /^[A-Za-z0-9_]$/.test(c);
  let i = 0;
  while (i < content.length) {
    if (content[i] === "{") {
      const start = i + 1;
      let j = start;
      while (word(content[j])) j++;
      if (j > start && content[j] === "}" && !/^[0-9]$/.test(content[start])) {
        out.add(content.slice(start, j));
        i = j + 1;
        continue;
      }
    }
    i++;
  }
  return [...out].sort();
}

/** A language's text of a version (its type settings apart). */
export type LangText = Pick<LanguageContent, "language" | "content">;

/**
 * `content::check_placeholder_sets`, per language. The backend names each language's differences
 * from the first one, in one message; the editor names, on every language, which placeholders it
 * lacks and which it uses that others lack, and where: so the one that was edited shows it as
 * well as the ones now out of step with it.
 */
export function placeholderProblems(contents: LangText[]): Record<string, string> {
  const out: Record<string, string> = {};
  const sets = contents.map((c) => ({ language: c.language, used: new Set(placeholders(c.content)) }));
  const all = [...new Set(sets.flatMap((s) => [...s.used]))].sort();
  const where = (p: string, has: boolean) =>
    sets
      .filter((s) => s.used.has(p) === has)
      .map((s) => s.language)
      .join(", ");
  for (const { language, used } of sets) {
    const differing = all.filter((p) => sets.some((s) => s.used.has(p) !== used.has(p)));
    if (differing.length === 0) continue;
    const lacks = differing.filter((p) => !used.has(p)).map((p) => `{${p}} (used in ${where(p, true)})`);
    const adds = differing.filter((p) => used.has(p)).map((p) => `{${p}} (not in ${where(p, false)})`);
    const parts = [];
    if (lacks.length) parts.push(`lacks ${lacks.join(", ")}`);
    if (adds.length) parts.push(`uses ${adds.join(", ")}`);
    out[language] = `placeholders differ between languages: ${language} ${parts.join(" and ")}; every language must use the same placeholders`;
  }
  return out;
}

/** The texts of a version in the store's language order (a language not written yet is empty). */
function texts(allowed: string[], contents: Record<string, string>): LangText[] {
  return allowed.map((language) => ({ language, content: contents[language] ?? "" }));
}

/** Adds a field's finding to what it already has. */
function add(out: Record<string, string>, field: string, problem: string) {
  out[field] = out[field] ? `${out[field]}; ${problem}` : problem;
}

/**
 * Every live finding of a version being written, keyed like the backend's field errors:
 * `content.<language>` and `versionName`. Content is checked in the store's language order.
 */
export function versionProblems(kind: ContentKind, allowed: string[], contents: Record<string, string>, versionName: string): Record<string, string> {
  const out: Record<string, string> = {};
  const name = nameProblem(versionName);
  if (name) out.versionName = name;
  const list = texts(allowed, contents);
  for (const c of list) {
    const p = contentProblem(kind, c.content);
    if (p) out[`content.${c.language}`] = p;
  }
  for (const [language, p] of Object.entries(placeholderProblems(list))) add(out, `content.${language}`, p);
  return out;
}

/**
 * What the editor shows before Save (after it, every finding of `versionProblems`): a field's own
 * findings once it was edited, and, as soon as any text was edited, the placeholder differences
 * on every language that has text, edited or not. A language not written yet is left out of that
 * comparison until Save (where it is reported empty), so writing the first language does not mark
 * the others as lacking each placeholder typed.
 */
export function shownProblems(kind: ContentKind, allowed: string[], contents: Record<string, string>, versionName: string, edited: (field: string) => boolean, submitted: boolean): Record<string, string> {
  if (submitted) return versionProblems(kind, allowed, contents, versionName);
  const out: Record<string, string> = {};
  const name = nameProblem(versionName);
  if (name && edited("versionName")) out.versionName = name;
  const list = texts(allowed, contents);
  for (const c of list) {
    const p = edited(`content.${c.language}`) ? contentProblem(kind, c.content) : null;
    if (p) out[`content.${c.language}`] = p;
  }
  if (list.some((c) => edited(`content.${c.language}`))) {
    const written = list.filter((c) => rustTrim(c.content) !== "");
    for (const [language, p] of Object.entries(placeholderProblems(written))) add(out, `content.${language}`, p);
  }
  return out;
}

/** Right-to-left scripts by primary language subtag (Arabic, Hebrew, Persian, Urdu, Yiddish, ...). */
const RTL = new Set(["ar", "he", "iw", "fa", "ur", "yi", "ps", "sd", "ug", "dv", "ckb"]);

export function direction(language: string): "rtl" | "ltr" {
  return RTL.has(language.split("-")[0].toLowerCase()) ? "rtl" : "ltr";
}

/** Text a caller hears: SSML tags and entities out, placeholders kept as one word each. */
export function spokenText(content: string): string {
  if (!isSsml(content)) return content;
  return content
    .replace(/<[^>]*>/g, " ")
    .replace(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);/gi, " ");
}

/** Explicit pauses of SSML `<break time="…">` in seconds. */
function breakSeconds(content: string): number {
  if (!isSsml(content)) return 0;
  let total = 0;
  for (const m of content.matchAll(/<break[^>]*\btime\s*=\s*["']\s*([\d.]+)\s*(ms|s)\s*["']/gi)) {
    const n = Number(m[1]);
    if (Number.isFinite(n)) total += m[2].toLowerCase() === "ms" ? n / 1000 : n;
  }
  return total;
}

/** Scripts written without spaces between words: read per character. */
const PER_CHARACTER = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;

/**
 * A rough spoken duration in seconds at a normal rate: about 2.5 words a second (150 a minute), 4
 * characters a second for scripts without spaces, plus SSML breaks. An estimate for editors, not a
 * promise of the TTS engine.
 */
export function estimatedSeconds(content: string): number {
  const text = spokenText(content);
  let words = 0;
  let chars = 0;
  for (const token of text.split(/\s+/)) {
    if (!token) continue;
    const perChar = [...token].filter((c) => PER_CHARACTER.test(c)).length;
    chars += perChar;
    if (perChar < [...token].length && /[\p{L}\p{N}]/u.test(token.replace(new RegExp(PER_CHARACTER.source, "gu"), ""))) words++;
  }
  return words / 2.5 + chars / 4 + breakSeconds(content);
}

/**
 * How long callers listen, in the words each message type allows:
 * - `tts`: the text is spoken as written (SSML breaks included): an estimate;
 * - `llm_message`: a message the model says in its own words: the text as written gives the
 *   estimate, marked as such;
 * - `llm_prompt`: an instruction to the model, never spoken: callers hear its reply, whose length
 *   this text does not tell;
 * - `audio_url`: the audio file plays; its own length is the duration (the URL says nothing);
 * - another type: nothing is said.
 */
export function spokenNote(kind: ContentKind, content: string): string {
  switch (kind) {
    case "tts":
      return `${formatSeconds(estimatedSeconds(content))} spoken`;
    case "llm_message":
      return `${formatSeconds(estimatedSeconds(content))} spoken as written (the model words it)`;
    case "llm_prompt":
      return "not spoken: callers hear the model's reply";
    case "audio_url":
      return "the duration is the audio file's own";
    case "other":
      return "";
  }
}

/** "≈ 3 s", "≈ 1 min 5 s", "—" for nothing to say. */
export function formatSeconds(s: number): string {
  if (s <= 0) return "—";
  const r = Math.max(1, Math.round(s));
  return r < 60 ? `≈ ${r} s` : `≈ ${Math.floor(r / 60)} min ${r % 60} s`;
}

/**
 * `message::validate_store_languages` without the dictionary part (the form offers only active
 * languages): at least one, none twice, the default among them.
 */
export function storeLanguageProblems(allowed: string[], defaultLanguage: string): { allowedLanguages: string | null; defaultLanguage: string | null } {
  const twice = allowed.filter((l, i) => allowed.indexOf(l) !== i);
  const allowedProblem = allowed.length === 0 ? "name at least one language" : twice.length ? `${twice[0]} is listed twice` : null;
  const defaultProblem =
    defaultLanguage === ""
      ? "choose the default language"
      : allowed.includes(defaultLanguage)
        ? null
        : `${defaultLanguage} is not one of the allowed languages (${allowed.join(", ")}); add it to the allowed languages or choose one of them`;
  return { allowedLanguages: allowedProblem, defaultLanguage: defaultProblem };
}
