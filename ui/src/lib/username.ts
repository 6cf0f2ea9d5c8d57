// What users sign in with, as a form asks for it: a username, or the pool's username attributes
// (an email address, a phone number, or either). The input keeps `name="username"` everywhere;
// only its label, type and keyboard follow the pool.
import type { AuthView, UsernameField } from "../bindings";
import { errorMessage, usernameRequiredMessage } from "./messages";

export type UsernameInput = {
  label: string;
  type: "text" | "email" | "tel";
  inputmode: "text" | "email" | "tel";
  autocomplete: AutoFill;
};

const INPUTS: Record<UsernameField, UsernameInput> = {
  username: { label: "Username", type: "text", inputmode: "text", autocomplete: "username" },
  email: { label: "Email", type: "email", inputmode: "email", autocomplete: "username" },
  phoneNumber: { label: "Phone number", type: "tel", inputmode: "tel", autocomplete: "username" },
  // Either one: a plain text input, so neither keyboard nor browser check refuses the other.
  emailOrPhone: { label: "Email or phone number", type: "text", inputmode: "text", autocomplete: "username" },
};

/** How the sign-in and forgot-password screens ask for what the user signs in with. */
export function usernameInput(field: UsernameField): UsernameInput {
  return INPUTS[field];
}

/** Whether the sign-up form asks for a username of its own (else an attribute is the username). */
export function asksForUsername(field: UsernameField): boolean {
  return field === "username";
}

/** The message for the username input: an empty one is named as the screen names it. */
export function usernameError(view: AuthView, field: UsernameField): string | undefined {
  const error = view.error;
  if (error?.field !== "username") return undefined;
  return error.kind === "required" ? usernameRequiredMessage(field) : errorMessage(error);
}
