import { describe, expect, it } from "vitest";
import {
  charCount,
  contentKind,
  contentProblem,
  direction,
  estimatedSeconds,
  formatSeconds,
  httpsUrlProblem,
  keyProblem,
  placeholderProblems,
  placeholders,
  rustTrim,
  shownProblems,
  spokenNote,
  ssmlProblem,
  storeLanguageProblems,
  versionProblems,
} from "./messageChecks";
// The backend's unit tests (crates/domain/src/message/tests.rs) run the same cases: the editor must
// accept and refuse exactly what the message store does.
import cases from "../../../crates/domain/src/message/check_cases.json";

describe("keyProblem (check_message_key)", () => {
  it("accepts UPPER_SNAKE_CASE up to 64 characters", () => {
    for (const ok of [...cases.keys.ok, "A".repeat(64)]) expect(keyProblem(ok), ok).toBeNull();
  });
  it("refuses what the backend refuses", () => {
    for (const bad of cases.keys.bad) {
      expect(keyProblem(bad), bad).not.toBeNull();
    }
    const m = keyProblem("A".repeat(65))!;
    expect(m).toContain("65 characters");
    expect(m).toContain("64");
    expect(keyProblem("welcome")).toContain("UPPER_SNAKE_CASE");
  });
  it("counts characters, not UTF-16 units", () => {
    expect(charCount("😀é")).toBe(2);
  });
});

describe("ssmlProblem (check_ssml when the text starts with <speak>)", () => {
  it("accepts well-formed SSML", () => {
    // One of them is not SSML (it starts with <?xml, not <speak): not checked as XML, as in the backend.
    for (const s of cases.ssml.ok) {
      expect(contentProblem("tts", s), s).toBeNull();
    }
  });
  it("refuses malformed SSML", () => {
    for (const s of cases.ssml.bad) {
      expect(contentProblem("tts", s), s).not.toBeNull();
    }
  });
  it("says what is wrong", () => {
    expect(ssmlProblem("<speaker>x</speaker>")).toContain("root element <speak>; found <speaker>");
    expect(ssmlProblem("<speak/>")).toContain("found <speak/>");
    expect(ssmlProblem("<speak><!DOCTYPE speak>x</speak>")).toBe("SSML must not contain a DOCTYPE");
    expect(ssmlProblem("<speak>x &nbsp; y</speak>")).toContain("unknown entity &nbsp;");
    expect(ssmlProblem("<speak><p>x</q></speak>")).toContain("<p> is closed by </q>");
    // Characters as people count them: the emoji is one (two UTF-16 units).
    expect(ssmlProblem("<speak>😀é</p></speak>")).toContain("near character 9:");
    expect(ssmlProblem("<speak><b>x")).toBe("the SSML ends before <b> is closed");
    expect(ssmlProblem("<speak>a < b</speak>")).toContain("write < as &lt;");
    expect(ssmlProblem('<speak><break time="1" time="2"/></speak>')).toContain("<break> is malformed: the attribute time is given twice");
    expect(ssmlProblem("<speak>x</speak>\u00a0")).toBe("SSML has text outside <speak>…</speak>");
  });
  it("leaves plain text alone", () => {
    expect(contentProblem("tts", "Tom & Jerry <3")).toBeNull();
  });
});

describe("httpsUrlProblem (check_https_url)", () => {
  it("accepts an absolute https URL", () => {
    for (const ok of cases.audioUrls.ok) expect(contentProblem("audio_url", ok), ok).toBeNull();
  });
  it("refuses the rest", () => {
    for (const bad of cases.audioUrls.bad) {
      expect(contentProblem("audio_url", bad), bad).not.toBeNull();
    }
    const m = httpsUrlProblem("http://x/a.wav")!;
    expect(m).toContain("https");
    expect(m).toContain("http:");
  });
});

