import { MantineProvider } from "@mantine/core";
import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import type { ComposedEnvironment } from "../bindings/ComposedEnvironment";
import type { EnvironmentDraft } from "../bindings/EnvironmentDraft";
import { ParseFeedback } from "./ParseFeedback";

const wrap = (ui: React.ReactNode) => render(<MantineProvider>{ui}</MantineProvider>);
afterEach(cleanup);

/** What `envCompose` answers for a pasted string (the draft without its password). */
function composed(d: Partial<EnvironmentDraft>, hasPassword: boolean): ComposedEnvironment {
  const draft: EnvironmentDraft = { name: "qa", tier: "dvp", engine: "mssql", host: null, port: 1433, database: null, user: null, password: null, encrypt: true, trustServerCertificate: false, readOnly: false, displayName: null, connectTimeoutSecs: null, forceTrust: false, ...d };
  return { draft, hasPassword, masked: null, passwordAt: null };
}

describe("ParseFeedback", () => {
  it("shows what was understood, without any password", () => {
    wrap(
      <ParseFeedback
        parsed={composed({ host: "sql.example.net", port: 14330, database: "ivr", user: "app" }, true)}
      />,
    );
    expect(screen.getByTestId("parse-summary").textContent).toContain("sql.example.net:14330 / ivr as app");
    expect(screen.getByTestId("parse-ok").textContent).toContain("password given");
    expect(screen.queryByText(/encryption is off/)).toBeNull();
  });

  it("warns about an unencrypted, trusting string without password", () => {
    wrap(
      <ParseFeedback parsed={composed({ host: "h", port: 1433, database: "d", user: "u", encrypt: false, trustServerCertificate: true }, false)} />,
    );
    const box = screen.getByTestId("parse-ok").textContent ?? "";
    expect(box).toContain("encryption is off");
    expect(box).toContain("any server certificate is trusted");
    expect(box).toContain("no password in the string");
  });

  it("lists the backend's field problems when the string is not understood", () => {
    wrap(
      <ParseFeedback
        error={{ code: "VALIDATION", message: "the connection string is not valid", detail: { fields: [{ field: "Server", message: "is missing" }] } }}
      />,
    );
    const box = screen.getByTestId("parse-error").textContent ?? "";
    expect(box).toContain("the connection string is not valid");
    expect(box).toContain("Server: is missing");
  });

  it("shows nothing before anything is pasted", () => {
    const { container } = wrap(<ParseFeedback />);
    expect(container.querySelector("[data-testid]")).toBeNull();
  });
});
