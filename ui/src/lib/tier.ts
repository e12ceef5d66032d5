import { DEFAULT_THEME } from "@mantine/core";
import type { Tier } from "../bindings/Tier";

/** Banner colours per tier: local grey, dvp green, acc amber, prd red. */

export const TIERS: readonly Tier[] = ["local", "dvp", "acc", "prd"];

export const TIER_COLOR: Record<Tier, string> = {
  local: "gray",
  dvp: "green",
  acc: "yellow",
  prd: "red",
};

const DARK_TEXT = DEFAULT_THEME.colors.dark[7];
const LIGHT_TEXT = DEFAULT_THEME.white;

/**
 * The banner's background shade and text colour per tier. Each pair reaches WCAG AA (4.5:1, see
 * tier.test.ts) while the hue stays the tier's: the light tiers (green, amber) carry dark text,
 * the dark ones (grey, red) white text on a deeper shade.
 */
const BANNER: Record<Tier, { shade: number; fg: string }> = {
  local: { shade: 7, fg: LIGHT_TEXT },
  dvp: { shade: 7, fg: DARK_TEXT },
  acc: { shade: 7, fg: DARK_TEXT },
  prd: { shade: 9, fg: LIGHT_TEXT },
};

export function tierColor(tier: string): string {
  return TIER_COLOR[tier as Tier] ?? "gray";
}

/** `bg`/`fg` as `#rrggbb`, for the banner and anything drawn in a tier's colours. */
export function tierBannerColors(tier: string): { bg: string; fg: string } {
  const t: Tier = tier in BANNER ? (tier as Tier) : "local";
  const { shade, fg } = BANNER[t];
  return { bg: DEFAULT_THEME.colors[TIER_COLOR[t]][shade], fg };
}

export function tierLabel(tier: string): string {
  switch (tier) {
    case "local":
      return "LOCAL";
    case "dvp":
      return "DEVELOPMENT";
    case "acc":
      return "ACCEPTANCE";
    case "prd":
      return "PRODUCTION";
    default:
      return tier.toUpperCase();
  }
}
