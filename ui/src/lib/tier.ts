/** Banner colours per tier: local grey, dvp green, acc amber, prd red. */
export type TierName = "local" | "dvp" | "acc" | "prd";

export const TIER_COLOR: Record<TierName, string> = {
  local: "gray",
  dvp: "green",
  acc: "yellow",
  prd: "red",
};

export function tierColor(tier: string): string {
  return TIER_COLOR[tier as TierName] ?? "gray";
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
