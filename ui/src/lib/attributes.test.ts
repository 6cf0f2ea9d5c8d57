import { attributesToSend, emptyValues } from "./attributes";
import { signUpFields } from "../test/backend";

describe("attributesToSend", () => {
  it("starts with one empty value per field", () => {
    expect(emptyValues(signUpFields)).toEqual({ email: "", phone_number: "", "custom:team": "" });
  });

  it("trims values, keeps required ones even empty, and leaves out empty optional ones", () => {
    expect(attributesToSend(signUpFields, { email: "", phone_number: " +15551234567 ", "custom:team": "  " })).toEqual({
      email: "",
      phone_number: "+15551234567",
    });
  });

  it("sends only the attributes the form asks for", () => {
    expect(attributesToSend(signUpFields, { email: "a@example.com", other: "x" })).toEqual({ email: "a@example.com" });
  });
});
