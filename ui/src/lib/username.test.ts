import { asksForUsername, usernameError, usernameInput } from "./username";
import { failure, signInScreen, view } from "../test/backend";
import type { UsernameField } from "../bindings";

const ALL: UsernameField[] = ["username", "email", "phoneNumber", "emailOrPhone"];

describe("usernameInput", () => {
  it.each([
    ["username", "Username", "text"],
    ["email", "Email", "email"],
    ["phoneNumber", "Phone number", "tel"],
    ["emailOrPhone", "Email or phone number", "text"],
  ] as const)("asks for %s as %s (type %s)", (field, label, type) => {
    expect(usernameInput(field)).toMatchObject({ label, type, autocomplete: "username" });
  });
});

describe("asksForUsername", () => {
  it("only a username pool asks for a username of its own", () => {
    expect(ALL.filter(asksForUsername)).toEqual(["username"]);
  });
});

describe("usernameError", () => {
  it.each([
    ["username", "Enter a username."],
    ["email", "Enter your email address."],
    ["phoneNumber", "Enter your phone number."],
    ["emailOrPhone", "Enter your email address or phone number."],
  ] as const)("names an empty %s input as the screen does", (field, sentence) => {
    const shown = view(signInScreen(null, field), { error: failure("required", { field: "username" }) });
    expect(usernameError(shown, field)).toBe(sentence);
  });

  it("uses the catalogue for other kinds and ignores errors about other fields", () => {
    const notFound = view(signInScreen(null, "email"), { error: failure("userNotFound", { field: "username" }) });
    expect(usernameError(notFound, "email")).toBe("User does not exist.");
    const password = view(signInScreen(null, "email"), { error: failure("required", { field: "password" }) });
    expect(usernameError(password, "email")).toBeUndefined();
    expect(usernameError(view(signInScreen()), "email")).toBeUndefined();
  });
});
