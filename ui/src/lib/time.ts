/**
 * Times as people read them: the local date and time with its zone, so a time is never ambiguous
 * ("2026-01-20 11:00:00 CET"). The database stores UTC (ISO-8601); filters are typed in the same
 * local zone and converted back with {@link localInputToUtc}.
 */
export function formatTime(iso: string | null | undefined, timeZone?: string): string {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
    timeZoneName: "short",
  }).formatToParts(d);
  const p = (t: Intl.DateTimeFormatPartTypes) => parts.find((x) => x.type === t)?.value ?? "";
  return `${p("year")}-${p("month")}-${p("day")} ${p("hour")}:${p("minute")}:${p("second")} ${p("timeZoneName")}`;
}

/** The zone this screen shows times in ("CET", "UTC"), for labels such as "From (CET)". */
export function zoneName(timeZone?: string, at: Date = new Date()): string {
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone, timeZoneName: "short" }).formatToParts(at);
  return parts.find((x) => x.type === "timeZoneName")?.value ?? "local time";
}

/** A `datetime-local` input's value (local time, no zone) as ISO-8601 UTC; null when empty. */
export function localInputToUtc(local: string): string | null {
  if (local.trim() === "") return null;
  const d = new Date(local);
  return Number.isNaN(d.getTime()) ? local : d.toISOString();
}
