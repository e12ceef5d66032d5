import type { KeyWithVersions } from "../bindings/KeyWithVersions";

/** The published version's content per language (empty when nothing is published). */
export function publishedTexts(k: KeyWithVersions): { language: string; content: string }[] {
  const v = k.versions.find((x) => x.version === k.publishedVersion);
  return v ? v.contents.map((c) => ({ language: c.language, content: c.content })) : [];
}
