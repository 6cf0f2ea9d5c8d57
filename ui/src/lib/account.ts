// The account screen's rules: which attributes changed, which can be verified, and where an error
// goes when several forms share one screen (next to its field, else at the form the user last
// used, else at the top).
import type { ViewError, UserAttribute, UserSummary } from "../bindings";

/** The forms of the account screen that show their own form-level error. */
export type AccountSection = "attributes" | "password" | "danger" | "devices" | "devicePrompt" | `verify:${string}`;

/** The value of each editable attribute, for the form's initial state. */
export function attributeValues(attributes: readonly UserAttribute[]): Record<string, string> {
  return Object.fromEntries(attributes.filter((a) => a.editable).map((a) => [a.name, a.value]));
}

/** Only what the user changed, trimmed; an emptied attribute is sent as "" (the core deletes it). */
export function changedAttributes(
  attributes: readonly UserAttribute[],
  values: Record<string, string>,
): Record<string, string> {
  const changed: Record<string, string> = {};
  for (const attribute of attributes) {
    if (!attribute.editable) continue;
    const value = (values[attribute.name] ?? attribute.value).trim();
    if (value !== attribute.value) changed[attribute.name] = value;
  }
  return changed;
}

/** The email address and phone number that have a value but are not verified yet. */
export function unverified(attributes: readonly UserAttribute[]): UserAttribute[] {
  return attributes.filter(
    (a) => (a.name === "email" || a.name === "phone_number") && a.verified === false && a.value !== "",
  );
}

/** Whether the screen shows `error` next to a field (so no form repeats it). */
export function shownAtField(error: ViewError, user: UserSummary): boolean {
  switch (error.field) {
    case "attribute":
      return user.attributes.some((a) => a.editable && a.name === error.attribute);
    case "code":
      return unverified(user.attributes).some((a) => a.name === error.attribute);
    case "currentPassword":
    case "newPassword":
    case "password":
      return true;
    case "username":
    case null:
      return false;
  }
}

/** Whether the section is on screen for `user` (a verification form goes once verified). */
function onScreen(section: AccountSection, user: UserSummary): boolean {
  if (section === "devices") return user.devices.length > 0;
  if (section === "devicePrompt") return user.devicePrompt;
  if (!section.startsWith("verify:")) return true;
  return unverified(user.attributes).some((a) => `verify:${a.name}` === section);
}

/** Where a form-level error goes: the section the user last submitted, else the top. `null` when
 * there is none or it is shown next to a field. */
export function errorSection(
  error: ViewError | null,
  user: UserSummary,
  last: AccountSection | null,
): AccountSection | "top" | null {
  if (!error || shownAtField(error, user)) return null;
  return last !== null && onScreen(last, user) ? last : "top";
}
