// The pool's password policy as a checklist the user sees while typing. A courtesy only: the pool
// enforces the policy. Rules follow Cognito's documentation:
// https://docs.aws.amazon.com/cognito/latest/developerguide/managing-users-passwords.html#user-pool-settings-policies
import type { PasswordPolicy } from "../bindings";

export type PasswordRule = "length" | "uppercase" | "lowercase" | "numbers" | "symbols";

export type RuleCheck = { rule: PasswordRule; label: string; met: boolean };

/** Cognito's special characters. A space counts too, unless it leads or trails the password. */
const SYMBOLS = new Set("^$*.[]{}()?\"!@#%&/\\,><':;|_~`=+-");

function hasSymbol(password: string): boolean {
  const chars = [...password];
  return chars.some(
    (char, index) => SYMBOLS.has(char) || (char === " " && index > 0 && index < chars.length - 1),
  );
}

/** The rules `policy` asks for, each with whether `password` meets it; length always comes first. */
export function checkPassword(policy: PasswordPolicy, password: string): RuleCheck[] {
  const checks: RuleCheck[] = [
    {
      rule: "length",
      label: `At least ${policy.minimumLength} characters`,
      met: [...password].length >= policy.minimumLength,
    },
  ];
  if (policy.requireUppercase) {
    checks.push({ rule: "uppercase", label: "An uppercase letter", met: /[A-Z]/.test(password) });
  }
  if (policy.requireLowercase) {
    checks.push({ rule: "lowercase", label: "A lowercase letter", met: /[a-z]/.test(password) });
  }
  if (policy.requireNumbers) {
    checks.push({ rule: "numbers", label: "A number", met: /[0-9]/.test(password) });
  }
  if (policy.requireSymbols) {
    checks.push({ rule: "symbols", label: "A symbol, such as ! @ # $ %", met: hasSymbol(password) });
  }
  return checks;
}
