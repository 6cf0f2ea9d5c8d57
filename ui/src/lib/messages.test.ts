import {
  ERROR_KINDS,
  NOTICE_KINDS,
  PROFILE_ERROR_KINDS,
  IPC_ERROR_KINDS,
  POOL_CHECK_ERROR_KINDS,
  errorMessage,
  ipcErrorMessage,
  noticeMessage,
  poolCheckErrorMessage,
  profileErrorMessage,
} from "./messages";
import { failure } from "../test/backend";
import type { ErrorKind, Field } from "../bindings";

const FIELDS: (Field | null)[] = [null, "username", "password", "newPassword", "currentPassword", "code", "attribute"];

/** The kinds whose sentence is built from `detail`; every other kind must ignore it. */
const USES_DETAIL: ErrorKind[] = [
  "passwordTooShort",
  "unknownAttribute",
  "notAuthorized",
  "invalidPassword",
  "invalidParameter",
  "limitExceeded",
  "userLambdaValidation",
  "unsupportedChallenge",
  "poolError",
  "service",
];

describe("the message catalogue", () => {
  it("lists every kind of the contract", () => {
    expect(ERROR_KINDS).toHaveLength(41);
    expect(NOTICE_KINDS).toHaveLength(16);
    expect(PROFILE_ERROR_KINDS).toHaveLength(9);
  });

  it.each(ERROR_KINDS)("has a sentence for %s, whatever the field, with no detail", (kind) => {
    for (const field of FIELDS) {
      const sentence = errorMessage(failure(kind, { field, attribute: field === "attribute" ? "custom:team" : null }));
      expect(sentence.trim().length).toBeGreaterThan(10);
      expect(sentence).not.toMatch(/null|undefined|\{|\}/);
      expect(sentence).toMatch(/[.!]$/);
    }
  });

  it.each(ERROR_KINDS.filter((kind) => !USES_DETAIL.includes(kind)))("ignores the detail of %s", (kind) => {
    const raw = "NotAuthorizedException: raw pool text";
    expect(errorMessage(failure(kind, { detail: raw }))).toBe(errorMessage(failure(kind)));
    expect(errorMessage(failure(kind, { detail: raw }))).not.toContain("raw pool text");
  });

  it("says the minimum length, the challenge and the attribute the core names", () => {
    expect(errorMessage(failure("passwordTooShort", { field: "newPassword", detail: "12" }))).toBe(
      "The password must be at least 12 characters long.",
    );
    expect(errorMessage(failure("unsupportedChallenge", { detail: "CUSTOM_CHALLENGE" }))).toContain("CUSTOM_CHALLENGE");
    expect(errorMessage(failure("unknownAttribute", { detail: "custom:x" }))).toBe("This form does not ask for custom:x.");
  });

  it("shows a trigger's reason and the pool's sentences verbatim", () => {
    const reason = "PreSignUp failed with error Sign-ups from blocked.example are closed.";
    expect(errorMessage(failure("userLambdaValidation", { detail: reason }))).toBe(reason);
    for (const kind of ["invalidPassword", "invalidParameter", "notAuthorized", "limitExceeded", "service"] as const) {
      expect(errorMessage(failure(kind, { detail: "The pool says so." }))).toBe("The pool says so.");
    }
  });

  it("falls back to its own sentence when the pool sent none", () => {
    expect(errorMessage(failure("userLambdaValidation"))).toBe("The pool's sign-up or sign-in rules refused the request.");
    expect(errorMessage(failure("notAuthorized", { detail: "  " }))).toBe("The user pool refused the request.");
  });

  it("tells the network faults apart, each with what to do", () => {
    const unreachable = errorMessage(failure("network"));
    const slow = errorMessage(failure("poolTimeout"));
    const failing = errorMessage(failure("poolError", { detail: "InternalErrorException" }));
    const throttled = errorMessage(failure("tooManyRequests"));
    expect(new Set([unreachable, slow, failing, throttled]).size).toBe(4);
    expect(unreachable).toMatch(/could not be reached/);
    expect(slow).toMatch(/too slow/);
    expect(failing).toContain("InternalErrorException");
    expect(throttled).toMatch(/Too many requests/);
    for (const sentence of [unreachable, slow, failing, throttled]) {
      expect(sentence).toMatch(/try again/i);
    }
  });

  it("keeps today's wording where the end-to-end suite reads it", () => {
    expect(errorMessage(failure("sessionEnded")).toLowerCase()).toContain("session has ended");
    expect(errorMessage(failure("incorrectCredentials"))).toBe("Incorrect username or password.");
  });

  it("asks for the field that is empty", () => {
    expect(errorMessage(failure("required", { field: "username" }))).toBe("Enter a username.");
    expect(errorMessage(failure("required", { field: "currentPassword" }))).toBe("Enter your current password.");
    expect(errorMessage(failure("required", { field: "attribute", attribute: "phone_number" }))).toBe("Enter your phone number.");
    expect(errorMessage(failure("required", { field: "attribute", attribute: "custom:team" }))).toBe("Enter your team.");
    expect(errorMessage(failure("aliasExists", { field: "attribute", attribute: "email" }))).toBe(
      "Another account already uses this email address.",
    );
  });

  it.each(NOTICE_KINDS)("has a notice for %s, with and without a destination", (kind) => {
    for (const destination of [null, "e***@e***.com"]) {
      const sentence = noticeMessage({ kind, destination });
      expect(sentence.length).toBeGreaterThan(5);
      expect(sentence).not.toMatch(/null|undefined/);
    }
  });

  it("says where a code went", () => {
    expect(noticeMessage({ kind: "newCodeSent", destination: "d***@e***.com" })).toBe("We sent a new code to d***@e***.com.");
    expect(noticeMessage({ kind: "codeSent", destination: null })).toBe("We sent a code.");
    expect(noticeMessage({ kind: "verificationCodeSent", destination: "+*******0100" })).toContain("to +*******0100.");
  });

  it.each(PROFILE_ERROR_KINDS)("has a profile error for %s, with and without a field", (kind) => {
    for (const field of [null, "auth.user_pool_id"]) {
      const sentence = profileErrorMessage({ kind, field });
      expect(sentence.length).toBeGreaterThan(10);
      expect(sentence).not.toMatch(/null|undefined/);
    }
  });

  it.each(IPC_ERROR_KINDS)("has a sentence of its own for the app's failure %s", (kind) => {
    const sentence = ipcErrorMessage({ kind, message: "RUST TEXT" });
    expect(sentence.length).toBeGreaterThan(10);
    expect(sentence).not.toContain("RUST TEXT");
  });

  it.each(POOL_CHECK_ERROR_KINDS)("says why the pool check failed: %s", (kind) => {
    const sentence = poolCheckErrorMessage({ kind, code: null });
    expect(sentence.length).toBeGreaterThan(10);
    expect(sentence).not.toMatch(/null|undefined/);
  });

  it("names only the pool's error code when the pool refused the check", () => {
    expect(poolCheckErrorMessage({ kind: "pool", code: "ThrottlingException" })).toContain("ThrottlingException");
    expect(poolCheckErrorMessage({ kind: "network", code: "SHOULD NOT SHOW" })).not.toContain("SHOULD NOT SHOW");
    expect(POOL_CHECK_ERROR_KINDS).toHaveLength(8);
  });

  it("says something plain for a failure of Tauri itself", () => {
    const odd = { kind: "somethingElse", message: "command forbidden" } as never;
    expect(ipcErrorMessage(odd)).toContain("Restart");
  });

  it("names the configuration field that is missing or wrong", () => {
    expect(profileErrorMessage({ kind: "missingField", field: "auth.user_pool_id" })).toContain("auth.user_pool_id");
    expect(profileErrorMessage({ kind: "invalidField", field: "auth.aws_region" })).toContain("auth.aws_region");
  });
});
