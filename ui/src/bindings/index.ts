// Generated. Do not edit.
export { commands } from "./commands";
export type { Commands } from "./commands";
export type { AddEnvironmentArgs } from "./AddEnvironmentArgs";
export type { ApiError } from "./ApiError";
export type { ConnectionTest } from "./ConnectionTest";
export type { Engine } from "./Engine";
export type { EnvironmentAdded } from "./EnvironmentAdded";
export type { EnvironmentInfo } from "./EnvironmentInfo";
export type { EnvironmentRemoved } from "./EnvironmentRemoved";
export type { NameArg } from "./NameArg";
export type { ParsedConnection } from "./ParsedConnection";
export type { PasswordState } from "./PasswordState";
export type { SessionInfo } from "./SessionInfo";
export type { TestArg } from "./TestArg";
export type { TextArg } from "./TextArg";
export type { Tier } from "./Tier";
export type { UnlockArg } from "./UnlockArg";
