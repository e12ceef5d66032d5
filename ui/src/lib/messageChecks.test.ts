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
    expect(ssmlProblem("<speaker>x</speaker>")).toContain("root element <speak>");
    expect(ssmlProblem('<!DOCTYPE speak><speak>x</speak>')).toContain("DOCTYPE");
  });
  it("leaves plain text alone and refuses empty text", () => {
    expect(contentProblem("tts", "Tom & Jerry <3")).toBeNull();
    expect(contentProblem("tts", "   ")).toBe("text to speak is empty");
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

describe("empty LLM texts and other types", () => {
  it("refuses blank content", () => {
    expect(contentProblem("llm_prompt", "You are a helpful agent")).toBeNull();
    expect(contentProblem("llm_prompt", " \n")).not.toBeNull();
    expect(contentProblem("llm_message", "")).not.toBeNull();
    expect(contentProblem("other", "")).not.toBeNull();
    expect(contentKind("video")).toBe("other");
    expect(contentKind("audio_url")).toBe("audio_url");
  });
});

describe("placeholders (placeholders / check_placeholder_sets)", () => {
  it("finds {name} placeholders as the backend does", () => {
    expect(placeholders("Hallo {customerName}, {amount} {{not}} {1x} {a-b} { x } {_y}")).toEqual(["_y", "amount", "customerName", "not"]);
  });
  it("names what a language lacks and adds compared with the first", () => {
    expect(placeholderProblems([{ language: "nl-BE", content: "Dag {name}" }, { language: "fr-BE", content: "Bonjour {name}" }, { language: "en-US", content: "Hi {name}!" }])).toEqual({});
    const p = placeholderProblems([{ language: "nl-BE", content: "Dag {name}" }, { language: "fr-BE", content: "Bonjour {nom}" }, { language: "en-US", content: "Hi {name}" }]);
    expect(Object.keys(p)).toEqual(["fr-BE"]);
    expect(p["fr-BE"]).toContain("fr-BE lacks {name} and adds {nom}");
  });
});

describe("versionProblems", () => {
  const langs = ["nl-BE", "fr-BE", "ar-SA"];
  it("reports per field, in the backend's field names", () => {
    const p = versionProblems("tts", langs, { "nl-BE": "Dag {naam}", "fr-BE": "<speak>Bonjour {naam}", "ar-SA": "" }, "");
    expect(Object.keys(p).sort()).toEqual(["content.ar-SA", "content.fr-BE"]);
    expect(p["content.ar-SA"]).toContain("text to speak is empty");
    expect(p["content.ar-SA"]).toContain("lacks {naam}");
    expect(p["content.fr-BE"]).toContain("not well-formed");
  });
  it("is empty for a good version in any script", () => {
    expect(versionProblems("tts", langs, { "nl-BE": "Welkom {naam} 😀", "fr-BE": "Bienvenue {naam}", "ar-SA": "مرحبا {naam}" }, "v2")).toEqual({});
    expect(versionProblems("tts", langs, { "nl-BE": "x", "fr-BE": "y", "ar-SA": "z" }, "n".repeat(201))).toHaveProperty("versionName");
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

describe("storeLanguageProblems (validate_store_languages)", () => {
  it("needs a language, no duplicates and the default among them", () => {
    expect(storeLanguageProblems(["nl-BE", "fr-BE", "ar-SA"], "nl-BE")).toEqual({ allowedLanguages: null, defaultLanguage: null });
    expect(storeLanguageProblems([], "nl-BE").allowedLanguages).toBe("name at least one language");
    expect(storeLanguageProblems(["nl-BE", "nl-BE"], "nl-BE").allowedLanguages).toContain("listed twice");
    expect(storeLanguageProblems(["nl-BE", "fr-BE"], "de-DE").defaultLanguage).toContain("de-DE is not one of the allowed languages");
  });
});
