// Generated. Do not edit.
export { commands } from "./commands";
export type { Commands } from "./commands";
export type { ApiError } from "./ApiError";
