// Second factors as the UI names them, and the choice a signed-in user makes for each.
import type { MfaChoice, MfaMethod, MfaSummary } from "../bindings";

export const MFA_LABELS: Record<MfaMethod, string> = {
  sms: "Text message (SMS)",
  totp: "Authenticator app",
};

export const MFA_CHOICES: readonly MfaChoice[] = ["disabled", "enabled", "preferred"];

/** How `method` is set for the user now. */
export function currentChoice(mfa: MfaSummary, method: MfaMethod): MfaChoice {
  if (mfa.preferred === method) return "preferred";
  return mfa.enabled.includes(method) ? "enabled" : "disabled";
}
