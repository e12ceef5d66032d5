import { DEFAULT_THEME } from "@mantine/core";
import { describe, expect, it } from "vitest";
import { contrastRatio, WCAG_AA_TEXT } from "./contrast";
import { TIER_COLOR, TIERS, tierBannerColors } from "./tier";

describe("contrastRatio", () => {
  it("matches WCAG's reference values", () => {
    expect(contrastRatio("#000000", "#ffffff")).toBeCloseTo(21, 5);
    expect(contrastRatio("#ffffff", "#ffffff")).toBeCloseTo(1, 5);
    // #767676 on white is the classic just-passing grey (4.54:1).
    expect(contrastRatio("#767676", "#ffffff")).toBeCloseTo(4.54, 2);
  });
  it("refuses what is not a colour", () => {
    expect(() => contrastRatio("orange", "#ffffff")).toThrow();
  });
});

describe("tier banner colours", () => {
  it.each(TIERS)("%s: banner text reaches WCAG AA (4.5:1)", (tier) => {
    const { bg, fg } = tierBannerColors(tier);
    expect(contrastRatio(bg, fg)).toBeGreaterThanOrEqual(WCAG_AA_TEXT);
  });

  it.each(TIERS)("%s: the banner keeps the tier's own colour", (tier) => {
    expect(DEFAULT_THEME.colors[TIER_COLOR[tier]]).toContain(tierBannerColors(tier).bg);
  });

  it("white text on the old acc amber was far below AA (what the issue saw)", () => {
    expect(contrastRatio(DEFAULT_THEME.colors.yellow[7], "#ffffff")).toBeLessThan(2.5);
  });

  it("the four tiers stay distinguishable from each other", () => {
    const bgs = TIERS.map((t) => tierBannerColors(t).bg);
    expect(new Set(bgs).size).toBe(4);
  });
});
