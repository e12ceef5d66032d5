import type { AddEnvironmentArgs } from "../bindings/AddEnvironmentArgs";

/** The add-environment form. The backend validates everything again; here only what is missing. */
export type EnvForm = {
  mode: "form" | "paste";
  name: string;
  tier: "dvp" | "acc" | "prd";
  host: string;
  port: number;
  database: string;
  user: string;
  password: string;
  connectionString: string;
  displayName: string;
  encrypt: boolean;
  trustServerCertificate: boolean;
  readOnly: boolean;
  forceTrust: boolean;
};

export function emptyForm(): EnvForm {
  return {
    mode: "form",
    name: "",
    tier: "dvp",
    host: "",
    port: 1433,
    database: "",
    user: "",
    password: "",
    connectionString: "",
    displayName: "",
    encrypt: true,
    trustServerCertificate: false,
    readOnly: false,
    forceTrust: false,
  };
}

/** Fields that must be filled before the Save button does anything. */
export function missingFields(f: EnvForm): Partial<Record<keyof EnvForm, string>> {
  const out: Partial<Record<keyof EnvForm, string>> = {};
  if (f.name.trim() === "") out.name = "required";
  if (f.mode === "paste") {
    if (f.connectionString.trim() === "") out.connectionString = "paste a connection string";
  } else {
    if (f.host.trim() === "") out.host = "required";
    if (f.database.trim() === "") out.database = "required";
    if (f.user.trim() === "") out.user = "required";
  }
  return out;
}

const opt = (s: string): string | null => (s.trim() === "" ? null : s.trim());

export function formToRequest(f: EnvForm, sessionOnly: boolean): AddEnvironmentArgs {
  const paste = f.mode === "paste";
  return {
    name: f.name.trim(),
    tier: f.tier,
    displayName: opt(f.displayName),
    readOnly: f.readOnly,
    forceTrust: f.forceTrust,
    sessionOnly: sessionOnly,
    connectionString: paste ? f.connectionString : null,
    host: paste ? null : opt(f.host),
    port: paste ? null : f.port,
    database: paste ? null : opt(f.database),
    user: paste ? null : opt(f.user),
    // The password is sent once, to be stored; it never comes back.
    password: paste ? null : f.password === "" ? null : f.password,
    encrypt: f.encrypt,
    trustServerCertificate: f.trustServerCertificate,
  };
}
