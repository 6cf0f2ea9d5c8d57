import { changedAttributes, errorSection, unverified } from "./account";
import { attribute, failure, user } from "../test/backend";

const team = attribute({ name: "custom:team", label: "Team", kind: "text", value: "red", verified: null });
const phone = attribute({ name: "phone_number", label: "Phone number", kind: "phone", value: "+15555550100", verified: false });
const sub = attribute({ name: "custom:id", label: "Id", kind: "text", value: "42", verified: null, editable: false });
const attributes = [attribute(), phone, team, sub];

describe("changedAttributes", () => {
  it("sends only what changed, trimmed", () => {
    expect(changedAttributes(attributes, { email: "erin@example.com", phone_number: " +15555550199 ", "custom:team": "red" })).toEqual({
      phone_number: "+15555550199",
    });
  });

  it("sends an emptied attribute as an empty string, and nothing for read-only ones", () => {
    expect(changedAttributes(attributes, { "custom:team": "  ", "custom:id": "43" })).toEqual({ "custom:team": "" });
  });

  it("sends nothing when nothing changed (the core says so)", () => {
    expect(changedAttributes(attributes, {})).toEqual({});
  });
});

describe("unverified", () => {
  it("lists the email address and phone number with a value that are not verified", () => {
    expect(unverified(attributes).map((a) => a.name)).toEqual(["phone_number"]);
    expect(unverified([attribute({ verified: false, value: "" }), team])).toEqual([]);
  });
});

describe("errorSection", () => {
  const who = user({ attributes });

  it("puts nothing at a form when the error is next to a field", () => {
    expect(errorSection(failure("invalidPhone", { field: "attribute", attribute: "phone_number" }), who, "attributes")).toBeNull();
    expect(errorSection(failure("codeMismatch", { field: "code", attribute: "phone_number" }), who, null)).toBeNull();
    expect(errorSection(failure("incorrectCredentials", { field: "currentPassword" }), who, "password")).toBeNull();
    expect(errorSection(null, who, "password")).toBeNull();
  });

  it("puts a devices error at the devices or the prompt while they are on screen, else at the top", () => {
    const device = { key: "eu-west-1_a", name: null, lastSignedInAt: null, remembered: true, current: true };
    expect(errorSection(failure("network"), user({ devices: [device] }), "devices")).toBe("devices");
    expect(errorSection(failure("network"), user(), "devices")).toBe("top");
    expect(errorSection(failure("network"), user({ devicePrompt: true }), "devicePrompt")).toBe("devicePrompt");
    expect(errorSection(failure("network"), user(), "devicePrompt")).toBe("top");
  });

  it("puts a field-less error at the form last used, else at the top", () => {
    expect(errorSection(failure("nothingChanged"), who, "attributes")).toBe("attributes");
    expect(errorSection(failure("limitExceeded"), who, "verify:phone_number")).toBe("verify:phone_number");
    expect(errorSection(failure("sessionEnded"), who, null)).toBe("top");
  });

  it("puts an error about a read-only attribute or a gone verification at a form", () => {
    expect(errorSection(failure("unknownAttribute", { field: "attribute", attribute: "custom:id" }), who, "attributes")).toBe("attributes");
    expect(errorSection(failure("network"), user(), "verify:phone_number")).toBe("top");
    expect(errorSection(failure("codeMismatch", { field: "code", attribute: "email" }), who, "verify:email")).toBe("top");
  });
});
