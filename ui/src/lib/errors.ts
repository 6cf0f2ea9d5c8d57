// Where an error is shown: next to the field it concerns, else at the form. The core says which
// field (and, for a user attribute, which attribute); the UI never reads the message to decide.
import type { AuthView, Field } from "../bindings";

/** A field a form shows, other than a user attribute. */
export type FormField = Exclude<Field, "attribute">;

/** The message for `field`, when the view's error points at it. */
export function fieldError(view: AuthView, field: FormField): string | undefined {
  return view.error?.field === field ? view.error.message : undefined;
}

/** The message for a new password (new-password and reset screens): the core points at
 * `newPassword`, or at `password` for Cognito's `InvalidPasswordException` wherever it arises. */
export function newPasswordError(view: AuthView): string | undefined {
  return fieldError(view, "newPassword") ?? fieldError(view, "password");
}

/** The fields a new-password input answers for, for `formError`. */
export const NEW_PASSWORD_FIELDS: readonly FormField[] = ["newPassword", "password"];

/** The message for the user attribute `name` (`email`, `custom:team`), when the error points at it. */
export function attributeError(view: AuthView, name: string): string | undefined {
  const error = view.error;
  return error?.field === "attribute" && error.attribute === name ? error.message : undefined;
}

/** The message for the form: errors with no field, or about a field or attribute this form does
 * not show (so no error is ever lost). */
export function formError(
  view: AuthView,
  fieldsOnScreen: readonly FormField[],
  attributesOnScreen: readonly string[] = [],
): string | undefined {
  const error = view.error;
  if (!error || !error.field) return error?.message;
  const shown =
    error.field === "attribute"
      ? error.attribute !== null && attributesOnScreen.includes(error.attribute)
      : fieldsOnScreen.includes(error.field);
  return shown ? undefined : error.message;
}