describe("empty text (check_content for every type but audio_url)", () => {
  it("refuses blank content, blank as Rust's trim has it", () => {
    for (const kind of ["tts", "llm_message", "llm_prompt", "other"] as const) {
      for (const ok of cases.emptyText.ok) expect(contentProblem(kind, ok), `${kind} ${JSON.stringify(ok)}`).toBeNull();
      for (const bad of cases.emptyText.bad) expect(contentProblem(kind, bad), `${kind} ${JSON.stringify(bad)}`).toContain("empty");
    }
    expect(contentKind("video")).toBe("other");
    expect(contentKind("audio_url")).toBe("audio_url");
  });
  it("trims Unicode White_Space, not JavaScript's set", () => {
    expect(rustTrim("\u0085 x \u3000")).toBe("x");
    expect(rustTrim("\ufeffx\ufeff")).toBe("\ufeffx\ufeff");
  });
});

describe("placeholders (placeholders / check_placeholder_sets)", () => {
  it("finds {name} placeholders as the backend does", () => {
    for (const f of cases.placeholders.found) expect(placeholders(f.text), f.text).toEqual(f.placeholders);
  });
  it("finds nothing to say when every language uses the same ones", () => {
    for (const same of cases.placeholders.same) expect(placeholderProblems(same)).toEqual({});
  });
  it("names on every language exactly the placeholders that are not in all of them", () => {
    for (const d of cases.placeholders.differ) {
      const p = placeholderProblems(d.contents);
      expect(Object.keys(p).sort()).toEqual(d.contents.map((c) => c.language).sort());
      for (const [language, m] of Object.entries(p)) expect(placeholders(m), `${language}: ${m}`).toEqual(d.differing);
    }
  });
  it("says which language lacks what, and where it is used", () => {
    // Only the first language changed: it says so too, not only the two now out of step.
    const p = placeholderProblems(cases.placeholders.differ[1].contents);
    expect(p["nl-BE"]).toContain("nl-BE uses {amount} (not in fr-BE, ar-SA)");
    expect(p["fr-BE"]).toContain("fr-BE lacks {amount} (used in nl-BE)");
    expect(p["ar-SA"]).toContain("ar-SA lacks {amount} (used in nl-BE)");
    const q = placeholderProblems(cases.placeholders.differ[0].contents);
    expect(q["fr-BE"]).toBe("placeholders differ between languages: fr-BE lacks {name} (used in nl-BE, en-US) and uses {nom} (not in nl-BE, en-US); every language must use the same placeholders");
  });
});

describe("versionProblems", () => {
  const langs = ["nl-BE", "fr-BE", "ar-SA"];
  it("reports per field, in the backend's field names", () => {
    const p = versionProblems("tts", langs, { "nl-BE": "Dag {naam}", "fr-BE": "<speak>Bonjour {naam}", "ar-SA": "" }, "");
    // The empty ar-SA lacks {naam}: both sides of that difference are marked.
    expect(Object.keys(p).sort()).toEqual(["content.ar-SA", "content.fr-BE", "content.nl-BE"]);
    expect(p["content.ar-SA"]).toContain("text to speak is empty");
    expect(p["content.ar-SA"]).toContain("lacks {naam}");
    expect(p["content.nl-BE"]).toContain("uses {naam} (not in ar-SA)");
    expect(p["content.fr-BE"]).toContain("the SSML ends before <speak> is closed");
  });
  it("is empty for a good version in any script", () => {
    expect(versionProblems("tts", langs, { "nl-BE": "Welkom {naam} 😀", "fr-BE": "Bienvenue {naam}", "ar-SA": "مرحبا {naam}" }, "v2")).toEqual({});
    expect(versionProblems("tts", langs, { "nl-BE": "x", "fr-BE": "y", "ar-SA": "z" }, "n".repeat(201))).toHaveProperty("versionName");
  });
});

