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

/** The backend's field names (snake_case, or the parser's parts) as the form's inputs. */
const FIELD_OF: Record<string, keyof EnvForm> = {
  name: "name",
  host: "host",
  server: "host",
  port: "port",
  database: "database",
  user: "user",
  password: "password",
  connection_string: "connectionString",
  connectionString: "connectionString",
  display_name: "displayName",
  displayName: "displayName",
  trust_server_certificate: "trustServerCertificate",
  trustServerCertificate: "trustServerCertificate",
};

const SHOWN: Record<EnvForm["mode"], readonly (keyof EnvForm)[]> = {
  form: ["name", "host", "port", "database", "user", "password", "displayName", "trustServerCertificate"],
  paste: ["name", "connectionString"],
};

/**
 * Places the backend's field errors on the inputs of the current mode. In paste mode every problem
 * but the name is a problem of the pasted string, so it is shown there with the part it is about.
 * `unplaced` is true when some error has no input to show it: the form then shows the whole message.
 */
export function placeFieldErrors(
  mode: EnvForm["mode"],
  fields: Record<string, string>,
): { byInput: Partial<Record<keyof EnvForm, string>>; unplaced: boolean } {
  const byInput: Partial<Record<keyof EnvForm, string>> = {};
  let unplaced = false;
  const add = (k: keyof EnvForm, m: string) => {
    byInput[k] = byInput[k] ? `${byInput[k]}; ${m}` : m;
  };
  for (const [field, message] of Object.entries(fields)) {
    const input = FIELD_OF[field];
    if (mode === "paste" && input !== "name") add("connectionString", input === "connectionString" ? message : `${field}: ${message}`);
    else if (input && SHOWN[mode].includes(input)) add(input, message);
    else unplaced = true;
  }
  return { byInput, unplaced };
}

/** What the Password column says: where the password is, never the password. */
export function passwordLabel(env: { engine: string; password?: string | null }): string {
  if (env.engine === "sqlite") return "not needed";
  switch (env.password) {
    case "stored":
      return "in OS keyring";
    case "session_only":
      return "this session only";
    case "keyring_unavailable":
      return "keyring unavailable";
    case "not_stored":
      return "not stored";
    default:
      return "—";
  }
}

/** True when a command was stopped by the user (the backend marks it `detail.cancelled`). */
export function wasCancelled(e: { detail?: unknown } | null | undefined): boolean {
  const d = e?.detail;
  return typeof d === "object" && d !== null && (d as Record<string, unknown>).cancelled === true;
}
