import { useQuery } from "@tanstack/react-query";
import { commands } from "../bindings/commands";
import { qk } from "./queryKeys";

/** The environment the window has open (always one: `local` on first start). */
export function useSession() {
  return useQuery({ queryKey: qk.session(), queryFn: () => commands.sessionCurrent() });
}
