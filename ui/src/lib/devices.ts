// How the devices section words a device: its name, and its last sign-in in the user's locale.
import type { DeviceSummary } from "../bindings";

/** The user's locale and time zone (the web view's), medium date and short time. Made on first
 * use, not when the module loads: the first `Intl` object makes WebKit load ICU's locale data,
 * about 3.5 MiB the sign-in screen, shown at start-up, does not need (issue 6's memory goal). */
let date: Intl.DateTimeFormat | undefined;
function dateFormat(): Intl.DateTimeFormat {
  date ??= new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
  return date;
}

/** The last sign-in in the user's locale, or `null` when the pool did not say or the date is not
 * one. */
export function lastSignedIn(device: DeviceSummary, format: Intl.DateTimeFormat = dateFormat()): string | null {
  if (device.lastSignedInAt === null) return null;
  const when = new Date(device.lastSignedInAt);
  return Number.isNaN(when.getTime()) ? null : format.format(when);
}

/** The device's name, else a stand-in (a device confirmed without a name). */
export function deviceName(device: DeviceSummary): string {
  return device.name?.trim() || "Unnamed device";
}
