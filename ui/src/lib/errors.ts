// Where an error is shown: next to the field it concerns, else at the form. The core says which
// field (and, for a user attribute, which attribute); the sentence comes from the catalogue.
import type { AuthView, Field } from "../bindings";
import { errorMessage } from "./messages";

/** A field a form shows, other than a user attribute. */
export type FormField = Exclude<Field, "attribute">;

/** The message for `field`, when the view's error points at it. */
export function fieldError(view: AuthView, field: FormField): string | undefined {
  return view.error?.field === field ? errorMessage(view.error) : undefined;
}

/** The message for a new password (new-password and reset screens): the core points at
 * `newPassword`, or at `password` for Cognito's `InvalidPasswordException` wherever it arises. */
export function newPasswordError(view: AuthView): string | undefined {
  return fieldError(view, "newPassword") ?? fieldError(view, "password");
}

/** The fields a new-password input answers for, for `formError`. */
export const NEW_PASSWORD_FIELDS: readonly FormField[] = ["newPassword", "password"];

/** The message for the code of the verification of `attribute` (account screen). */
export function verificationCodeError(view: AuthView, attribute: string): string | undefined {
  const error = view.error;
  return error?.field === "code" && error.attribute === attribute ? errorMessage(error) : undefined;
}

/** The message for the user attribute `name` (`email`, `custom:team`), when the error points at it. */
export function attributeError(view: AuthView, name: string): string | undefined {
  const error = view.error;
  return error?.field === "attribute" && error.attribute === name ? errorMessage(error) : undefined;
}

/** The message for the form: errors with no field, or about a field or attribute this form does
 * not show (so no error is ever lost). */
export function formError(
  view: AuthView,
  fieldsOnScreen: readonly FormField[],
  attributesOnScreen: readonly string[] = [],
): string | undefined {
  const error = view.error;
  if (!error) return undefined;
  if (!error.field) return errorMessage(error);
  const shown =
    error.field === "attribute"
      ? error.attribute !== null && attributesOnScreen.includes(error.attribute)
      : fieldsOnScreen.includes(error.field);
  return shown ? undefined : errorMessage(error);
}
