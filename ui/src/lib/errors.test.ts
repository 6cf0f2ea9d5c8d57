import { NEW_PASSWORD_FIELDS, attributeError, fieldError, formError, newPasswordError } from "./errors";
import { failure, view } from "../test/backend";

const at = (extra: Parameters<typeof failure>[1]) => view({ kind: "starting" }, { error: failure("service", { detail: "Nope.", ...extra }) });

describe("where an error is shown", () => {
  it("next to a field the form shows, else at the form", () => {
    const error = at({ field: "code" });
    expect(fieldError(error, "code")).toBe("Nope.");
    expect(formError(error, ["code"])).toBeUndefined();
    expect(formError(error, ["username"])).toBe("Nope.");
  });

  it("next to the attribute it names, else at the form", () => {
    const error = at({ field: "attribute", attribute: "custom:team" });
    expect(attributeError(error, "custom:team")).toBe("Nope.");
    expect(attributeError(error, "email")).toBeUndefined();
    expect(fieldError(error, "username")).toBeUndefined();
    expect(formError(error, [], ["custom:team"])).toBeUndefined();
    expect(formError(error, ["username"], ["email"])).toBe("Nope.");
  });

  it("at the form when it names no field", () => {
    expect(formError(at({}), ["username"])).toBe("Nope.");
    expect(formError(view({ kind: "starting" }), [])).toBeUndefined();
  });

  it("next to a new password whether the core names it newPassword or password", () => {
    for (const field of ["newPassword", "password"] as const) {
      expect(newPasswordError(at({ field }))).toBe("Nope.");
      expect(formError(at({ field }), NEW_PASSWORD_FIELDS)).toBeUndefined();
    }
    expect(newPasswordError(at({ field: "code" }))).toBeUndefined();
  });
});
