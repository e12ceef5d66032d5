// What the screens' component tests share: a store row and the providers a screen renders in.
import { MantineProvider } from "@mantine/core";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import type { ReactNode } from "react";
import type { StoreRow } from "../bindings/StoreRow";

/** The message store acme/care (id 7) with nl-BE, fr-BE and en-US, nl-BE the default; `patch` changes any field. */
export function storeRow(patch: Partial<StoreRow> = {}): StoreRow {
  return {
    id: 7,
    name: "care",
    companyProjectId: 1,
    customerId: "acme",
    projectId: "care",
    allowedLanguages: ["nl-BE", "fr-BE", "en-US"],
    defaultLanguage: "nl-BE",
    isActive: true,
    keyCount: 3,
    createdAt: "2026-01-01T10:00:00.000Z",
    createdBy: "Ada",
    updatedAt: null,
    updatedBy: null,
    voices: [],
    ...patch,
  };
}

/** Renders inside Mantine and a fresh query client that does not retry (a failed query shows at once). */
export function renderScreen(ui: ReactNode) {
  return render(
    <MantineProvider>
      <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>{ui}</QueryClientProvider>
    </MantineProvider>,
  );
}
