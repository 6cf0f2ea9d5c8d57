import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import ConfirmSignIn from "./ConfirmSignIn.svelte";
import { failure, mockBackend, signedIn, view } from "../test/backend";
import type { CodeDelivery, MfaMethod } from "../bindings";

const delivery: CodeDelivery = { medium: "SMS", destination: "+*******4567", attribute: "phone_number" };
const props = (method: MfaMethod, extra = {}) => {
  const shown = method === "sms" ? delivery : null;
  return { view: view({ kind: "confirmSignIn", username: "ivy", method, delivery: shown }, extra), method, delivery: shown };
};

describe("ConfirmSignIn", () => {
  it("says where an SMS code went and focuses the code field", async () => {
    mockBackend();
    const { container } = render(ConfirmSignIn, props("sms"));
    expect(container.querySelector('[data-screen="confirmSignIn"]')).toHaveTextContent("Enter the code we texted to +*******4567");
    const code = screen.getByLabelText("Code");
    expect(code).toHaveAttribute("name", "code");
    expect(code).toHaveAttribute("inputmode", "numeric");
    expect(code).toHaveAttribute("autocomplete", "one-time-code");
    await waitFor(() => expect(code).toHaveFocus());
  });

  it("asks for the authenticator app's code for TOTP", () => {
    mockBackend();
    const { container } = render(ConfirmSignIn, props("totp"));
    expect(container).toHaveTextContent("Enter the code from your authenticator app");
  });

  it("sends confirm_sign_in with the code, trimmed, on Enter", async () => {
    const backend = mockBackend({ confirm_sign_in: () => view(signedIn()) });
    render(ConfirmSignIn, props("totp"));
    await userEvent.type(screen.getByLabelText("Code"), " 654321 {Enter}");
    await waitFor(() => expect(backend.calls).toEqual([{ command: "confirm_sign_in", args: { code: "654321" } }]));
  });

  it("shows a wrong code next to the field and an expired challenge at the form", async () => {
    mockBackend();
    const wrong = failure("codeMismatch", { field: "code" });
    const { container, rerender } = render(ConfirmSignIn, props("sms", { error: wrong }));
    expect(container.querySelector('[data-error-for="code"]')).toHaveTextContent("Invalid verification code provided");
    expect(container.querySelector('[data-error="form"]')).toBeNull();
    await rerender(props("sms", { error: failure("challengeExpired") }));
    expect(container.querySelector('[data-error="form"]')).toHaveTextContent("The sign-in took too long");
  });

  it("is busy while the core is busy", () => {
    mockBackend();
    const { container } = render(ConfirmSignIn, props("sms", { busy: true }));
    expect(container.querySelector("form")).toHaveAttribute("aria-busy", "true");
    expect(container.querySelector('[data-action="confirm-sign-in"]')).toBeDisabled();
    expect(screen.getByLabelText("Code")).toBeDisabled();
  });

  it("goes back to sign-in", async () => {
    const backend = mockBackend({ show_sign_in: () => view({ kind: "signIn", username: "ivy", usernameField: "username" }) });
    const { container } = render(ConfirmSignIn, props("totp"));
    await userEvent.click(container.querySelector('[data-action="show-sign-in"]')!);
    await waitFor(() => expect(backend.commands()).toEqual(["show_sign_in"]));
  });
});
