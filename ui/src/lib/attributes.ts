// User attributes as a form sends them: keyed by Cognito attribute name, values trimmed, empty
// optional attributes left out (Cognito would store an empty string). Required ones are always
// sent, so an empty one is reported by the core next to its field.
import type { AttributeField } from "../bindings";

export type AttributeValues = Record<string, string>;

/** One empty value per field, for a form's initial state. */
export function emptyValues(fields: readonly AttributeField[]): AttributeValues {
  return Object.fromEntries(fields.map((field) => [field.name, ""]));
}

/** The attributes to send for what the user typed. */
export function attributesToSend(fields: readonly AttributeField[], values: AttributeValues): AttributeValues {
  const sent: AttributeValues = {};
  for (const field of fields) {
    const value = (values[field.name] ?? "").trim();
    if (field.required || value !== "") sent[field.name] = value;
  }
  return sent;
}
