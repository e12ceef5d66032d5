// Generated from src-tauri/src/commands.rs by `UPDATE_BINDINGS=1 cargo test -p ivr-studio --test bindings`. Do not edit.
import { invoke } from "@tauri-apps/api/core";
import type { ApiError } from "./ApiError";

export const commands = {
  /** Called by the UI once its first screen is drawn; prints the start-up time for the benchmark. */
  appReady: (): Promise<null> => invoke("app_ready"),
};

export type Commands = typeof commands;
