import { checkPassword } from "./password";
import { policy } from "../test/backend";

const met = (password: string, rules = policy) =>
  Object.fromEntries(checkPassword(rules, password).map((check) => [check.rule, check.met]));

describe("checkPassword", () => {
  it("lists only the rules the policy asks for, length first", () => {
    const lenient = { ...policy, minimumLength: 6, requireUppercase: false, requireSymbols: false };
    expect(checkPassword(lenient, "").map((check) => check.rule)).toEqual(["length", "lowercase", "numbers"]);
    expect(checkPassword(lenient, "")[0].label).toBe("At least 6 characters");
  });

  it.each([
    ["", { length: false, uppercase: false, lowercase: false, numbers: false, symbols: false }],
    ["Abcdefg1", { length: true, uppercase: true, lowercase: true, numbers: true, symbols: false }],
    ["ABC!", { length: false, uppercase: true, lowercase: false, numbers: false, symbols: true }],
  ])("checks %j", (password, expected) => {
    expect(met(password)).toEqual(expected);
  });

  it.each([..."^$*.[]{}()?\"!@#%&/\\,><':;|_~`=+-"])("counts %s as a symbol", (symbol) => {
    expect(met(`a${symbol}b`).symbols).toBe(true);
  });

  it("counts a space as a symbol only inside the password, as Cognito does", () => {
    expect(met("ab cd").symbols).toBe(true);
    expect(met(" abcd").symbols).toBe(false);
    expect(met("abcd ").symbols).toBe(false);
  });

  it("does not count other characters as symbols", () => {
    expect(met("a€b§c").symbols).toBe(false);
  });
});
