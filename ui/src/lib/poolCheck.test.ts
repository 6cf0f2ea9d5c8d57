import { ordered, summary } from "./poolCheck";
import type { Finding, Report } from "../bindings";

const finding = (check: Finding["check"], severity: Finding["severity"]): Finding => ({
  check,
  severity,
  found: `${check} found`,
  why: `${check} why`,
  fix: severity === "ok" ? null : `${check} fix`,
});

const report = (findings: Finding[]): Report => ({
  userPoolId: "eu-west-1_AbC",
  poolName: "acme",
  clientId: "c",
  clientName: "desktop",
  findings,
});

describe("pool check report", () => {
  it("orders findings worst first and keeps the doctor's order within a severity", () => {
    const sorted = ordered(
      report([
        finding("mfa", "ok"),
        finding("client-secret", "warning"),
        finding("email-uniqueness", "error"),
        finding("deletion-protection", "warning"),
        finding("token-validity", "info"),
      ]),
    );
    expect(sorted.map((f) => f.check)).toEqual([
      "email-uniqueness",
      "client-secret",
      "deletion-protection",
      "token-validity",
      "mfa",
    ]);
  });

  it("counts each severity present, with singulars and plurals", () => {
    expect(summary(report([finding("mfa", "error"), finding("auth-flows", "warning"), finding("client-secret", "warning"), finding("token-validity", "ok")]))).toBe(
      "1 error, 2 warnings, 1 fine",
    );
    expect(summary(report([finding("mfa", "info")]))).toBe("1 note");
  });
});