describe("shownProblems (what shows before Save)", () => {
  const langs = ["nl-BE", "fr-BE", "ar-SA"];
  const copy = { "nl-BE": "Dag {naam}", "fr-BE": "Bonjour {naam}", "ar-SA": "مرحبا {naam}" };
  const none = () => false;
  it("shows nothing on an untouched copy", () => {
    expect(shownProblems("tts", langs, copy, "", none, false)).toEqual({});
  });
  it("shows a placeholder added to one language on every language as it is typed", () => {
    const edited = (f: string) => f === "content.nl-BE";
    const p = shownProblems("tts", langs, { ...copy, "nl-BE": "Dag {naam}, {bedrag}" }, "", edited, false);
    expect(Object.keys(p).sort()).toEqual(["content.ar-SA", "content.fr-BE", "content.nl-BE"]);
    expect(p["content.nl-BE"]).toContain("nl-BE uses {bedrag} (not in fr-BE, ar-SA)");
    expect(p["content.ar-SA"]).toContain("ar-SA lacks {bedrag} (used in nl-BE)");
  });
  it("shows an untouched field's own problems only at Save", () => {
    const edited = (f: string) => f === "content.fr-BE";
    const contents = { ...copy, "nl-BE": "<speak>Dag {naam}" };
    expect(shownProblems("tts", langs, contents, "", edited, false)).toEqual({});
    expect(shownProblems("tts", langs, contents, "", edited, true)["content.nl-BE"]).toContain("ends before <speak> is closed");
  });
  it("compares the languages written so far, and all of them at Save", () => {
    const edited = (f: string) => f === "content.nl-BE";
    const contents = { "nl-BE": "Dag {naam}", "fr-BE": "", "ar-SA": "" };
    expect(shownProblems("tts", langs, contents, "", edited, false)).toEqual({});
    const atSave = shownProblems("tts", langs, contents, "", edited, true);
    expect(atSave["content.fr-BE"]).toContain("text to speak is empty");
    expect(atSave["content.fr-BE"]).toContain("fr-BE lacks {naam}");
  });
});

describe("direction and duration", () => {
  it("writes Arabic and Hebrew right to left", () => {
    expect(direction("ar-SA")).toBe("rtl");
    expect(direction("he-IL")).toBe("rtl");
    expect(direction("nl-BE")).toBe("ltr");
    expect(direction("zh-CN")).toBe("ltr");
  });
  it("estimates seconds from words, characters of CJK text and SSML breaks", () => {
    expect(estimatedSeconds("one two three four five")).toBeCloseTo(2);
    expect(estimatedSeconds("欢迎光临")).toBeCloseTo(1);
    expect(estimatedSeconds('<speak>one two <break time="1500ms"/> three four five</speak>')).toBeCloseTo(3.5);
    expect(estimatedSeconds("")).toBe(0);
    expect(formatSeconds(0)).toBe("—");
    expect(formatSeconds(2.2)).toBe("≈ 2 s");
    expect(formatSeconds(65)).toBe("≈ 1 min 5 s");
  });
});

describe("spokenNote", () => {
  const text = "one two three four five";
  it("estimates what is spoken: TTS text, and an LLM message as written", () => {
    expect(spokenNote("tts", text)).toBe("≈ 2 s spoken");
    expect(spokenNote("llm_message", text)).toBe("≈ 2 s spoken as written (the model words it)");
  });
  it("counts nothing where the text is not what callers hear", () => {
    expect(spokenNote("llm_prompt", text)).toBe("not spoken: callers hear the model's reply");
    expect(spokenNote("audio_url", "https://cdn.example.com/welcome.wav")).toBe("the duration is the audio file's own");
    expect(spokenNote("other", text)).toBe("");
  });
});

describe("storeLanguageProblems (validate_store_languages)", () => {
  it("needs a language, no duplicates and the default among them", () => {
    expect(storeLanguageProblems(["nl-BE", "fr-BE", "ar-SA"], "nl-BE")).toEqual({ allowedLanguages: null, defaultLanguage: null });
    expect(storeLanguageProblems([], "nl-BE").allowedLanguages).toBe("name at least one language");
    expect(storeLanguageProblems(["nl-BE", "nl-BE"], "nl-BE").allowedLanguages).toContain("listed twice");
    expect(storeLanguageProblems(["nl-BE", "fr-BE"], "de-DE").defaultLanguage).toContain("de-DE is not one of the allowed languages");
  });
});
