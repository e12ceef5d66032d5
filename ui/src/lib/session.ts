import { useQuery } from "@tanstack/react-query";
import { commands } from "../bindings/commands";

export const SESSION_KEY = ["session"] as const;
/** The environment profiles (the Environments screen, the banner's switcher, the first-start prompt). */
export const ENV_KEY = ["environments"] as const;

/** The environment the window has open (always one: `local` on first start). */
export function useSession() {
  return useQuery({ queryKey: SESSION_KEY, queryFn: () => commands.sessionCurrent() });
}
