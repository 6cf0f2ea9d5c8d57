// Where an error is shown: next to the field it concerns, else at the form.
import type { AuthView, Field } from "../bindings";

/** The message for `field`, when the view's error points at it. */
export function fieldError(view: AuthView, field: Field): string | undefined {
  return view.error?.field === field ? view.error.message : undefined;
}

/** The message for the form: errors with no field, or about a field this form does not show. */
export function formError(view: AuthView, fieldsOnScreen: readonly Field[]): string | undefined {
  const error = view.error;
  if (!error) return undefined;
  return error.field && fieldsOnScreen.includes(error.field) ? undefined : error.message;
}
