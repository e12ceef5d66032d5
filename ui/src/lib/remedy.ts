import type { Remedy } from "../bindings/Remedy";
import { detailOf } from "./errors";

/** Every kind of remedy the backend sends (`detail.remedy.kind`). */
export type RemedyKind = Remedy["kind"];

type Wording = { [K in RemedyKind]: (r: Extract<Remedy, { kind: K }>) => string };

/**
 * What the desktop user does about an error, per remedy kind: the screen, tab or button of this
 * app (the CLI words the same remedies as its commands and flags). A mapped type over the
 * generated `Remedy`, so a kind added in Rust (crates/domain/src/error.rs) does not compile here
 * until it is worded.
 */
const WORDING: Wording = {
  replaceEnvironment: (r) => `Choose another name, or use Edit on ${r.environment} in the Environments list (Remove it there first to start over).`,
  listEnvironments: () => "The Environments screen lists them; Add environment creates one.",
  unlockEnvironment: (r) => `Unlock ${r.environment} in the banner at the top (type its name) to write for this session.`,
  setPassword: (r) => `On the Environments screen, use the key button of ${r.environment} to store its password.`,
  forceTrust: () => "Tick “I accept trusting any certificate on prd” under the certificate option, or install the server's CA certificate.",
  withoutKeyring: () => "Keep the password for this session only: use the key button on the Environments screen (the form offers the same when saving).",
  repairMigration: () => "Fix the migration file; repairing the history is done from the command line for now (ivr migrate repair), then deploy again on the Schema screen.",
  deployMigrations: () => "Deploy this environment's migrations on the Schema screen first.",
  allowDestructive: () => "On the Schema screen, review the destructive statements on the Pending tab and tick “I reviewed the destructive statements”, then deploy.",
  listMigrations: () => "The Schema screen lists the migrations and their versions.",
  listMessageStores: () => "Pick a store from the list on the Messages screen.",
  createMessageStore: (r) => `Create a store for ${r.customer}/${r.project} with New store on the Messages screen.`,
  listMessageKeys: () => "Pick a key from the store's key list on the Messages screen.",
  deleteUnpublishedVersion: (r) => `Delete a version that is not published (${r.versions.map((v) => `v${v}`).join(", ")}) from the key's version list, then try again.`,
  listDrafts: (r) => (r.routingId ? `Open ${r.routingId} on the Flows screen and pick a draft on its Drafts tab.` : "Open the flow on the Flows screen and pick a draft on its Drafts tab."),
  listFlowVersions: (r) => `Open ${r.routingId} on the Flows screen; its Versions tab lists the published versions.`,
  compareDraftWithLive: () => "Your draft is kept: use Compare in the designer to see what changed live, then open a new draft and redo your changes.",
};

/** The remedy as this app words it. */
export function remedyText(r: Remedy): string {
  return (WORDING[r.kind] as (r: Remedy) => string)(r);
}

/** An error's remedy in the desktop's words, when it carries one (`detail.remedy`). */
export function remedyOf(e: { detail?: unknown } | null | undefined): string | null {
  const r = detailOf(e).remedy;
  return r && typeof r === "object" && typeof r.kind === "string" && r.kind in WORDING ? remedyText(r) : null;
}

/** The message followed by the remedy in the desktop's words (for notifications and copied text). */
export function errorText(e: { message: string; detail?: unknown }): string {
  const r = remedyOf(e);
  return r ? `${e.message}\n${r}` : e.message;
}
