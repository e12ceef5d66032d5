import type { ComposeRequest } from "../bindings/ComposeRequest";
import type { ComposedEnvironment } from "../bindings/ComposedEnvironment";
import type { Engine } from "../bindings/Engine";
import type { EnvironmentDraft } from "../bindings/EnvironmentDraft";
import type { EnvironmentInfo } from "../bindings/EnvironmentInfo";
import type { Tier } from "../bindings/Tier";
import { detailOf } from "./errors";

/**
 * The add/edit environment form. Pasting a connection string is a way of filling the fields in:
 * the backend composes the environment from it (`envCompose`, as `ivr env add` does), its values
 * (and its password) are then in the fields, the string is shown with the password masked, and
 * both modes show the same values. Every rule is the backend's (`envCompose` on paste, `envCheck`
 * on blur, `envSave` on submit); here only the shape of the request.
 */
export type EnvForm = {
  mode: "form" | "paste";
  engine: Engine;
  name: string;
  /** Not `local`: that one is the app's own. */
  tier: Exclude<Tier, "local">;
  host: string;
  port: number;
  database: string;
  user: string;
  password: string;
  /** The string as pasted (it may hold a password: it is never sent, only parsed). */
  connectionString: string;
  /** The pasted string with its password masked, once understood. */
  masked: string | null;
  displayName: string;
  encrypt: boolean;
  trustServerCertificate: boolean;
  readOnly: boolean;
  forceTrust: boolean;
  connectTimeoutSecs: number | null;
};

export function emptyForm(): EnvForm {
  return {
    mode: "form",
    engine: "mssql",
    name: "",
    tier: "dvp",
    host: "",
    port: 1433,
    database: "",
    user: "",
    password: "",
    connectionString: "",
    masked: null,
    displayName: "",
    encrypt: true,
    trustServerCertificate: false,
    readOnly: false,
    forceTrust: false,
    connectTimeoutSecs: null,
  };
}

/** The form of an existing environment (its password stays stored: the field starts empty). */
export function formFromDraft(d: EnvironmentDraft): EnvForm {
  return {
    ...emptyForm(),
    engine: d.engine,
    name: d.name,
    tier: d.tier === "local" ? "dvp" : d.tier,
    host: d.host ?? "",
    port: d.port ?? 1433,
    database: d.database ?? "",
    user: d.user ?? "",
    displayName: d.displayName ?? "",
    encrypt: d.encrypt,
    trustServerCertificate: d.trustServerCertificate,
    readOnly: d.readOnly,
    connectTimeoutSecs: d.connectTimeoutSecs,
  };
}

/** What `envCompose` is asked for a pasted string: the string, and the form's own name and tier. */
export function composeRequest(f: EnvForm): ComposeRequest {
  return { name: f.name.trim(), tier: f.tier, engine: "mssql", connectionString: f.connectionString };
}

/**
 * The composed environment in the fields (what was typed that the string does not hold stays);
 * the password is cut from the pasted text where the backend found it, and the text is kept
 * masked from then on.
 */
export function applyComposed(f: EnvForm, c: ComposedEnvironment): EnvForm {
  const password = c.passwordAt ? f.connectionString.slice(c.passwordAt[0], c.passwordAt[1]) : f.password;
  return {
    ...formFromDraft(c.draft),
    mode: f.mode,
    name: f.name,
    tier: f.tier,
    displayName: f.displayName,
    readOnly: f.readOnly,
    forceTrust: f.forceTrust,
    connectionString: f.connectionString,
    password,
    masked: c.masked ?? (c.hasPassword ? "(a connection string with a password, hidden)" : f.connectionString),
  };
}

const opt = (s: string): string | null => (s.trim() === "" ? null : s.trim());

/** The request: the fields (however they were filled in); a password only when typed. */
export function formToDraft(f: EnvForm): EnvironmentDraft {
  const sqlite = f.engine === "sqlite";
  return {
    name: f.name.trim(),
    tier: f.tier,
    engine: f.engine,
    host: sqlite ? null : opt(f.host),
    port: sqlite ? null : f.port,
    database: opt(f.database),
    user: sqlite ? null : opt(f.user),
    // The password is sent to be stored; it never comes back.
    password: sqlite || f.password === "" ? null : f.password,
    encrypt: !sqlite && f.encrypt,
    trustServerCertificate: !sqlite && f.trustServerCertificate,
    readOnly: f.readOnly,
    displayName: opt(f.displayName),
    connectTimeoutSecs: sqlite ? null : f.connectTimeoutSecs,
    forceTrust: f.forceTrust,
  };
}

const SHOWN: Record<EnvForm["mode"], readonly (keyof EnvForm)[]> = {
  form: ["name", "host", "port", "database", "user", "password", "displayName", "trustServerCertificate", "connectTimeoutSecs"],
  paste: ["name", "connectionString", "displayName"],
};

/**
 * Places the backend's field errors on the inputs of the current mode. In paste mode a problem of
 * a connection part is shown at the pasted string, with the part it is about. `unplaced` is true
 * when some error has no input to show it: the form then shows the whole message.
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
    // The backend names a field as the request does (camelCase), which is the input's name.
    const input = SHOWN[mode].find((k) => k === field);
    if (input) add(input, message);
    else if (mode === "paste") add("connectionString", `${field}: ${message}`);
    else unplaced = true;
  }
  return { byInput, unplaced };
}

/** Errors shown: a field's only once it was left (touched) or the form was submitted. */
export function shownErrors(
  errors: Partial<Record<keyof EnvForm, string>>,
  touched: ReadonlySet<keyof EnvForm>,
  submitted: boolean,
): Partial<Record<keyof EnvForm, string>> {
  if (submitted) return errors;
  const out: Partial<Record<keyof EnvForm, string>> = {};
  for (const [k, v] of Object.entries(errors) as [keyof EnvForm, string][]) if (touched.has(k)) out[k] = v;
  return out;
}

/** What the Password column says: where the password is, never the password. */
export function passwordLabel(env: Pick<EnvironmentInfo, "engine"> & Partial<Pick<EnvironmentInfo, "password">>): string {
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
  return detailOf(e).cancelled === true;
}
