import { render } from "@testing-library/svelte";
import ScreenRouter from "./ScreenRouter.svelte";
import { attribute, forgotPasswordScreen, mockBackend, policy, signedIn, signInScreen, signUpFields, user, view } from "./test/backend";
import type { Screen } from "./bindings";

const setup = { secret: "JBSWY3DPEHPK3PXP", uri: "otpauth://totp/G:f?secret=JBSWY3DPEHPK3PXP", qrSvg: "<svg></svg>", issuer: "G", account: "f" };
const screens: Screen[] = [
  { kind: "starting" },
  { kind: "signIn", username: null, usernameField: "username" },
  { kind: "signUp", form: { fields: signUpFields, policy, usernameField: "username" } },
  { kind: "confirmSignUp", username: "f", delivery: null },
  { kind: "confirmSignIn", username: "f", method: "totp", delivery: null },
  { kind: "selectMfa", username: "f", options: ["sms", "totp"] },
  { kind: "setUpTotp", username: "f", setup, origin: "signIn" },
  { kind: "newPassword", username: "f", requiredAttributes: [], policy },
  { kind: "forgotPassword", username: null, usernameField: "username" },
  { kind: "resetPassword", username: "f", delivery: null, policy },
  signedIn(user({
    attributes: [attribute({ verified: false })],
    mfa: { available: ["sms", "totp"], enabled: [], preferred: null, required: false },
    devicePrompt: true,
    devices: [
      { key: "eu-west-1_a", name: "Laptop", lastSignedInAt: "2026-11-26T09:30:00Z", remembered: true, current: true },
      { key: "eu-west-1_b", name: null, lastSignedInAt: null, remembered: false, current: false },
    ],
  })),
];

describe("ScreenRouter", () => {
  it.each(screens.map((screen) => [screen.kind, screen] as const))("shows exactly the %s screen", (kind, screen) => {
    mockBackend();
    const { container } = render(ScreenRouter, { view: view(screen) });
    const shown = [...container.querySelectorAll("[data-screen]")].map((node) => node.getAttribute("data-screen"));
    expect(shown).toEqual([kind]);
  });

  it.each(screens.map((screen) => [screen.kind, screen] as const))(
    "labels every field of %s and gives each form a submit button",
    (_kind, screen) => {
      mockBackend();
      const { container } = render(ScreenRouter, { view: view(screen) });
      for (const field of container.querySelectorAll<HTMLInputElement>("input, select, textarea")) {
        expect(field.labels?.length, field.name).toBeGreaterThan(0);
      }
      for (const form of container.querySelectorAll("form")) {
        if (form.querySelector("input, select, textarea")) {
          expect(form.querySelector('button[type="submit"]'), form.outerHTML.slice(0, 80)).not.toBeNull();
        }
      }
      const ids = [...container.querySelectorAll("[id]")].map((node) => node.id);
      expect(new Set(ids).size).toBe(ids.length);
    },
  );
});

describe("ScreenRouter and the pool's username attributes", () => {
  it("passes usernameField to the sign-in and forgot-password screens", () => {
    mockBackend();
    const signIn = render(ScreenRouter, { view: view(signInScreen(null, "email")) });
    expect(signIn.getByLabelText("Email")).toHaveAttribute("name", "username");
    signIn.unmount();
    const forgot = render(ScreenRouter, { view: view(forgotPasswordScreen(null, "phoneNumber")) });
    expect(forgot.getByLabelText("Phone number")).toHaveAttribute("name", "username");
  });
});
