// How the devices section words a device: its name, and its last sign-in in the user's locale.
import type { DeviceSummary } from "../bindings";

/** The user's locale and time zone (the web view's), medium date and short time. */
const DATE = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

/** The last sign-in in the user's locale, or `null` when the pool did not say or the date is not
 * one. */
export function lastSignedIn(device: DeviceSummary, format: Intl.DateTimeFormat = DATE): string | null {
  if (device.lastSignedInAt === null) return null;
  const date = new Date(device.lastSignedInAt);
  return Number.isNaN(date.getTime()) ? null : format.format(date);
}

/** The device's name, else a stand-in (a device confirmed without a name). */
export function deviceName(device: DeviceSummary): string {
  return device.name?.trim() || "Unnamed device";
}
