import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import type { ApiError } from "../bindings/ApiError";
import { commands } from "../bindings/commands";
import { toApiError } from "./errors";
import { OpenFailedDialog } from "../components/OpenFailedDialog";
import { wasCancelled } from "./envForm";
import { isEnvironmentData, qk } from "./queryKeys";
import { tierColor } from "./tier";

/**
 * Opening another environment, from the banner's menu or the Environments screen. The previous
 * environment stays open until the new one is; a failure is shown in a dialog whose text can be
 * selected and copied (not a toast that disappears).
 */
export function useOpenEnvironment(): { open: (name: string) => void; pending: string | null; dialog: ReactNode } {
  const qc = useQueryClient();
  const [failed, setFailed] = useState<{ name: string; error: ApiError } | null>(null);
  const mutation = useMutation({
    mutationFn: (name: string) => commands.sessionOpen({ name }),
    onSuccess: (s) => {
      qc.setQueryData(qk.session(), s);
      // Everything else was read from the previous environment.
      qc.removeQueries({ predicate: (q) => isEnvironmentData(q.queryKey) });
      notifications.show({ color: tierColor(s.tier), title: "Environment opened", message: `${s.name} (${s.tier})` });
    },
    onError: (e, name) => {
      const err = toApiError(e);
      if (wasCancelled(err)) {
        notifications.show({ color: "gray", title: "Not opened", message: "Cancelled; the previous environment stays open." });
        return;
      }
      setFailed({ name, error: err });
    },
  });
  return {
    open: (name) => mutation.mutate(name),
    pending: mutation.isPending ? (mutation.variables ?? null) : null,
    dialog: failed && <OpenFailedDialog name={failed.name} error={failed.error} onClose={() => setFailed(null)} />,
  };
}

