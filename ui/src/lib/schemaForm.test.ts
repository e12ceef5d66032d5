import { describe, expect, it } from "vitest";
import { checkObject, checkValue, fieldSpec, fieldsOf, problemText, settingsProblems, settingsText, settingsValue, withDefaults, type JsonSchema } from "./schemaForm";

const S = "https://json-schema.org/draft/2020-12/schema";
// The TTS message type's TypeSettings schema and menu keys, as in the reference data.
const tts: JsonSchema = {
  $schema: S,
  type: "object",
  additionalProperties: false,
  properties: {
    voice: { type: "string", minLength: 1, maxLength: 100, description: "voice code" },
    rate: { type: "number", minimum: 0.25, maximum: 4 },
    ssml: { type: "boolean" },
    format: { enum: ["wav", "mp3"] },
    maxTokens: { type: "integer", minimum: 1, maximum: 8192 },
    options: { type: "array", minItems: 1, items: { type: "object", required: ["digit", "result"], properties: { digit: { type: "string", pattern: "^[0-9*#]$" }, result: { type: "string" } } } },
  },
  required: ["voice"],
};

describe("form generation from a schema", () => {
  it("gives each property the input its type asks for, in the schema's order", () => {
    const fields = fieldsOf(tts);
    expect(fields.map((f) => [f.name, f.kind, f.required])).toEqual([
      ["voice", "text", true],
      ["rate", "number", false],
      ["ssml", "switch", false],
      ["format", "select", false],
      ["maxTokens", "integer", false],
      ["options", "json", false],
    ]);
    expect(fields[1]).toMatchObject({ min: 0.25, max: 4 });
    expect(fields[3].options?.map((o) => o.value)).toEqual(["wav", "mp3"]);
    expect(fields[0].description).toBe("voice code");
  });

  it("lets a dictionary key type decide where the schema names none", () => {
    expect(fieldSpec("timeoutSeconds", { minimum: 1 }, false, "integer")).toMatchObject({ kind: "integer", min: 1 });
    expect(fieldSpec("destinationType", { enum: ["number", "queue"] }, false, "string").kind).toBe("select");
    expect(fieldSpec("skills", { type: "array" }, false, "json").kind).toBe("json");
    expect(fieldSpec("x", undefined, false).kind).toBe("json");
    expect(fieldSpec("n", { exclusiveMaximum: 10, type: "integer" }, false)).toMatchObject({ max: 10 });
  });
});

describe("live checks", () => {
  it("reports patterns, bounds and lengths in words", () => {
    expect(problemText(checkValue({ type: "string", pattern: "^[A-Z][A-Z0-9_]{0,63}$" }, "welcome"))).toBe("must match the pattern ^[A-Z][A-Z0-9_]{0,63}$");
    expect(problemText(checkValue({ type: "integer", minimum: 1, maximum: 60 }, 61))).toBe("must be at most 60");
    expect(problemText(checkValue({ type: "integer", minimum: 1 }, 0))).toBe("must be at least 1");
    expect(problemText(checkValue({ type: "integer" }, 1.5))).toBe("must be an integer");
    expect(problemText(checkValue({ type: "string", minLength: 1 }, ""))).toBe("may not be empty");
    expect(checkValue({ type: "string", pattern: "^a" }, "abc")).toEqual([]);
  });

  it("names the item and property of a problem inside JSON", () => {
    const options = tts.properties!.options as JsonSchema;
    const text = problemText(checkValue(options, [{ digit: "1", result: "sales" }, { digit: "x", result: "support" }]));
    expect(text).toBe("item 2, digit: must match the pattern ^[0-9*#]$");
    expect(problemText(checkValue(options, [{ digit: "1" }]))).toBe("item 1: needs \"digit\", \"result\"");
    expect(problemText(checkValue(options, []))).toBe("needs at least 1 item");
  });

  it("checks a whole object: missing required fields and each field's problems", () => {
    const fields = fieldsOf(tts);
    expect(checkObject(fields, {})).toEqual({ voice: "required" });
    expect(checkObject(fields, { voice: "v", rate: 9, format: "ogg" })).toEqual({ rate: "must be at most 4", format: 'must be one of "wav", "mp3"' });
    // A required key with a default is filled in by the backend: not missing.
    expect(checkObject([fieldSpec("t", { type: "integer", default: 5 }, true)], {})).toEqual({});
  });
});

describe("message TypeSettings through the generated form", () => {
  const llm: JsonSchema = {
    $schema: S,
    type: "object",
    additionalProperties: false,
    required: ["model"],
    properties: { model: { type: "string", minLength: 1 }, temperature: { type: "number", minimum: 0, maximum: 2 } },
  };

  it("shows the type's DefaultSettings as defaults, so a required field with a default is not asked for", () => {
    expect(settingsProblems(llm, settingsValue(null))).toEqual({ model: "required" });
    const shown = withDefaults(llm, { model: "gpt-4o-mini", temperature: 0.3 });
    expect(fieldsOf(shown).map((f) => [f.name, f.default])).toEqual([
      ["model", "gpt-4o-mini"],
      ["temperature", 0.3],
    ]);
    expect(settingsProblems(shown, settingsValue(null))).toEqual({});
    // The schema itself is left as it was.
    expect(fieldsOf(llm)[0].default).toBeUndefined();
  });

  it("edits an object, saves nothing when nothing is set, and checks each field", () => {
    const shown = withDefaults(llm, { model: "m" });
    const v = settingsValue('{"temperature": 1.5}');
    expect(v).toEqual({ kind: "object", value: { temperature: 1.5 } });
    expect(settingsText(v)).toBe('{"temperature":1.5}');
    expect(settingsText(settingsValue(""))).toBeUndefined();
    expect(settingsProblems(shown, { kind: "object", value: { temperature: 9 } }).temperature).toMatch(/2/);
  });

  it("keeps a text the form cannot hand back unchanged as it was written", () => {
    for (const text of ['{"temperature": 0.12345678901234567}', "[1, 2]", "{not json"]) {
      const v = settingsValue(text);
      expect(v.kind).toBe("verbatim");
      expect(settingsText(v)).toBe(text);
    }
  });
});
