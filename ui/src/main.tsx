// First: freezes Object.prototype (override-friendly) before any library module runs.
import "./security/hardenFirst";
import "@mantine/core/styles.css";
import "@mantine/notifications/styles.css";
import "mantine-datatable/styles.css";
import "./app.css";

import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { MantineProvider, localStorageColorSchemeManager } from "@mantine/core";
import { ModalsProvider } from "@mantine/modals";
import { Notifications } from "@mantine/notifications";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { App } from "./App";
import { theme } from "./theme";
import { retryBusyRead } from "./lib/errors";

const queryClient = new QueryClient({
  defaultOptions: {
    // The backend is local IPC: retrying a failed call only repeats the same error, except BUSY
    // (the database was busy for a moment; nothing was changed).
    queries: { retry: retryBusyRead, refetchOnWindowFocus: false, staleTime: 5_000 },
    mutations: { retry: false },
  },
});

const colorSchemeManager = localStorageColorSchemeManager({ key: "ivr-studio-color-scheme" });

const root = document.getElementById("root");
if (root) {
  createRoot(root).render(
    <StrictMode>
      <MantineProvider theme={theme} defaultColorScheme="auto" colorSchemeManager={colorSchemeManager}>
        <QueryClientProvider client={queryClient}>
          <ModalsProvider>
            <Notifications position="bottom-right" />
            <App />
          </ModalsProvider>
        </QueryClientProvider>
      </MantineProvider>
    </StrictMode>,
  );
}
