// The pool check's report, arranged for the panel: worst first, a title per check, a count per
// severity. The findings' own sentences come from the doctor (the same ones `gatehouse doctor`
// prints); only the titles are the UI's.
import type { Check, Finding, Report, Severity } from "../bindings";

/** Worst first; a `Record` so that a severity added in Rust fails to type-check here. */
const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2, ok: 3 };

export const SEVERITY_LABEL: Record<Severity, string> = {
  error: "Error",
  warning: "Warning",
  info: "Note",
  ok: "Fine",
};

export const CHECK_TITLE: Record<Check, string> = {
  "email-uniqueness": "Email uniqueness",
  "auth-flows": "Authentication flows",
  "client-secret": "Client secret",
  "user-existence-errors": "User existence errors",
  "token-revocation": "Token revocation",
  "schema-attributes": "Sign-up attributes",
  "mfa": "Multi-factor authentication",
  "password-policy": "Password policy",
  "self-sign-up-verification": "Self sign-up verification",
  "token-validity": "Token lifetimes",
  "deletion-protection": "Deletion protection",
  "device-tracking": "Device tracking",
  "profile-username-attributes": "Profile: sign-in attribute",
  "profile-password-policy": "Profile: password policy",
  "profile-mfa": "Profile: MFA",
};

/** The findings, worst first, keeping the doctor's order within a severity. */
export function ordered(report: Report): Finding[] {
  return report.findings
    .map((finding, index) => ({ finding, index }))
    .sort((a, b) => RANK[a.finding.severity] - RANK[b.finding.severity] || a.index - b.index)
    .map(({ finding }) => finding);
}

/** "1 error, 2 warnings, 9 fine": the non-zero counts, worst first. */
export function summary(report: Report): string {
  const counts = new Map<Severity, number>();
  for (const finding of report.findings) counts.set(finding.severity, (counts.get(finding.severity) ?? 0) + 1);
  const words: Record<Severity, [string, string]> = {
    error: ["error", "errors"],
    warning: ["warning", "warnings"],
    info: ["note", "notes"],
    ok: ["fine", "fine"],
  };
  return (Object.keys(RANK) as Severity[])
    .filter((severity) => counts.has(severity))
    .map((severity) => {
      const count = counts.get(severity) ?? 0;
      return `${count} ${words[severity][count === 1 ? 0 : 1]}`;
    })
    .join(", ");
}
