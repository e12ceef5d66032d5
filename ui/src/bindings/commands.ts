// Generated from src-tauri/src/commands.rs by `UPDATE_BINDINGS=1 cargo test -p ivr-studio --test bindings`. Do not edit.
import { invoke } from "@tauri-apps/api/core";
import type { AddEnvironmentArgs } from "./AddEnvironmentArgs";
import type { ConnectionTest } from "./ConnectionTest";
import type { EnvironmentAdded } from "./EnvironmentAdded";
import type { EnvironmentInfo } from "./EnvironmentInfo";
import type { EnvironmentRemoved } from "./EnvironmentRemoved";
import type { NameArg } from "./NameArg";
import type { ParsedConnection } from "./ParsedConnection";
import type { SessionInfo } from "./SessionInfo";
import type { TestArg } from "./TestArg";
import type { TextArg } from "./TextArg";
import type { UnlockArg } from "./UnlockArg";

export const commands = {
  /** Called by the UI once its first screen is drawn; prints the start-up time for the benchmark. */
  appReady: (): Promise<null> => invoke("app_ready"),
  /** The open environment (`local` is opened, and on first start created with demo data). */
  sessionCurrent: (): Promise<SessionInfo> => invoke("session_current"),
  /** Opens another environment; the previous one is closed. */
  sessionOpen: (req: NameArg): Promise<SessionInfo> => invoke("session_open", { req }),
  /** Unlocks a read-only environment for this session when its name is typed exactly. */
  sessionUnlock: (req: UnlockArg): Promise<SessionInfo> => invoke("session_unlock", { req }),
  /** Makes a prd (or read_only) environment read-only again. */
  sessionLock: (): Promise<SessionInfo> => invoke("session_lock"),
  /** Every profile, `local` first (the keyring is not asked). */
  envList: (): Promise<Array<EnvironmentInfo>> => invoke("env_list"),
  /** Adds a SQL Server environment; its password goes to the OS keyring (or, when the user accepted it, to memory for this session). */
  envAdd: (req: AddEnvironmentArgs): Promise<EnvironmentAdded> => invoke("env_add", { req }),
  /** Removes a profile and its stored password. */
  envRemove: (req: NameArg): Promise<EnvironmentRemoved> => invoke("env_remove", { req }),
  /** What a pasted connection string says (never its password). */
  envParseConnectionString: (req: TextArg): Promise<ParsedConnection> => invoke("env_parse_connection_string", { req }),
  /** Connects once and reports the server version and pending migrations; cancellable. */
  envTest: (req: TestArg): Promise<ConnectionTest> => invoke("env_test", { req }),
  /** Stops a running connection test; false when none runs. */
  envTestCancel: (): Promise<boolean> => invoke("env_test_cancel"),
};

export type Commands = typeof commands;
